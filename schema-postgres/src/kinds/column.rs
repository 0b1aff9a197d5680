//! Columns: their definition, default and comment; their normal form; adding, dropping,
//! renaming and altering one (type, default, NOT NULL, identity, comment as one chain of
//! steps); their catalog rows.

use super::comment::comment_text;
use super::sequence;
use crate::literal::quote_literal;
use crate::normalize::rules;
use crate::plan::builder::{alter_column, alter_table, sql, temporary_name, Builder, Draft, Side};
use crate::plan::graph::{Node, Object, Phase};
use crate::plan::hazard::Hazard;
use crate::plan::problem::Problem;
use crate::plan::types::{type_change, TypeChange};
use crate::sql::token::{tokens, Kind};
use crate::sql::{identifiers, needs_parens_as_default};
use schema_core::diff::Change;
use schema_core::{
    quote_ident, Column, Compression, DefaultValue, Identity, IndexTarget, Literal, QualifiedName,
    SequenceOptions, SqlType, Storage,
};
use std::collections::BTreeMap;
use std::fmt::{self, Write};

/// What the engines ask of this kind: the steps of its changes.
pub(crate) const KIND: super::Kind = super::Kind::steps(steps);

/// A column as in `CREATE TABLE` or `ADD COLUMN`: `name type [COMPRESSION method]
/// [COLLATE ...] [NOT NULL] [DEFAULT ... | GENERATED ...]`. Its storage, statistics target
/// and attribute options follow the statement ([`column_settings`]).
pub fn column_definition(column: &Column, out: &mut impl Write) -> fmt::Result {
    write!(out, "{} {}", quote_ident(&column.name), column.ty)?;
    if let Some(compression) = column.compression {
        write!(out, " COMPRESSION {}", compression.as_str())?;
    }
    collate_clause(&column.collation, out)?;
    if !column.nullable {
        out.write_str(" NOT NULL")?;
    }
    if let Some(default) = &column.default {
        out.write_str(" DEFAULT ")?;
        match default {
            DefaultValue::Expression(sql) if needs_parentheses(sql) => write!(out, "({sql})")?,
            _ => default_value(default, out)?,
        }
    }
    if let Some(kind) = column.identity {
        write!(out, " GENERATED {} AS IDENTITY", identity_kind(kind))?;
        identity_options(column, out)?;
    }
    if let Some(expression) = &column.generated {
        write!(out, " GENERATED ALWAYS AS ({expression}) STORED")?;
    }
    Ok(())
}

/// ` COLLATE name`, each part of a qualified name quoted where needed; nothing for the
/// type's default collation.
pub(crate) fn collate_clause(collation: &Option<String>, out: &mut impl Write) -> fmt::Result {
    let Some(name) = collation else {
        return Ok(());
    };
    out.write_str(" COLLATE ")?;
    super::search_path_name(name, out)
}

/// The words of operators Postgres accepts in a full expression (`a_expr`) but not after
/// `DEFAULT` in a column definition, where its grammar takes the restricted `b_expr`.
const NOT_IN_COLUMN_DEFAULT: &[&str] = &[
    "and", "or", "not", "is", "isnull", "notnull", "like", "ilike", "similar", "between", "in",
    "at", "collate", "overlaps",
];

/// Whether a default expression needs parentheses after `DEFAULT` in a column definition:
/// `DEFAULT now() AT TIME ZONE 'utc'` is a syntax error there, `DEFAULT (now() AT TIME ZONE
/// 'utc')` is not. Only such defaults get them, so the usual `DEFAULT now()` reads as
/// written. (`ALTER COLUMN ... SET DEFAULT` takes any expression.)
fn needs_parentheses(expression: &str) -> bool {
    let mut depth = 0usize;
    for token in tokens(expression) {
        match (token.kind, token.text) {
            (Kind::Symbol, "(" | "[") => depth += 1,
            (Kind::Symbol, ")" | "]") => depth = depth.saturating_sub(1),
            (Kind::Word, word)
                if depth == 0
                    && NOT_IN_COLUMN_DEFAULT
                        .iter()
                        .any(|k| word.eq_ignore_ascii_case(k)) =>
            {
                return true
            }
            _ => {}
        }
    }
    false
}

/// ` (START WITH 10 INCREMENT BY 5)` after `AS IDENTITY`, when the column's identity
/// sequence has options other than Postgres's defaults for its type.
fn identity_options(column: &Column, out: &mut impl Write) -> fmt::Result {
    let options = column.canonical_identity_options();
    if options.is_default() {
        return Ok(());
    }
    let mut text = String::new();
    sequence::options(&options, &mut text)?;
    write!(out, " ({})", text.trim_start())
}

/// A default as SQL: an expression verbatim, a text literal quoted, a number as written.
pub fn default_value(default: &DefaultValue, out: &mut impl Write) -> fmt::Result {
    match default {
        DefaultValue::Expression(sql) if needs_parens_as_default(sql) => write!(out, "({sql})"),
        DefaultValue::Expression(sql) => out.write_str(sql),
        DefaultValue::Literal(Literal::Text(text)) => out.write_str(&quote_literal(text)),
        DefaultValue::Literal(Literal::Number(number)) => out.write_str(number),
        DefaultValue::Literal(Literal::Boolean(true)) => out.write_str("true"),
        DefaultValue::Literal(Literal::Boolean(false)) => out.write_str("false"),
    }
}

/// `COMMENT ON COLUMN table.column IS '...'`, or `IS NULL` to remove it.
pub fn comment_on_column(
    table: &QualifiedName,
    column: &str,
    comment: Option<&str>,
    out: &mut impl Write,
) -> fmt::Result {
    write!(
        out,
        "COMMENT ON COLUMN {}.{} IS ",
        table.to_sql(),
        quote_ident(column)
    )?;
    comment_text(comment, out)
}

/// What a new column has beyond its definition, one `ALTER TABLE` each: `SET STORAGE`
/// (which `CREATE TABLE` takes inline only from Postgres 16), `SET STATISTICS` and `SET
/// (n_distinct = ...)`.
pub fn column_settings(
    table: &QualifiedName,
    column: &Column,
    out: &mut impl Write,
) -> fmt::Result {
    let prefix = alter_column(table, &column.name);
    if let Some(storage) = column.storage {
        writeln!(out, "{prefix} SET STORAGE {};", storage.as_str())?;
    }
    if let Some(target) = column.statistics {
        set_statistics(table, &column.name, Some(target), out)?;
    }
    set_attribute_options(&prefix, &BTreeMap::new(), &column.attribute_options(), out)
}

/// `ALTER TABLE ONLY .. SET STATISTICS`, `-1` for the default: `ONLY`, because a partition
/// or child table created after its parent starts from the default, and one altered with
/// its parent would not.
fn set_statistics(
    table: &QualifiedName,
    column: &str,
    target: Option<i32>,
    out: &mut impl Write,
) -> fmt::Result {
    writeln!(
        out,
        "ALTER TABLE ONLY {} ALTER COLUMN {} SET STATISTICS {};",
        table.to_sql(),
        quote_ident(column),
        target.unwrap_or(-1)
    )
}

/// `ALTER COLUMN ... SET STORAGE`: to `storage`, or back to the default of the column's
/// type. Postgres 15 has no `SET STORAGE DEFAULT`, so for a type whose default this crate
/// does not know (a custom type, a domain) the catalog is asked for it.
fn set_storage(
    table: &QualifiedName,
    column: &Column,
    storage: Option<Storage>,
    out: &mut impl Write,
) -> fmt::Result {
    let prefix = alter_column(table, &column.name);
    if let Some(storage) = storage.or_else(|| Storage::default_for(&column.ty)) {
        return writeln!(out, "{prefix} SET STORAGE {};", storage.as_str());
    }
    let (t, c) = (quote_literal(&table.to_sql()), quote_literal(&column.name));
    let lines = [
        "DO $storage$".to_string(),
        "BEGIN".into(),
        format!("    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STORAGE %s', {t}, {c},"),
        "        (SELECT CASE ty.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL'".into(),
        "                WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END".into(),
        "         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid"
            .into(),
        format!("         WHERE a.attrelid = {t}::pg_catalog.regclass AND a.attname = {c}));"),
        "END".into(),
        "$storage$;".into(),
    ];
    writeln!(out, "{}", lines.join("\n"))
}

/// `SET (name = value, ...)` for the options added or changed, `RESET (name, ...)` for
/// those removed.
fn set_attribute_options(
    prefix: &str,
    from: &BTreeMap<String, String>,
    to: &BTreeMap<String, String>,
    out: &mut impl Write,
) -> fmt::Result {
    let set: Vec<String> = to
        .iter()
        .filter(|(name, value)| from.get(*name) != Some(value))
        .map(|(name, value)| format!("{name} = {value}"))
        .collect();
    let reset: Vec<&str> = from
        .keys()
        .filter(|name| !to.contains_key(*name))
        .map(String::as_str)
        .collect();
    if !set.is_empty() {
        writeln!(out, "{prefix} SET ({});", set.join(", "))?;
    }
    if !reset.is_empty() {
        writeln!(out, "{prefix} RESET ({});", reset.join(", "))?;
    }
    Ok(())
}

/// Types as Postgres stores them, defaults typed by the column, expressions in their normal
/// form.
pub(crate) fn normalize(column: &mut Column) {
    rules::comment(&mut column.comment);
    column.ty = rules::column_type(&column.ty);
    rules::collation(&mut column.collation);
    if let Some(value) = column.default.take() {
        column.default = Some(rules::default(value, &column.ty));
    }
    if let Some(generated) = &mut column.generated {
        *generated = rules::expression(generated);
    }
    if column.identity.is_some() {
        column.identity_options = column.canonical_identity_options();
    }
    // Postgres keeps an option's text as written: `0.50` and `0.5` say the same.
    for value in [&mut column.n_distinct, &mut column.n_distinct_inherited]
        .into_iter()
        .flatten()
    {
        if let Ok(number) = value.trim().parse::<f64>() {
            *value = number.to_string();
        }
    }
}

/// The steps for this kind's changes; false for a change of another kind.
pub(crate) fn steps<'a>(b: &mut Builder<'a>, change: &'a Change) -> bool {
    match change {
        Change::AddColumn { table, column } => b.add_column(change, table, column),
        Change::DropColumn { table, column } => {
            let text = format!(
                "{} DROP COLUMN {};\n",
                alter_table(table),
                quote_ident(&column.name)
            );
            // A generated column's values come back when it is added again.
            let loss: &[Hazard] = if column.generated.is_some() {
                &[]
            } else {
                &[Hazard::DeletesData]
            };
            let mut list = loss.to_vec();
            list.extend_from_slice(b.lock(table));
            let mut node = Builder::node(Phase::DropColumn, change.to_string(), text, &list);
            node.removes.push(Object::Column(table, &column.name));
            node.uses_old.push(Object::Table(table));
            node.uses_old
                .extend(b.column_needs(Side::Old, table, column));
            b.push(node);
        }
        Change::RenameColumn { table, from, to } => {
            let text = format!(
                "{} RENAME COLUMN {} TO {};\n",
                alter_table(table),
                quote_ident(from),
                quote_ident(to)
            );
            b.push(Builder::node(
                Phase::Rename,
                format!("rename column `{table}.{from}` to `{to}`"),
                text,
                &[Hazard::AccessExclusiveLock],
            ));
        }
        _ => return false,
    }
    true
}

/// Functions whose value differs per row: a column added with such a default is filled
/// row by row, rewriting the table.
pub(crate) const VOLATILE_FUNCTIONS: &[&str] = &[
    "clock_timestamp",
    "gen_random_bytes",
    "gen_random_uuid",
    "nextval",
    "random",
    "timeofday",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
];

pub(crate) fn is_volatile(default: &DefaultValue) -> bool {
    match default {
        DefaultValue::Literal(_) => false,
        DefaultValue::Expression(sql) => {
            let ids = identifiers(sql);
            VOLATILE_FUNCTIONS.iter().any(|f| ids.contains(*f))
        }
    }
}

pub(crate) fn identity_kind(kind: Identity) -> &'static str {
    match kind {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

impl<'a> Builder<'a> {
    pub(crate) fn add_column(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        column: &'a Column,
    ) {
        let backfill = self.online()
            && !self.created.contains(table)
            && column.identity.is_none()
            && column.generated.is_none()
            && column.default.as_ref().is_some_and(is_volatile);
        if backfill {
            return self.add_column_backfilled(change, table, column);
        }
        let mut text = format!(
            "{} ADD COLUMN {};\n",
            alter_table(table),
            sql(|o| column_definition(column, o))
        );
        text.push_str(&sql(|o| column_settings(table, column, o)));
        if let Some(comment) = &column.comment {
            text.push_str(&sql(|o| {
                comment_on_column(table, &column.name, Some(comment), o)
            }));
        }
        let mut list = self.lock(table).to_vec();
        let filled =
            column.default.is_some() || column.identity.is_some() || column.generated.is_some();
        if !column.nullable && !filled {
            list.push(Hazard::MayFailOnExistingData);
        }
        if column.identity.is_some()
            || column.generated.is_some()
            || column.default.as_ref().is_some_and(is_volatile)
        {
            list.push(Hazard::RewritesTable);
        }
        let mut node = Self::node(Phase::CreateTable, change.to_string(), text, &list);
        node.adds.push(Object::Column(table, &column.name));
        node.uses_new.push(Object::Table(table));
        node.uses_new
            .extend(self.column_needs(Side::New, table, column));
        self.push(node);
    }

    /// A new column whose default is volatile, on a table that has rows: `ADD COLUMN` with
    /// the default would compute it for every row while the table is rewritten under an
    /// ACCESS EXCLUSIVE lock. Online instead: the column is added without it (instant), the
    /// default set for new rows, the existing rows filled in batches that each commit (a
    /// step outside a transaction, safe to run again: it fills only what is still NULL),
    /// then NOT NULL through a validated check.
    fn add_column_backfilled(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        column: &'a Column,
    ) {
        let bare = Column {
            default: None,
            nullable: true,
            ..column.clone()
        };
        let mut text = format!(
            "{} ADD COLUMN {};\n",
            alter_table(table),
            sql(|o| column_definition(&bare, o))
        );
        text.push_str(&sql(|o| column_settings(table, column, o)));
        if let Some(comment) = &column.comment {
            text.push_str(&sql(|o| {
                comment_on_column(table, &column.name, Some(comment), o)
            }));
        }
        let object = format!("column `{table}.{}`", column.name);
        let lock = self.lock(table);
        let mut add = Self::node(
            Phase::CreateTable,
            format!("{change} without its default"),
            text,
            lock,
        );
        add.adds.push(Object::Column(table, &column.name));
        add.uses_new.push(Object::Table(table));
        add.uses_new
            .extend(self.column_needs(Side::New, table, column));
        let add = self.push(add);

        let Some(value) = &column.default else {
            unreachable!("only a column with a volatile default is backfilled")
        };
        let default = sql(|o| default_value(value, o));
        let mut set = Self::node(
            Phase::CreateTable,
            format!("set the default of {object} for new rows"),
            format!(
                "{} SET DEFAULT {default};\n",
                alter_column(table, &column.name)
            ),
            lock,
        );
        set.after.push(add);
        let set = self.push(set);

        let name = quote_ident(&column.name);
        let batch = self.options.backfill_batch.max(1);
        let fill = format!(
            "DO $backfill$\nDECLARE\n    filled bigint;\nBEGIN\n    LOOP\n        UPDATE {t} SET {name} = DEFAULT\n        WHERE ctid = ANY (ARRAY(SELECT ctid FROM {t} WHERE {name} IS NULL LIMIT {batch}));\n        GET DIAGNOSTICS filled = ROW_COUNT;\n        EXIT WHEN filled = 0;\n        COMMIT;\n    END LOOP;\nEND\n$backfill$;\n",
            t = table.to_sql()
        );
        let mut backfill = Self::node(
            Phase::CreateTable,
            format!("fill {object} on the existing rows, {batch} rows per transaction"),
            fill,
            &[Hazard::ScansTable],
        );
        backfill.payload.transactional = false;
        backfill.after.push(set);
        let backfill = self.push(backfill);

        if !column.nullable {
            let mut previous = backfill;
            for mut node in self.column_nullability(table, &column.name, false) {
                node.after.push(previous);
                previous = self.push(node);
            }
        }
    }

    /// Every change of one column, in the order Postgres needs: what blocks a type change
    /// goes first, then the type, NOT NULL, the identity, the comment.
    pub(crate) fn alter_column(
        &mut self,
        table: &'a QualifiedName,
        column: &'a str,
        changes: ColumnChanges,
    ) {
        let old = self
            .old
            .tables
            .get(table)
            .copied()
            .and_then(|t| t.column(column));
        let new = self
            .new
            .tables
            .get(table)
            .copied()
            .and_then(|t| t.column(column));
        let (Some(old), Some(new)) = (old, new) else {
            self.problems.push(Problem {
                object: format!("column `{table}.{column}`"),
                reason: "is changed but missing from one of the schemas".into(),
            });
            return;
        };
        let mut chain: Vec<Node<Draft>> = Vec::new();
        chain.extend(self.stop_generating(table, column, &changes));
        match self.column_type_or_default(table, old, new, &changes) {
            Ok(node) => chain.extend(node),
            Err(reason) => {
                self.problems.push(Problem {
                    object: format!("column `{table}.{column}`"),
                    reason,
                });
                return;
            }
        }
        if let Some(nullable) = changes.nullable {
            chain.extend(self.column_nullability(table, column, nullable));
        }
        chain.extend(self.column_identity(table, new, changes.identity));
        if let Some((from, to)) = &changes.identity_options {
            chain.extend(self.column_identity_options(table, new, from, to));
        }
        chain.extend(self.column_settings(table, new, &changes));
        if let Some(comment) = &changes.comment {
            let text = sql(|o| comment_on_column(table, column, comment.as_deref(), o));
            chain.push(Self::node(
                Phase::Comment,
                format!("set the comment of column `{table}.{column}`"),
                text,
                &[],
            ));
        }

        let mut previous = None;
        for mut node in chain {
            if let Some(previous) = previous {
                node.after.push(previous);
            }
            node.uses_new.push(Object::Table(table));
            previous = Some(self.push(node));
        }
    }

    /// Dropping the identity or the generation expression: before a type change, which
    /// both would block.
    fn stop_generating(
        &self,
        table: &'a QualifiedName,
        column: &'a str,
        changes: &ColumnChanges,
    ) -> Option<Node<'a, Draft>> {
        let prefix = alter_column(table, column);
        let object = format!("column `{table}.{column}`");
        let lock = self.lock(table);
        let mut pre = String::new();
        if let Some((Some(_), None)) = changes.identity {
            pre.push_str(&format!("{prefix} DROP IDENTITY;\n"));
        }
        if changes.drops_expression {
            pre.push_str(&format!("{prefix} DROP EXPRESSION;\n"));
        }
        (!pre.is_empty()).then(|| {
            Self::node(
                Phase::AlterColumn,
                format!("stop generating values for {object}"),
                pre,
                lock,
            )
        })
    }

    /// The type change (which sets the default again), or else the default change; the
    /// reason when Postgres cannot convert the type.
    fn column_type_or_default(
        &self,
        table: &'a QualifiedName,
        old: &'a Column,
        new: &'a Column,
        changes: &ColumnChanges,
    ) -> Result<Option<Node<'a, Draft>>, String> {
        let column = old.name.as_str();
        let prefix = alter_column(table, column);
        let object = format!("column `{table}.{column}`");
        let lock = self.lock(table);
        let default_sql = |default: &Option<DefaultValue>| match default {
            Some(default) => format!(
                "{prefix} SET DEFAULT {};\n",
                sql(|o| default_value(default, o))
            ),
            None => format!("{prefix} DROP DEFAULT;\n"),
        };
        let collation_only = changes.ty.is_none() && changes.collation;
        let ty = match &changes.ty {
            Some(types) => Some(types.clone()),
            None if changes.collation => Some((old.ty.clone(), new.ty.clone())),
            None => None,
        };
        if let Some((from, to)) = &ty {
            // The same type: no conversion, only the collation and the indexes built on it.
            let cast = match collation_only {
                true => Ok(TypeChange::default()),
                false => type_change(column, from, to),
            };
            match cast {
                Ok(cast) => {
                    let mut text = String::new();
                    // The old default may not convert to the new type by itself.
                    if old.default.is_some() {
                        text.push_str(&format!("{prefix} DROP DEFAULT;\n"));
                    }
                    text.push_str(&format!("{prefix} TYPE {to}"));
                    text.push_str(&sql(|o| collate_clause(&new.collation, o)));
                    if let Some(using) = &cast.using {
                        text.push_str(&format!(" USING {using}"));
                    }
                    text.push_str(";\n");
                    if new.default.is_some() {
                        text.push_str(&default_sql(&new.default));
                    }
                    let mut list = lock.to_vec();
                    if cast.rewrite {
                        list.push(Hazard::RewritesTable);
                    }
                    if cast.may_fail {
                        list.push(Hazard::MayFailOnExistingData);
                    }
                    if cast.lossy {
                        list.push(Hazard::DeletesData);
                    }
                    if changes.collation && self.indexed(table, column) {
                        list.push(Hazard::BuildsIndex);
                    }
                    let description = match collation_only {
                        true => format!("change the collation of {object}"),
                        false => format!("change the type of {object} from `{from}` to `{to}`"),
                    };
                    let mut node = Self::node(Phase::AlterColumn, description, text, &list);
                    let me = Object::Column(table, column);
                    node.removes.push(me.clone());
                    node.adds.push(me);
                    node.uses_old
                        .extend(self.column_needs(Side::Old, table, old));
                    node.uses_new
                        .extend(self.column_needs(Side::New, table, new));
                    Ok(Some(node))
                }
                Err(reason) => Err(reason),
            }
        } else if let Some(default) = &changes.default {
            let mut node = Self::node(
                Phase::AlterColumn,
                format!("set the default of {object}"),
                default_sql(default),
                lock,
            );
            node.uses_new
                .extend(self.column_needs(Side::New, table, new));
            Ok(Some(node))
        } else {
            Ok(None)
        }
    }

    /// `DROP NOT NULL`, or `SET NOT NULL`: online, on a table with rows, behind a check
    /// validated first.
    fn column_nullability(
        &self,
        table: &'a QualifiedName,
        column: &'a str,
        nullable: bool,
    ) -> Vec<Node<'a, Draft>> {
        let prefix = alter_column(table, column);
        let object = format!("column `{table}.{column}`");
        let lock = self.lock(table);
        match nullable {
            true => vec![Self::node(
                Phase::AlterColumn,
                format!("allow NULL in {object}"),
                format!("{prefix} DROP NOT NULL;\n"),
                lock,
            )],
            false if self.online() && !self.created.contains(table) => {
                // A validated CHECK (column IS NOT NULL) lets SET NOT NULL skip its scan,
                // and validating takes a lock that lets reads and writes go on.
                let check = temporary_name(&format!("{}_{column}", table.name), "_not_null");
                let check_sql = quote_ident(&check);
                vec![
                    Self::node(
                        Phase::AlterColumn,
                        format!("forbid NULL in {object}: add a check without validating it"),
                        format!(
                            "{} ADD CONSTRAINT {check_sql} CHECK ({} IS NOT NULL) NOT VALID;\n",
                            alter_table(table),
                            quote_ident(column)
                        ),
                        lock,
                    ),
                    Self::node(
                        Phase::AlterColumn,
                        format!("forbid NULL in {object}: validate the check"),
                        format!("{} VALIDATE CONSTRAINT {check_sql};\n", alter_table(table)),
                        &[Hazard::ScansTable, Hazard::MayFailOnExistingData],
                    ),
                    Self::node(
                        Phase::AlterColumn,
                        format!("forbid NULL in {object}"),
                        format!(
                            "{prefix} SET NOT NULL;\n{} DROP CONSTRAINT {check_sql};\n",
                            alter_table(table)
                        ),
                        lock,
                    ),
                ]
            }
            false => {
                let mut list = lock.to_vec();
                list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
                vec![Self::node(
                    Phase::AlterColumn,
                    format!("forbid NULL in {object}"),
                    format!("{prefix} SET NOT NULL;\n"),
                    &list,
                )]
            }
        }
    }

    /// Making the column an identity column, or changing how it generates.
    fn column_identity(
        &self,
        table: &'a QualifiedName,
        new: &'a Column,
        identity: Option<(Option<Identity>, Option<Identity>)>,
    ) -> Option<Node<'a, Draft>> {
        let column = new.name.as_str();
        let prefix = alter_column(table, column);
        let object = format!("column `{table}.{column}`");
        let lock = self.lock(table);
        match identity {
            Some((None, Some(kind))) => {
                // The sequence starts at its start: move it past the values the column has.
                let options = new.canonical_identity_options();
                let next = if options.is_default() {
                    format!("coalesce(max({}), 0) + 1", quote_ident(column))
                } else {
                    let typed = SequenceOptions {
                        data_type: Some(new.ty.clone()),
                        ..options
                    };
                    let resolved = typed.resolved();
                    let (edge, step) = match resolved.increment > 0 {
                        true => (
                            "greatest",
                            format!("max({}) + {}", quote_ident(column), resolved.increment),
                        ),
                        false => (
                            "least",
                            format!("min({}) + {}", quote_ident(column), resolved.increment),
                        ),
                    };
                    format!(
                        "{edge}(coalesce({step}, {start}), {start})",
                        start = resolved.start
                    )
                };
                let text = format!(
                    "{prefix} ADD GENERATED {} AS IDENTITY{};\nSELECT setval(pg_get_serial_sequence({}, {}), {next}, false) FROM {};\n",
                    identity_kind(kind),
                    sql(|o| identity_options(new, o)),
                    quote_literal(&table.to_sql()),
                    quote_literal(column),
                    table.to_sql()
                );
                let mut list = lock.to_vec();
                list.push(Hazard::ScansTable);
                Some(Self::node(
                    Phase::AlterColumn,
                    format!("make {object} an identity column"),
                    text,
                    &list,
                ))
            }
            Some((Some(_), Some(kind))) => Some(Self::node(
                Phase::AlterColumn,
                format!("set the identity of {object}"),
                format!("{prefix} SET GENERATED {};\n", identity_kind(kind)),
                lock,
            )),
            _ => None,
        }
    }
}

impl<'a> Builder<'a> {
    /// `ALTER COLUMN ... SET INCREMENT BY ... SET NO CYCLE`: the identity sequence's options
    /// that change, each set to its new value (defaults written out, so that an option
    /// going back to its default is reset too). A column that becomes an identity column
    /// gets its options in `ADD GENERATED` instead.
    fn column_identity_options(
        &self,
        table: &'a QualifiedName,
        new: &'a Column,
        from: &SequenceOptions,
        to: &SequenceOptions,
    ) -> Option<Node<'a, Draft>> {
        let old_identity = self
            .old
            .tables
            .get(table)
            .and_then(|t| t.column(&new.name))
            .and_then(|c| c.identity);
        old_identity?;
        let typed = |options: &SequenceOptions| {
            SequenceOptions {
                data_type: Some(new.ty.clone()),
                ..options.clone()
            }
            .resolved()
        };
        let (a, b) = (typed(from), typed(to));
        let mut clauses = Vec::new();
        let mut set = |changed: bool, clause: String| {
            if changed {
                clauses.push(clause);
            }
        };
        set(
            a.increment != b.increment,
            format!("SET INCREMENT BY {}", b.increment),
        );
        set(
            a.min_value != b.min_value,
            format!("SET MINVALUE {}", b.min_value),
        );
        set(
            a.max_value != b.max_value,
            format!("SET MAXVALUE {}", b.max_value),
        );
        set(a.start != b.start, format!("SET START WITH {}", b.start));
        set(a.cache != b.cache, format!("SET CACHE {}", b.cache));
        let cycle = if to.cycle {
            "SET CYCLE"
        } else {
            "SET NO CYCLE"
        };
        set(from.cycle != to.cycle, cycle.to_string());
        if clauses.is_empty() {
            return None;
        }
        Some(Self::node(
            Phase::AlterColumn,
            format!("set the identity options of column `{table}.{}`", new.name),
            format!(
                "{} {};\n",
                alter_column(table, &new.name),
                clauses.join(" ")
            ),
            self.lock(table),
        ))
    }
}

impl<'a> Builder<'a> {
    /// The column's storage, compression, statistics target and attribute options: after a
    /// type change, which resets the first two. Each changes only the catalog: no rewrite
    /// (values already stored keep their form until they are written again). `SET STORAGE`
    /// and `SET COMPRESSION` lock the table ACCESS EXCLUSIVE, the others SHARE UPDATE
    /// EXCLUSIVE, which lets reads and writes go on.
    fn column_settings(
        &self,
        table: &'a QualifiedName,
        new: &'a Column,
        changes: &ColumnChanges,
    ) -> Vec<Node<'a, Draft>> {
        let prefix = alter_column(table, &new.name);
        let object = format!("column `{table}.{}`", new.name);
        let mut nodes = Vec::new();
        if let Some(storage) = changes.storage {
            let text = sql(|o| set_storage(table, new, storage, o));
            let description = format!("set the storage of {object}");
            nodes.push(Self::node(
                Phase::AlterColumn,
                description,
                text,
                self.lock(table),
            ));
        }
        if let Some(compression) = changes.compression {
            // `SET COMPRESSION` does not reach partitions, which a new partition takes from
            // its parent: each one is set too, once it exists.
            let method = compression.map_or("DEFAULT", |c| c.as_str());
            let mut text = format!("{prefix} SET COMPRESSION {method};\n");
            let mut partitions = self.partitions_of(table);
            let mut uses = Vec::new();
            while let Some(partition) = partitions.pop() {
                let name = &partition.name;
                let statement = alter_column(name, &new.name);
                text.push_str(&format!("{statement} SET COMPRESSION {method};\n"));
                uses.push(Object::Table(name));
                partitions.extend(self.partitions_of(name));
            }
            let description = format!("set the compression of {object}");
            let mut node = Self::node(Phase::AlterColumn, description, text, self.lock(table));
            node.uses_new.extend(uses);
            nodes.push(node);
        }
        if let Some(target) = changes.statistics {
            let text = sql(|o| set_statistics(table, &new.name, target, o));
            let description =
                format!("set the statistics target of {object} (SHARE UPDATE EXCLUSIVE lock)");
            nodes.push(Self::node(Phase::AlterColumn, description, text, &[]));
        }
        if let Some((from, to)) = &changes.options {
            let text = sql(|o| set_attribute_options(&prefix, from, to, o));
            let description =
                format!("set the attribute options of {object} (SHARE UPDATE EXCLUSIVE lock)");
            nodes.push(Self::node(Phase::AlterColumn, description, text, &[]));
        }
        nodes
    }
}

impl Builder<'_> {
    /// Whether an index, primary key or unique constraint of the old `table` has `column`
    /// as a key: changing its collation rebuilds them.
    fn indexed(&self, table: &QualifiedName, column: &str) -> bool {
        let is_column = |c: &String| c == column;
        self.old_schema.table(table).is_some_and(|t| {
            t.primary_key
                .iter()
                .any(|k| k.columns.iter().any(is_column))
                || t.uniques.iter().any(|u| u.columns.iter().any(is_column))
                || t.indexes.iter().any(|i| {
                    i.keys
                        .iter()
                        .any(|k| matches!(&k.target, IndexTarget::Column(c) if c == column))
                })
        })
    }
}

/// What one column's changes amount to, gathered from the separate changes.
#[derive(Default)]
pub(crate) struct ColumnChanges {
    ty: Option<(SqlType, SqlType)>,
    /// The collation changed (planned with the type).
    collation: bool,
    nullable: Option<bool>,
    default: Option<Option<DefaultValue>>,
    identity: Option<(Option<Identity>, Option<Identity>)>,
    identity_options: Option<(SequenceOptions, SequenceOptions)>,
    drops_expression: bool,
    storage: Option<Option<Storage>>,
    compression: Option<Option<Compression>>,
    statistics: Option<Option<i32>>,
    options: Option<(BTreeMap<String, String>, BTreeMap<String, String>)>,
    comment: Option<Option<String>>,
}

impl ColumnChanges {
    /// The column a change alters, for the changes gathered per column.
    pub(crate) fn column(change: &Change) -> Option<(&QualifiedName, &str)> {
        match change {
            Change::AlterColumnType { table, column, .. }
            | Change::SetColumnCollation { table, column, .. }
            | Change::SetColumnNullable { table, column, .. }
            | Change::SetColumnDefault { table, column, .. }
            | Change::SetColumnIdentity { table, column, .. }
            | Change::SetColumnIdentityOptions { table, column, .. }
            | Change::SetColumnGenerated { table, column, .. }
            | Change::SetColumnStorage { table, column, .. }
            | Change::SetColumnCompression { table, column, .. }
            | Change::SetColumnStatistics { table, column, .. }
            | Change::SetColumnOptions { table, column, .. }
            | Change::SetColumnComment { table, column, .. } => Some((table, column.as_str())),
            _ => None,
        }
    }

    /// Adds one change of the column.
    pub(crate) fn add(&mut self, change: &Change) {
        match change {
            Change::AlterColumnType { from, to, .. } => self.ty = Some((from.clone(), to.clone())),
            Change::SetColumnCollation { .. } => self.collation = true,
            Change::SetColumnNullable { nullable, .. } => self.nullable = Some(*nullable),
            Change::SetColumnDefault { default, .. } => self.default = Some(default.clone()),
            Change::SetColumnIdentity { from, to, .. } => self.identity = Some((*from, *to)),
            Change::SetColumnIdentityOptions { from, to, .. } => {
                self.identity_options = Some((from.clone(), to.clone()))
            }
            // A new or changed expression is a drop and add by now (see `dependents`).
            Change::SetColumnGenerated { to: None, .. } => self.drops_expression = true,
            Change::SetColumnGenerated { .. } => {}
            Change::SetColumnStorage { to, .. } => self.storage = Some(*to),
            Change::SetColumnCompression { to, .. } => self.compression = Some(*to),
            Change::SetColumnStatistics { to, .. } => self.statistics = Some(*to),
            Change::SetColumnOptions { from, to, .. } => {
                self.options = Some((from.clone(), to.clone()))
            }
            Change::SetColumnComment { comment, .. } => self.comment = Some(comment.clone()),
            _ => unreachable!("not a change of one column: {change}"),
        }
    }
}

/// Reading this kind back: its catalog query, its rows and what they become.
#[cfg(feature = "introspect")]
pub(crate) mod catalog {
    use crate::introspect::Comments;
    use postgres::types::Oid;
    use schema_core::{
        Column, Compression, Identity, QualifiedName, SequenceOptions, SqlType, Storage,
    };
    use std::collections::{BTreeSet, HashSet};

    pub(crate) struct ColumnRow {
        pub(crate) table: Oid,
        pub(crate) name: String,
        /// `format_type` of the column's type.
        pub(crate) type_text: String,
        /// The enum type of the column (or of its array elements), as schema and name.
        pub(crate) enum_type: Option<(String, String)>,
        pub(crate) is_array: bool,
        pub(crate) not_null: bool,
        /// `a` (always), `d` (by default) or empty.
        pub(crate) identity: String,
        /// `s` (stored) or empty.
        pub(crate) generated: String,
        /// `pg_get_expr` of the default, or of the generation expression.
        pub(crate) expression: Option<String>,
        pub(crate) comment: Option<String>,
        /// Its number (`attnum`), which orders a table's columns.
        pub(crate) number: i16,
        /// The collation, where not the type's default, as `schema.name`.
        pub(crate) collation: Option<String>,
        /// An identity column's sequence: increment, min, max, start, cache, cycle.
        pub(crate) identity_sequence: Option<(i64, i64, i64, i64, i64, bool)>,
        /// `attstorage`, where not the type's `typstorage`.
        pub(crate) storage: Option<String>,
        /// `attcompression`, where set.
        pub(crate) compression: Option<String>,
        /// `attstattarget`, where not the default.
        pub(crate) statistics: Option<i32>,
        /// `attoptions`: `name=value` texts.
        pub(crate) options: Option<Vec<String>>,
    }

    // Every column of the relations asked for, in no order (sorted by the reader, which is
    // cheaper): constraints and indexes name their columns by number from these rows
    // ([`ColumnNames`](crate::introspect::ColumnNames)), and those of a table's own,
    // [`ColumnRow::read`] says, become its columns.
    /// `attislocal` in a row of [`COLUMNS`].
    const COLUMN_IS_LOCAL: usize = 18;
    /// Whether the column has privileges of its own, in a row of [`COLUMNS`].
    const COLUMN_HAS_PRIVILEGES: usize = 19;
    /// `attnum` in a row of [`COLUMNS`].
    pub(crate) const COLUMN_NUMBER: usize = 10;

    pub(crate) const COLUMNS: &str = "
SELECT a.attrelid, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
       en.nspname::text, e.typname::text, t.typcategory = 'A',
       a.attnotnull, a.attidentity::text, a.attgenerated::text,
       -- A default cannot name a column, so it is printed without its table: printing
       -- against the table opens it, which costs more than the rest of this query.
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0, true)
            ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) END,
       a.attnum,
       s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, s.seqcycle,
       CASE WHEN a.attcollation <> t.typcollation THEN (
         SELECT cn.nspname || '.' || co.collname
         FROM pg_catalog.pg_collation co
         JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
         WHERE co.oid = a.attcollation) END,
       a.attislocal, a.attacl IS NOT NULL,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
       NULLIF(a.attcompression::text, '') AS compression,
       -- -1 (NULL from Postgres 17) is the server's default target.
       NULLIF(a.attstattarget, -1)::int4 AS statistics,
       a.attoptions::text[] AS options
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type e
  ON e.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END AND e.typtype = 'e'
LEFT JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
-- Looked up for identity columns alone: joined, the planner hashed all of `pg_depend`.
LEFT JOIN LATERAL (
  SELECT s.* FROM pg_catalog.pg_depend sd
  JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid
  WHERE a.attidentity <> '' AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum
    AND sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND sd.deptype = 'i') s ON true
WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped";

    /// [`COLUMNS`] for the server: `attcompression` appeared in Postgres 14.
    pub(crate) fn columns_query(server_version: i32) -> String {
        if server_version >= 140000 {
            COLUMNS.to_string()
        } else {
            COLUMNS.replace("a.attcompression::text", "NULL::text")
        }
    }

    impl ColumnRow {
        /// Whether the row is a column of its own of a relation in `relations`: a column a
        /// table only inherits (`INHERITS`) is its parent's, read there, and a partition's
        /// are its parent's.
        pub(crate) fn read(row: &postgres::Row, relations: &HashSet<Oid>) -> bool {
            row.get::<_, bool>(COLUMN_IS_LOCAL) && relations.contains(&row.get(0))
        }

        /// Whether the row's column has privileges of its own (`GRANT SELECT (c)`).
        pub(crate) fn has_privileges(row: &postgres::Row) -> bool {
            row.get(COLUMN_HAS_PRIVILEGES)
        }

        /// The row, with its comment from `comments`.
        pub(crate) fn from_row(row: &postgres::Row, comments: &Comments) -> Self {
            let table: Oid = row.get(0);
            let number: i16 = row.get(COLUMN_NUMBER);
            let schema: Option<String> = row.get(3);
            let name: Option<String> = row.get(4);
            ColumnRow {
                table,
                name: row.get(1),
                type_text: row.get(2),
                enum_type: schema.zip(name),
                is_array: row.get(5),
                not_null: row.get(6),
                identity: row.get(7),
                generated: row.get(8),
                expression: row.get(9),
                comment: comments.get(table, number.into()),
                number,
                collation: row.get(17),
                identity_sequence: row.get::<_, Option<i64>>(11).map(|increment| {
                    (
                        increment,
                        row.get(12),
                        row.get(13),
                        row.get(14),
                        row.get(15),
                        row.get(16),
                    )
                }),
                storage: row.get("storage"),
                compression: row.get("compression"),
                statistics: row.get("statistics"),
                options: row.get("options"),
            }
        }
    }

    /// The column type: enums are recognised through the catalog, everything else is parsed
    /// from `format_type`'s text. An enum outside the schemas read is someone else's type and
    /// stays a custom type name.
    pub(crate) fn column_type(row: &ColumnRow, enums: &BTreeSet<QualifiedName>) -> SqlType {
        if let Some((schema, name)) = &row.enum_type {
            let name = QualifiedName::new(schema.clone(), name.clone());
            if enums.contains(&name) {
                let ty = SqlType::Enum(name);
                return if row.is_array {
                    SqlType::Array(Box::new(ty))
                } else {
                    ty
                };
            }
        }
        SqlType::parse(&row.type_text)
    }

    pub(crate) fn column(row: ColumnRow, enums: &BTreeSet<QualifiedName>) -> Column {
        let mut column = Column::new(row.name.clone(), column_type(&row, enums), !row.not_null);
        column.identity = match row.identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        if let Some((increment, min, max, start, cache, cycle)) = row.identity_sequence {
            column.identity_options = SequenceOptions {
                data_type: None,
                increment: Some(increment),
                min_value: Some(min),
                max_value: Some(max),
                start: Some(start),
                cache: Some(cache),
                cycle,
            };
            column.identity_options = column.canonical_identity_options();
        }
        if row.generated.is_empty() {
            column.default = row.expression.map(schema_core::DefaultValue::Expression);
        } else {
            column.generated = row.expression;
        }
        column.comment = row.comment;
        column.collation = row.collation;
        column.storage = row.storage.as_deref().and_then(|code| match code {
            "p" => Some(Storage::Plain),
            "e" => Some(Storage::External),
            "x" => Some(Storage::Extended),
            "m" => Some(Storage::Main),
            _ => None,
        });
        column.compression = row.compression.as_deref().and_then(|code| match code {
            "p" => Some(Compression::Pglz),
            "l" => Some(Compression::Lz4),
            _ => None,
        });
        column.statistics = row.statistics;
        for option in row.options.unwrap_or_default() {
            let Some((name, value)) = option.split_once('=') else {
                continue;
            };
            match name {
                "n_distinct" => column.n_distinct = Some(value.to_string()),
                "n_distinct_inherited" => column.n_distinct_inherited = Some(value.to_string()),
                _ => {}
            }
        }
        column
    }
}
