//! Triggers: `CREATE TRIGGER`, their normal form, the steps that create and drop them, and
//! their catalog rows.

use super::constraint::deferrable_clause;
use crate::literal::quote_literal;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use schema_core::diff::Change;
use schema_core::{quote_ident, Deferrable, QualifiedName, Trigger, TriggerFiring};
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// `CREATE [CONSTRAINT] TRIGGER name timing events ON table [deferrable] [REFERENCING
/// ...] FOR EACH ... [WHEN (...)] EXECUTE FUNCTION f(arguments)`, one clause per line; the
/// arguments are string constants.
pub fn create_trigger(
    table: &QualifiedName,
    trigger: &Trigger,
    out: &mut impl Write,
) -> fmt::Result {
    let constraint = if trigger.constraint.is_some() {
        "CONSTRAINT "
    } else {
        ""
    };
    write!(
        out,
        "CREATE {constraint}TRIGGER {}\n    {} ",
        quote_ident(&trigger.name),
        trigger.timing.as_str()
    )?;
    for (i, event) in trigger.events.iter().enumerate() {
        if i > 0 {
            out.write_str(" OR ")?;
        }
        out.write_str(event.as_str())?;
        if *event == schema_core::TriggerEvent::Update && !trigger.update_of.is_empty() {
            out.write_str(" OF ")?;
            for (i, column) in trigger.update_of.iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                out.write_str(&quote_ident(column))?;
            }
        }
    }
    write!(out, " ON {}", table.to_sql())?;
    match trigger.constraint {
        Some(Deferrable::No) => out.write_str("\n    NOT DEFERRABLE")?,
        Some(deferrable) => {
            out.write_str("\n   ")?;
            deferrable_clause(deferrable, out)?;
        }
        None => {}
    }
    if trigger.old_table.is_some() || trigger.new_table.is_some() {
        out.write_str("\n    REFERENCING")?;
        if let Some(name) = &trigger.old_table {
            write!(out, " OLD TABLE AS {}", quote_ident(name))?;
        }
        if let Some(name) = &trigger.new_table {
            write!(out, " NEW TABLE AS {}", quote_ident(name))?;
        }
    }
    out.write_str(if trigger.for_each_row {
        "\n    FOR EACH ROW"
    } else {
        "\n    FOR EACH STATEMENT"
    })?;
    if let Some(condition) = &trigger.when {
        write!(out, "\n    WHEN ({condition})")?;
    }
    write!(out, "\n    EXECUTE FUNCTION {}(", trigger.function.to_sql())?;
    for (i, argument) in trigger.arguments.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str(&quote_literal(argument))?;
    }
    out.write_str(");\n")?;
    if trigger.firing != TriggerFiring::Origin {
        writeln!(
            out,
            "ALTER TABLE {} {} TRIGGER {};",
            table.to_sql(),
            trigger.firing.as_str(),
            quote_ident(&trigger.name)
        )?;
    }
    if let Some(comment) = &trigger.comment {
        write!(
            out,
            "COMMENT ON TRIGGER {} ON {} IS ",
            quote_ident(&trigger.name),
            table.to_sql()
        )?;
        super::comment::comment_text(Some(comment), out)?;
    }
    Ok(())
}

/// The comment and the `WHEN` condition in their normal form.
pub(crate) fn normalize(trigger: &mut Trigger) {
    rules::comment(&mut trigger.comment);
    if let Some(condition) = &mut trigger.when {
        *condition = rules::expression(condition);
    }
}

/// Postgres's spelling of each trigger's condition, from `printed`, matched by name.
#[cfg(feature = "introspect")]
pub(crate) fn graft(triggers: &mut [Trigger], printed: &[Trigger]) {
    for trigger in triggers {
        if let Some(from) = printed.iter().find(|t| t.name == trigger.name) {
            if trigger.when.is_some() && from.when.is_some() {
                trigger.when.clone_from(&from.when);
            }
        }
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateTrigger { table, trigger } => b.create_trigger(table, trigger),
        Change::DropTrigger { table, trigger } => {
            let mut node = Builder::node(
                Phase::DropTrigger,
                change.to_string(),
                format!(
                    "DROP TRIGGER {} ON {};\n",
                    quote_ident(&trigger.name),
                    table.to_sql()
                ),
                b.lock(table),
            );
            node.removes.push(Object::Trigger(table, &trigger.name));
            node.uses_old.push(Object::Table(table));
            node.uses_old.push(Object::Function(&trigger.function));
            b.push(node);
        }
        _ => return false,
    }
    true
}

impl<'a> Builder<'a> {
    pub(crate) fn create_trigger(&mut self, table: &'a QualifiedName, trigger: &'a Trigger) {
        let text = sql(|o| create_trigger(table, trigger, o));
        let mut node = Self::node(
            Phase::CreateTrigger,
            format!("create trigger `{}` on `{table}`", trigger.name),
            text,
            self.lock(table),
        );
        node.adds.push(Object::Trigger(table, &trigger.name));
        node.uses_new.push(Object::Table(table));
        node.uses_new.push(Object::Function(&trigger.function));
        node.uses_new.extend(
            trigger
                .update_of
                .iter()
                .map(|column| Object::Column(table, column)),
        );
        self.push(node);
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::sql::find_top_level;
    use postgres::types::Oid;
    use schema_core::{
        Deferrable, QualifiedName, Trigger, TriggerEvent, TriggerFiring, TriggerTiming,
    };

    pub(crate) struct TriggerRow {
        pub(crate) relation: Oid,
        pub(crate) name: String,
        /// `tgtype` bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate,
        /// 64 instead of.
        pub(crate) kind: i32,
        pub(crate) update_of: Vec<String>,
        pub(crate) function: (String, String),
        pub(crate) arguments: Vec<u8>,
        pub(crate) definition: String,
        pub(crate) is_constraint: bool,
        pub(crate) deferrable: bool,
        pub(crate) initially_deferred: bool,
        pub(crate) old_table: Option<String>,
        pub(crate) new_table: Option<String>,
        /// A constraint trigger `FROM` another table (what foreign keys once were).
        pub(crate) from_table: bool,
        /// `O` (origin, the default), `D` (disabled), `R` (replica), `A` (always).
        pub(crate) enabled: String,
        pub(crate) comment: Option<String>,
    }

    // `tgparentid = 0` leaves out the copies of a partitioned table's row triggers on its
    // partitions.
    pub(crate) const TRIGGERS: &str = "
SELECT t.tgrelid, t.tgname::text, t.tgtype::int4,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(t.tgattr::int2[]) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.num
             ORDER BY k.ord),
       fn.nspname::text, f.proname::text, t.tgargs,
       pg_catalog.pg_get_triggerdef(t.oid, true),
       t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred,
       t.tgoldtable::text, t.tgnewtable::text, t.tgconstrrelid <> 0, t.tgenabled::text,
       (SELECT d.description FROM pg_catalog.pg_description d
        WHERE d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass)
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
WHERE t.tgrelid = ANY($1) AND NOT t.tgisinternal AND t.tgparentid = 0
ORDER BY 1, 2";

    impl TriggerRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            TriggerRow {
                relation: row.get(0),
                name: row.get(1),
                kind: row.get(2),
                update_of: row.get(3),
                function: (row.get(4), row.get(5)),
                arguments: row.get(6),
                definition: row.get(7),
                is_constraint: row.get(8),
                deferrable: row.get(9),
                initially_deferred: row.get(10),
                old_table: row.get(11),
                new_table: row.get(12),
                from_table: row.get(13),
                enabled: row.get(14),
                comment: row.get(15),
            }
        }
    }

    pub(crate) fn trigger(row: TriggerRow) -> Option<Trigger> {
        if row.from_table {
            // Kept as definition text instead (`crate::kinds::opaque`).
            return None;
        }
        let bit = |n: i32| row.kind & n != 0;
        let timing = if bit(64) {
            TriggerTiming::InsteadOf
        } else if bit(2) {
            TriggerTiming::Before
        } else {
            TriggerTiming::After
        };
        let events: Vec<TriggerEvent> = [
            (4, TriggerEvent::Insert),
            (16, TriggerEvent::Update),
            (8, TriggerEvent::Delete),
            (32, TriggerEvent::Truncate),
        ]
        .into_iter()
        .filter(|(b, _)| bit(*b))
        .map(|(_, event)| event)
        .collect();

        // `tgargs` holds each argument followed by a NUL byte.
        let arguments: Vec<String> = row
            .arguments
            .split(|b| *b == 0)
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        let count = arguments.len().saturating_sub(1);
        Some(Trigger {
            name: row.name,
            timing,
            events,
            update_of: row.update_of,
            for_each_row: bit(1),
            when: when_clause(&row.definition),
            function: QualifiedName::new(row.function.0, row.function.1),
            arguments: arguments.into_iter().take(count).collect(),
            constraint: row.is_constraint.then_some(
                match (row.deferrable, row.initially_deferred) {
                    (false, _) => Deferrable::No,
                    (true, false) => Deferrable::InitiallyImmediate,
                    (true, true) => Deferrable::InitiallyDeferred,
                },
            ),
            old_table: row.old_table,
            new_table: row.new_table,
            firing: match row.enabled.as_str() {
                "D" => TriggerFiring::Disabled,
                "R" => TriggerFiring::Replica,
                "A" => TriggerFiring::Always,
                _ => TriggerFiring::Origin,
            },
            comment: row.comment,
        })
    }

    /// The `WHEN (...)` condition of a `pg_get_triggerdef` text, without its parentheses.
    pub(crate) fn when_clause(definition: &str) -> Option<String> {
        let start = find_top_level(definition, " WHEN (")? + " WHEN ".len();
        let end = find_top_level(&definition[start..], " EXECUTE FUNCTION ")? + start;
        let clause = definition[start..end].trim();
        Some(
            clause
                .strip_prefix('(')
                .and_then(|c| c.strip_suffix(')'))
                .unwrap_or(clause)
                .to_string(),
        )
    }
}
