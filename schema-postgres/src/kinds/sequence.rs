//! Sequences: `CREATE SEQUENCE` with its options, `OWNED BY` (what `serial` columns use),
//! `COMMENT ON SEQUENCE`; the steps that create, alter and drop them; their catalog rows.
//! A sequence behind an identity column is the column's, not one of these.

use super::comment::comment_text;
use crate::normalize::rules;
use crate::plan::builder::{sql, Builder};
use crate::plan::graph::{Object, Phase};
use crate::plan::hazard::Hazard;
use crate::render::{Part, Statements, COMMENTS};
use schema_core::diff::Change;
use schema_core::{quote_ident, Schema, SequenceDef, SequenceOptions, SqlType};
use std::fmt::{self, Write};

/// What the plan's graph calls a sequence (`Object::Named`).
pub(crate) const SEQUENCE: &str = "sequence";

/// `CREATE SEQUENCE name [AS type] [INCREMENT BY n] ...`, naming only the options that
/// differ from Postgres's defaults.
pub fn create_sequence(sequence: &SequenceDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "CREATE SEQUENCE {}", sequence.name.to_sql())?;
    options(&sequence.options, out)?;
    out.write_str(";\n")
}

/// The options that differ from Postgres's defaults, each after a space: ` INCREMENT BY 5
/// START WITH 10`. Also the options of an identity column's sequence.
pub(crate) fn options(options: &SequenceOptions, out: &mut impl Write) -> fmt::Result {
    if let Some(ty) = &options.data_type {
        write!(out, " AS {ty}")?;
    }
    let clauses = [
        ("INCREMENT BY", options.increment),
        ("MINVALUE", options.min_value),
        ("MAXVALUE", options.max_value),
        ("START WITH", options.start),
        ("CACHE", options.cache),
    ];
    for (keyword, value) in clauses {
        if let Some(value) = value {
            write!(out, " {keyword} {value}")?;
        }
    }
    if options.cycle {
        out.write_str(" CYCLE")?;
    }
    Ok(())
}

/// `ALTER SEQUENCE name OWNED BY table.column` (or `OWNED BY NONE`).
pub fn sequence_owned_by(sequence: &SequenceDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "ALTER SEQUENCE {} OWNED BY ", sequence.name.to_sql())?;
    match &sequence.owned_by {
        Some(owner) => writeln!(
            out,
            "{}.{};",
            owner.table.to_sql(),
            quote_ident(&owner.column)
        ),
        None => out.write_str("NONE;\n"),
    }
}

/// `COMMENT ON SEQUENCE name IS '...'`, or `IS NULL`.
pub fn comment_on_sequence(sequence: &SequenceDef, out: &mut impl Write) -> fmt::Result {
    write!(out, "COMMENT ON SEQUENCE {} IS ", sequence.name.to_sql())?;
    comment_text(sequence.comment.as_deref(), out)
}

/// Options in canonical form (a catalog row names every option), empty comments gone.
pub(crate) fn normalize(sequence: &mut SequenceDef) {
    rules::comment(&mut sequence.comment);
    sequence.options = sequence.options.canonical();
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::CreateSequence { def } => {
            let mut text = sql(|o| create_sequence(def, o));
            if def.comment.is_some() {
                text.push_str(&sql(|o| comment_on_sequence(def, o)));
            }
            let mut node = Builder::node(Phase::CreateType, change.to_string(), text, &[]);
            node.adds.push(Object::Named(SEQUENCE, &def.name));
            node.uses_new.push(Object::Schema(&def.name.schema));
            let created = b.push(node);
            owner_step(b, change, def, Some(created));
        }
        Change::AlterSequence { from, to } => {
            let mut text = String::new();
            let mut hazards = Vec::new();
            if from.options != to.options {
                // Every option spelled out: what is left out of `ALTER SEQUENCE` keeps its
                // old value, so a return to a default has to be said. `START WITH` only
                // changes what `RESTART` goes back to; the current value is left alone.
                let old = from.options.resolved();
                let new = to.options.resolved();
                let ty = to.options.data_type.clone().unwrap_or(SqlType::BigInt);
                text.push_str(&format!(
                    "ALTER SEQUENCE {} AS {ty} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {};\n",
                    to.name.to_sql(),
                    new.increment,
                    new.min_value,
                    new.max_value,
                    new.start,
                    new.cache,
                    if to.options.cycle { "CYCLE" } else { "NO CYCLE" },
                ));
                // The current value may lie outside narrower bounds or a smaller type.
                if new.min_value > old.min_value || new.max_value < old.max_value {
                    hazards.push(Hazard::MayFailOnExistingData);
                }
            }
            if from.comment != to.comment {
                text.push_str(&sql(|o| comment_on_sequence(to, o)));
            }
            if !text.is_empty() {
                let mut node =
                    Builder::node(Phase::AlterColumn, change.to_string(), text, &hazards);
                node.uses_new.push(Object::Named(SEQUENCE, &to.name));
                b.push(node);
            }
            if from.owned_by != to.owned_by {
                if let Some(owner) = &from.owned_by {
                    // Released before its old column can go, which would take it along.
                    let mut node = Builder::node(
                        Phase::DropTrigger,
                        change.to_string(),
                        format!("ALTER SEQUENCE {} OWNED BY NONE;\n", to.name.to_sql()),
                        &[],
                    );
                    node.uses_old
                        .push(Object::Column(&owner.table, &owner.column));
                    node.uses_new.push(Object::Named(SEQUENCE, &to.name));
                    b.push(node);
                }
                owner_step(b, change, to, None);
            }
        }
        Change::DropSequence { def } => {
            // `IF EXISTS`: a sequence owned by a column goes with it when its table or
            // column is dropped in the same plan.
            let mut node = Builder::node(
                Phase::DropType,
                change.to_string(),
                format!("DROP SEQUENCE IF EXISTS {};\n", def.name.to_sql()),
                &[Hazard::DeletesData],
            );
            node.removes.push(Object::Named(SEQUENCE, &def.name));
            node.uses_old.push(Object::Schema(&def.name.schema));
            b.push(node);
        }
        _ => return false,
    }
    true
}

/// `OWNED BY` once the column exists.
fn owner_step<'a>(
    b: &mut Builder<'a>,
    change: &'a Change,
    def: &'a SequenceDef,
    after: Option<usize>,
) {
    let Some(owner) = &def.owned_by else { return };
    let text = sql(|o| sequence_owned_by(def, o));
    let mut node = Builder::node(Phase::AddConstraint, change.to_string(), text, &[]);
    node.uses_new.push(Object::Named(SEQUENCE, &def.name));
    node.uses_new
        .push(Object::Column(&owner.table, &owner.column));
    node.after.extend(after);
    b.push(node);
}

/// What the engines ask of this kind.
pub(crate) const KIND: super::Kind = super::Kind {
    normalize: |schema| schema.sequences.iter_mut().for_each(normalize),
    render,
    #[cfg(feature = "introspect")]
    read: catalog::read,
    ..super::Kind::steps(steps)
};

/// Created with the types (column defaults call `nextval` on them), given to their owning
/// column once the tables exist.
fn render(schema: &Schema, part: Part, list: &mut Statements) {
    for sequence in &schema.sequences {
        let object = format!("sequence `{}`", sequence.name);
        match part {
            Part::Types => list.push("Sequences", object, |out| create_sequence(sequence, out)),
            Part::AfterTables if sequence.owned_by.is_some() => {
                list.push("Sequences owned by columns", object, |out| {
                    sequence_owned_by(sequence, out)
                });
            }
            Part::Comments if sequence.comment.is_some() => {
                list.push(COMMENTS, object, |out| comment_on_sequence(sequence, out));
            }
            _ => {}
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::filter::not_member;
    use crate::introspect::{IntrospectError, Reader};
    use schema_core::{QualifiedName, SequenceDef, SequenceOptions, SequenceOwner, SqlType};

    pub(crate) struct SequenceRow {
        schema: String,
        name: String,
        data_type: String,
        start: i64,
        increment: i64,
        max_value: i64,
        min_value: i64,
        cache: i64,
        cycle: bool,
        owner_schema: Option<String>,
        owner_table: Option<String>,
        owner_column: Option<String>,
        comment: Option<String>,
    }

    /// Every sequence but those of identity columns (`deptype 'i'`); a `serial` column's
    /// sequence (`deptype 'a'`) is read with its owner.
    pub(crate) fn sequences_query() -> String {
        format!(
            "
SELECT n.nspname::text, c.relname::text, pg_catalog.format_type(s.seqtypid, NULL),
       s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle,
       tn.nspname::text, t.relname::text, a.attname::text, (SELECT ds.description FROM pg_catalog.pg_description ds
        WHERE ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
          AND ds.objsubid = 0)
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_depend d
  ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a'
LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE n.nspname = ANY($1) AND {}
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend i
    WHERE i.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND i.objid = c.oid
      AND i.deptype = 'i')
ORDER BY 1, 2",
            not_member("pg_catalog.pg_class", "c.oid")
        )
    }

    impl SequenceRow {
        pub(crate) fn from_row(row: &postgres::Row) -> Self {
            SequenceRow {
                schema: row.get(0),
                name: row.get(1),
                data_type: row.get(2),
                start: row.get(3),
                increment: row.get(4),
                max_value: row.get(5),
                min_value: row.get(6),
                cache: row.get(7),
                cycle: row.get(8),
                owner_schema: row.get(9),
                owner_table: row.get(10),
                owner_column: row.get(11),
                comment: row.get(12),
            }
        }
    }

    /// Reads every sequence of the schemas read.
    pub(crate) fn read(reader: &mut Reader<'_, '_>) -> Result<(), IntrospectError> {
        let rows = reader.in_namespaces("reading sequences", &sequences_query())?;
        let sequences = rows.iter().map(|row| sequence(SequenceRow::from_row(row)));
        reader.schema.sequences.extend(sequences);
        Ok(())
    }

    /// What a catalog row becomes, options in canonical form.
    pub(crate) fn sequence(row: SequenceRow) -> SequenceDef {
        let options = SequenceOptions {
            data_type: Some(SqlType::parse(&row.data_type)),
            increment: Some(row.increment),
            min_value: Some(row.min_value),
            max_value: Some(row.max_value),
            start: Some(row.start),
            cache: Some(row.cache),
            cycle: row.cycle,
        };
        let owned_by = match (row.owner_schema, row.owner_table, row.owner_column) {
            (Some(schema), Some(table), Some(column)) => Some(SequenceOwner {
                table: QualifiedName::new(schema, table),
                column,
            }),
            _ => None,
        };
        SequenceDef {
            name: QualifiedName::new(row.schema, row.name),
            options: options.canonical(),
            owned_by,
            comment: row.comment,
        }
    }
}
