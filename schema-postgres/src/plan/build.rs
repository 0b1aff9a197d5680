//! Changes -> steps: the SQL of each change, its hazards, whether it may run in a
//! transaction, and the objects it touches (for the ordering in `graph`).

use super::expr::identifiers;
use super::graph::{Node, Object, Phase};
use super::types::type_change;
use super::{Hazard, PlanOptions, Problem};
use crate::enum_comment::enum_type_comment;
use crate::literal::quote_literal;
use crate::statement;
use schema_core::diff::{Change, EnumValuePosition};
use schema_core::{
    quote_ident, Check, Column, DefaultValue, EnumDef, ForeignKey, Identity, Index, IndexKey,
    IndexTarget, Policy, QualifiedName, RowLevelSecurity, Schema, SqlType, TableDef,
    MAX_IDENTIFIER_BYTES,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// A step before ordering.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub description: String,
    pub sql: String,
    pub hazards: Vec<Hazard>,
    pub transactional: bool,
    /// Steps with the same key that end up next to each other are merged into one, so
    /// that a policy dropped and created again is never missing between two steps.
    pub merge_key: Option<(QualifiedName, String)>,
}

/// Which side of the diff an object is looked up in.
#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

struct Lookup<'a> {
    tables: HashMap<&'a QualifiedName, &'a TableDef>,
    tables_by_name: HashMap<&'a str, Vec<&'a QualifiedName>>,
    enums_by_name: HashMap<&'a str, Vec<&'a QualifiedName>>,
}

impl<'a> Lookup<'a> {
    fn new(schema: &'a Schema) -> Self {
        let mut tables_by_name: HashMap<&str, Vec<&QualifiedName>> = HashMap::new();
        for table in &schema.tables {
            tables_by_name
                .entry(&table.name.name)
                .or_default()
                .push(&table.name);
        }
        let mut enums_by_name: HashMap<&str, Vec<&QualifiedName>> = HashMap::new();
        for def in &schema.enums {
            enums_by_name
                .entry(&def.name.name)
                .or_default()
                .push(&def.name);
        }
        Lookup {
            tables: schema.tables.iter().map(|t| (&t.name, t)).collect(),
            tables_by_name,
            enums_by_name,
        }
    }
}

/// Builds the unordered steps of a plan.
pub(crate) struct Builder<'a> {
    options: &'a PlanOptions,
    old: Lookup<'a>,
    new: Lookup<'a>,
    /// Tables this plan creates: empty, so nothing on them needs an online form.
    created: HashSet<&'a QualifiedName>,
    /// Tables this plan drops.
    dropped: HashSet<&'a QualifiedName>,
    pub nodes: Vec<Node<'a, Draft>>,
    pub problems: Vec<Problem>,
    last_enum_value: HashMap<QualifiedName, usize>,
    /// Policies this plan drops and creates again.
    replaced_policies: HashSet<(QualifiedName, String)>,
}

/// Writes one statement (or clause) into a string.
fn sql(write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::new();
    write(&mut out).expect("writing to a String cannot fail");
    out
}

fn alter_table(table: &QualifiedName) -> String {
    format!("ALTER TABLE {}", table.to_sql())
}

fn alter_column(table: &QualifiedName, column: &str) -> String {
    format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        table.to_sql(),
        quote_ident(column)
    )
}

/// An index name in a table's schema, as SQL.
fn index_name(table: &QualifiedName, name: &str) -> String {
    QualifiedName::new(table.schema.clone(), name).to_sql()
}

/// `name` with `suffix`, the name cut short so the whole fits Postgres's identifier limit.
pub(crate) fn temporary_name(name: &str, suffix: &str) -> String {
    let mut end = MAX_IDENTIFIER_BYTES
        .saturating_sub(suffix.len())
        .min(name.len());
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{suffix}", &name[..end])
}

/// `CREATE INDEX` made `CONCURRENTLY`: the statement renderer writes the plain form.
fn concurrently(create: String) -> String {
    for prefix in ["CREATE UNIQUE INDEX ", "CREATE INDEX "] {
        if let Some(rest) = create.strip_prefix(prefix) {
            return format!("{prefix}CONCURRENTLY {rest}");
        }
    }
    unreachable!("an index statement starts with CREATE INDEX: {create}")
}

fn enum_of(ty: &SqlType) -> Option<&QualifiedName> {
    match ty.element() {
        SqlType::Enum(name) => Some(name),
        _ => None,
    }
}

/// Functions whose value differs per row: a column added with such a default is filled
/// row by row, rewriting the table.
const VOLATILE_FUNCTIONS: &[&str] = &[
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

fn is_volatile(default: &DefaultValue) -> bool {
    match default {
        DefaultValue::Literal(_) => false,
        DefaultValue::Expression(sql) => {
            let ids = identifiers(sql);
            VOLATILE_FUNCTIONS.iter().any(|f| ids.contains(*f))
        }
    }
}

fn index_identifiers(index: &Index) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for key in &index.keys {
        match &key.target {
            IndexTarget::Column(c) => {
                ids.insert(c.clone());
            }
            IndexTarget::Expression(e) => ids.extend(identifiers(e)),
        }
    }
    ids.extend(index.include.iter().cloned());
    if let Some(predicate) = &index.predicate {
        ids.extend(identifiers(predicate));
    }
    ids
}

fn policy_identifiers(policy: &Policy) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for expression in [&policy.using, &policy.with_check].into_iter().flatten() {
        ids.extend(identifiers(expression));
    }
    ids
}

/// Sorted, without repeats.
fn hazards(list: &[Hazard]) -> Vec<Hazard> {
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    list
}

/// What one column's changes amount to, gathered from the separate changes.
#[derive(Default)]
struct ColumnChanges {
    ty: Option<(SqlType, SqlType)>,
    nullable: Option<bool>,
    default: Option<Option<DefaultValue>>,
    identity: Option<(Option<Identity>, Option<Identity>)>,
    drops_expression: bool,
    comment: Option<Option<String>>,
}

impl<'a> Builder<'a> {
    pub fn new(
        old: &'a Schema,
        new: &'a Schema,
        changes: &'a [Change],
        options: &'a PlanOptions,
    ) -> Self {
        let mut created = HashSet::new();
        let mut dropped = HashSet::new();
        let mut dropped_policies = HashSet::new();
        let mut created_policies = HashSet::new();
        for change in changes {
            match change {
                Change::DropPolicy { table, policy } => {
                    dropped_policies.insert((table.clone(), policy.name.clone()));
                }
                Change::CreatePolicy { table, policy } => {
                    created_policies.insert((table.clone(), policy.name.clone()));
                }
                Change::CreateTable { table } => {
                    created.insert(&table.name);
                }
                Change::DropTable { table } => {
                    dropped.insert(&table.name);
                }
                _ => {}
            }
        }
        Builder {
            options,
            old: Lookup::new(old),
            new: Lookup::new(new),
            created,
            dropped,
            nodes: Vec::new(),
            problems: Vec::new(),
            last_enum_value: HashMap::new(),
            replaced_policies: dropped_policies
                .intersection(&created_policies)
                .cloned()
                .collect(),
        }
    }

    fn lookup(&self, side: Side) -> &Lookup<'a> {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }

    fn online(&self) -> bool {
        !self.options.offline
    }

    /// A new node; returns its index.
    fn push(&mut self, node: Node<'a, Draft>) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn node(
        phase: Phase,
        description: impl Into<String>,
        sql: String,
        hazard_list: &[Hazard],
    ) -> Node<'a, Draft> {
        Node::new(
            phase,
            Draft {
                description: description.into(),
                sql,
                hazards: hazards(hazard_list),
                transactional: true,
                merge_key: None,
            },
        )
    }

    /// The ACCESS EXCLUSIVE hazard, for a statement on a table that has rows.
    fn lock(&self, table: &'a QualifiedName) -> &'static [Hazard] {
        if self.created.contains(table) {
            &[]
        } else {
            &[Hazard::AccessExclusiveLock]
        }
    }

    /// Columns of `table` an expression mentions.
    fn columns_in(
        &self,
        side: Side,
        table: &'a QualifiedName,
        ids: &BTreeSet<String>,
    ) -> Vec<Object<'a>> {
        let Some(def) = self.lookup(side).tables.get(table) else {
            return Vec::new();
        };
        def.columns
            .iter()
            .filter(|c| ids.contains(&c.name))
            .map(|c| Object::Column(table, &c.name))
            .collect()
    }

    /// Enum types and tables (other than `own`) an expression mentions by name.
    fn types_and_tables_in(
        &self,
        side: Side,
        own: Option<&QualifiedName>,
        ids: &BTreeSet<String>,
    ) -> Vec<Object<'a>> {
        let lookup = self.lookup(side);
        let mut found = Vec::new();
        for id in ids {
            for name in lookup.enums_by_name.get(id.as_str()).into_iter().flatten() {
                found.push(Object::Enum(name));
            }
            for name in lookup.tables_by_name.get(id.as_str()).into_iter().flatten() {
                if Some(*name) != own {
                    found.push(Object::Table(name));
                }
            }
        }
        found
    }

    /// The objects a column definition needs: its enum type, and what its default and
    /// generation expression mention.
    fn column_needs(
        &self,
        side: Side,
        table: &'a QualifiedName,
        column: &'a Column,
    ) -> Vec<Object<'a>> {
        let mut needs = Vec::new();
        if let Some(name) = enum_of(&column.ty) {
            needs.push(Object::Enum(name));
        }
        let mut ids = BTreeSet::new();
        if let Some(DefaultValue::Expression(sql)) = &column.default {
            ids.extend(identifiers(sql));
        }
        if let Some(sql) = &column.generated {
            let generated = identifiers(sql);
            needs.extend(
                self.columns_in(side, table, &generated)
                    .into_iter()
                    .filter(|o| !matches!(o, Object::Column(_, c) if c == &column.name)),
            );
            ids.extend(generated);
        }
        needs.extend(self.types_and_tables_in(side, Some(table), &ids));
        needs
    }

    pub fn build(&mut self, changes: &'a [Change]) {
        let mut columns: Vec<((&'a QualifiedName, &'a str), ColumnChanges)> = Vec::new();
        let mut column_slot: HashMap<(&'a QualifiedName, &'a str), usize> = HashMap::new();
        for change in changes {
            let key = match change {
                Change::AlterColumnType { table, column, .. }
                | Change::SetColumnNullable { table, column, .. }
                | Change::SetColumnDefault { table, column, .. }
                | Change::SetColumnIdentity { table, column, .. }
                | Change::SetColumnGenerated { table, column, .. }
                | Change::SetColumnComment { table, column, .. } => (table, column.as_str()),
                other => {
                    self.change(other);
                    continue;
                }
            };
            let slot = *column_slot.entry(key).or_insert_with(|| {
                columns.push((key, ColumnChanges::default()));
                columns.len() - 1
            });
            let gathered = &mut columns[slot].1;
            match change {
                Change::AlterColumnType { from, to, .. } => {
                    gathered.ty = Some((from.clone(), to.clone()))
                }
                Change::SetColumnNullable { nullable, .. } => gathered.nullable = Some(*nullable),
                Change::SetColumnDefault { default, .. } => {
                    gathered.default = Some(default.clone())
                }
                Change::SetColumnIdentity { from, to, .. } => {
                    gathered.identity = Some((*from, *to))
                }
                // A new or changed expression is a drop and add by now (see `dependents`).
                Change::SetColumnGenerated { to: None, .. } => gathered.drops_expression = true,
                Change::SetColumnGenerated { .. } => {}
                Change::SetColumnComment { comment, .. } => {
                    gathered.comment = Some(comment.clone())
                }
                _ => unreachable!(),
            }
        }
        for ((table, column), gathered) in columns {
            self.alter_column(table, column, gathered);
        }
    }

    fn change(&mut self, change: &'a Change) {
        match change {
            Change::CreateSchema { name } => {
                let mut node = Self::node(
                    Phase::CreateSchema,
                    change.to_string(),
                    sql(|o| statement::create_schema(name, o)),
                    &[],
                );
                node.adds.push(Object::Schema(name));
                self.push(node);
            }
            Change::DropSchema { name } => {
                let mut node = Self::node(
                    Phase::DropSchema,
                    change.to_string(),
                    format!("DROP SCHEMA {};\n", quote_ident(name)),
                    &[],
                );
                node.removes.push(Object::Schema(name));
                self.push(node);
            }
            Change::CreateEnum { def } => {
                let mut text = sql(|o| statement::create_enum(def, o));
                if let Some(comment) = enum_type_comment(def) {
                    text.push_str(&sql(|o| {
                        statement::comment_on_type(&def.name, Some(&comment), o)
                    }));
                }
                let mut node = Self::node(Phase::CreateType, change.to_string(), text, &[]);
                node.adds.push(Object::Enum(&def.name));
                node.uses_new.push(Object::Schema(&def.name.schema));
                self.push(node);
            }
            Change::DropEnum { name } => {
                let mut node = Self::node(
                    Phase::DropType,
                    change.to_string(),
                    format!("DROP TYPE {};\n", name.to_sql()),
                    &[],
                );
                node.removes.push(Object::Enum(name));
                node.uses_old.push(Object::Schema(&name.schema));
                self.push(node);
            }
            Change::RenameEnum { from, to } => {
                let text = rename_statements("TYPE", from, to);
                let mut node = Self::node(
                    Phase::Rename,
                    format!("rename enum type `{from}` to `{to}`"),
                    text,
                    &[],
                );
                node.uses_new.push(Object::Schema(&to.schema));
                self.push(node);
            }
            Change::RenameEnumValue { name, from, to } => {
                let text = format!(
                    "ALTER TYPE {} RENAME VALUE {} TO {};\n",
                    name.to_sql(),
                    quote_literal(from),
                    quote_literal(to)
                );
                self.push(Self::node(Phase::Rename, change.to_string(), text, &[]));
            }
            Change::AddEnumValue {
                name,
                label,
                position,
            } => {
                let position = match position {
                    EnumValuePosition::Before(other) => format!(" BEFORE {}", quote_literal(other)),
                    EnumValuePosition::After(other) => format!(" AFTER {}", quote_literal(other)),
                    EnumValuePosition::Last => String::new(),
                };
                let text = format!(
                    "ALTER TYPE {} ADD VALUE {}{position};\n",
                    name.to_sql(),
                    quote_literal(label)
                );
                let mut node = Self::node(Phase::CreateType, change.to_string(), text, &[]);
                // A new value cannot be used in the transaction that adds it.
                node.payload.transactional = false;
                node.adds.push(Object::Enum(name));
                if let Some(&previous) = self.last_enum_value.get(name) {
                    node.after.push(previous);
                }
                let index = self.push(node);
                self.last_enum_value.insert(name.clone(), index);
            }
            Change::RecreateEnum { from, to, removed } => {
                self.recreate_enum(change, from, to, removed)
            }
            Change::SetEnumComment { def } => {
                let comment = enum_type_comment(def);
                let text = sql(|o| statement::comment_on_type(&def.name, comment.as_deref(), o));
                let mut node = Self::node(Phase::Comment, change.to_string(), text, &[]);
                node.uses_new.push(Object::Enum(&def.name));
                self.push(node);
            }
            Change::CreateTable { table } => self.create_table(change, table),
            Change::DropTable { table } => self.drop_table(change, table),
            Change::RenameTable { from, to } => {
                let text = rename_statements("TABLE", from, to);
                let mut node = Self::node(
                    Phase::Rename,
                    format!("rename table `{from}` to `{to}`"),
                    text,
                    &[Hazard::AccessExclusiveLock],
                );
                node.uses_new.push(Object::Schema(&to.schema));
                self.push(node);
            }
            Change::RenameConstraint { table, from, to } => {
                let text = format!(
                    "{} RENAME CONSTRAINT {} TO {};\n",
                    alter_table(table),
                    quote_ident(from),
                    quote_ident(to)
                );
                self.push(Self::node(
                    Phase::Rename,
                    change.to_string(),
                    text,
                    &[Hazard::AccessExclusiveLock],
                ));
            }
            Change::RenameIndex { table, from, to } => {
                let text = format!(
                    "ALTER INDEX {} RENAME TO {};\n",
                    index_name(table, from),
                    quote_ident(to)
                );
                self.push(Self::node(Phase::Rename, change.to_string(), text, &[]));
            }
            Change::SetTableComment { table, comment } => {
                let text = sql(|o| statement::comment_on_table(table, comment.as_deref(), o));
                let mut node = Self::node(Phase::Comment, change.to_string(), text, &[]);
                node.uses_new.push(Object::Table(table));
                self.push(node);
            }
            Change::AddColumn { table, column } => self.add_column(change, table, column),
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
                list.extend_from_slice(self.lock(table));
                let mut node = Self::node(Phase::DropColumn, change.to_string(), text, &list);
                node.removes.push(Object::Column(table, &column.name));
                node.uses_old.push(Object::Table(table));
                node.uses_old
                    .extend(self.column_needs(Side::Old, table, column));
                self.push(node);
            }
            Change::RenameColumn { table, from, to } => {
                let text = format!(
                    "{} RENAME COLUMN {} TO {};\n",
                    alter_table(table),
                    quote_ident(from),
                    quote_ident(to)
                );
                self.push(Self::node(
                    Phase::Rename,
                    format!("rename column `{table}.{from}` to `{to}`"),
                    text,
                    &[Hazard::AccessExclusiveLock],
                ));
            }
            Change::AddPrimaryKey { table, key } => {
                let clause = sql(|o| statement::primary_key_clause(key, o));
                self.add_key(
                    change,
                    table,
                    &key.name,
                    &key.columns,
                    clause,
                    "PRIMARY KEY",
                );
            }
            Change::AddUnique { table, unique } => {
                let clause = sql(|o| statement::unique_clause(unique, o));
                self.add_key(
                    change,
                    table,
                    &unique.name,
                    &unique.columns,
                    clause,
                    "UNIQUE",
                );
            }
            Change::DropPrimaryKey { table, key } => {
                self.drop_key(change, table, &key.name, &key.columns)
            }
            Change::DropUnique { table, unique } => {
                self.drop_key(change, table, &unique.name, &unique.columns)
            }
            Change::AddCheck { table, check } => self.add_check(change, table, check),
            Change::DropCheck { table, check } => {
                let text = format!(
                    "{} DROP CONSTRAINT {};\n",
                    alter_table(table),
                    quote_ident(&check.name)
                );
                let mut node = Self::node(
                    Phase::DropConstraint,
                    change.to_string(),
                    text,
                    self.lock(table),
                );
                node.removes.push(Object::Constraint(table, &check.name));
                let ids = identifiers(&check.expression);
                node.uses_old
                    .extend(self.columns_in(Side::Old, table, &ids));
                node.uses_old
                    .extend(self.types_and_tables_in(Side::Old, Some(table), &ids));
                self.push(node);
            }
            Change::AddForeignKey { table, key } => self.add_foreign_key(change, table, key),
            Change::DropForeignKey { table, key } => {
                self.drop_foreign_key(change.to_string(), table, key)
            }
            Change::CreateIndex { table, index } => {
                self.create_index(change.to_string(), table, index)
            }
            Change::DropIndex { table, index } => self.drop_index(change, table, index),
            Change::ReplaceIndex { table, from, to } => self.replace_index(change, table, from, to),
            Change::SetRowLevelSecurity { table, from, to } => {
                self.row_level_security(change.to_string(), table, *from, *to)
            }
            Change::CreatePolicy { table, policy } => {
                self.create_policy(change.to_string(), table, policy)
            }
            Change::DropPolicy { table, policy } => {
                let text = format!(
                    "DROP POLICY {} ON {};\n",
                    quote_ident(&policy.name),
                    table.to_sql()
                );
                let mut list = vec![Hazard::ChangesAuthorization];
                list.extend_from_slice(self.lock(table));
                let key = (table.clone(), policy.name.clone());
                let replaced = self.replaced_policies.contains(&key);
                // A policy created again is dropped as late as possible, right before what
                // forces its drop, and created again right after.
                let phase = if replaced {
                    Phase::AlterColumn
                } else {
                    Phase::DropPolicy
                };
                let mut node = Self::node(phase, change.to_string(), text, &list);
                node.payload.merge_key = replaced.then_some(key);
                node.removes.push(Object::Policy(table, &policy.name));
                let ids = policy_identifiers(policy);
                node.uses_old.push(Object::Table(table));
                node.uses_old
                    .extend(self.columns_in(Side::Old, table, &ids));
                node.uses_old
                    .extend(self.types_and_tables_in(Side::Old, Some(table), &ids));
                self.push(node);
            }
            Change::AlterPolicy { table, from, to } => self.alter_policy(change, table, from, to),
            Change::AlterColumnType { .. }
            | Change::SetColumnNullable { .. }
            | Change::SetColumnDefault { .. }
            | Change::SetColumnIdentity { .. }
            | Change::SetColumnGenerated { .. }
            | Change::SetColumnComment { .. } => {
                unreachable!("column changes are gathered per column")
            }
        }
    }

    /// Rename the type away, create it anew, convert every column, drop the old one: all in
    /// one transaction, so that nothing sees the type half done.
    fn recreate_enum(
        &mut self,
        change: &'a Change,
        from: &'a EnumDef,
        to: &'a EnumDef,
        removed: &[String],
    ) {
        let old_name = QualifiedName::new(
            to.name.schema.clone(),
            temporary_name(&to.name.name, "__old"),
        );
        let mut text = format!(
            "ALTER TYPE {} RENAME TO {};\n",
            from.name.to_sql(),
            quote_ident(&old_name.name)
        );
        text.push_str(&sql(|o| statement::create_enum(to, o)));
        let mut node_objects = Vec::new();
        let mut rewrites = false;
        let mut tables: Vec<&TableDef> = self.old.tables.values().copied().collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        let is_this = |ty: &SqlType| enum_of(ty) == Some(&to.name);
        for table in tables {
            let Some(new_table) = self.new.tables.get(&table.name) else {
                continue;
            };
            for column in table.columns.iter().filter(|c| is_this(&c.ty)) {
                let Some(new_column) = new_table.column(&column.name).filter(|c| is_this(&c.ty))
                else {
                    continue;
                };
                rewrites = true;
                let prefix = alter_column(&table.name, &column.name);
                if column.default.is_some() {
                    text.push_str(&format!("{prefix} DROP DEFAULT;\n"));
                }
                let via = if matches!(new_column.ty, SqlType::Array(_)) {
                    "text[]"
                } else {
                    "text"
                };
                text.push_str(&format!(
                    "{prefix} TYPE {} USING {}::{via}::{};\n",
                    new_column.ty,
                    quote_ident(&column.name),
                    new_column.ty
                ));
                if let Some(default) = &new_column.default {
                    text.push_str(&format!(
                        "{prefix} SET DEFAULT {};\n",
                        sql(|o| statement::default_value(default, o))
                    ));
                }
                node_objects.push(Object::Column(&table.name, &column.name));
            }
        }
        text.push_str(&format!("DROP TYPE {};\n", old_name.to_sql()));
        if let Some(comment) = enum_type_comment(to) {
            text.push_str(&sql(|o| {
                statement::comment_on_type(&to.name, Some(&comment), o)
            }));
        }
        let mut list = Vec::new();
        if rewrites {
            list.extend([Hazard::RewritesTable, Hazard::AccessExclusiveLock]);
        }
        if !removed.is_empty() {
            list.push(Hazard::MayFailOnExistingData);
        }
        let description = if removed.is_empty() {
            format!("{change}: reorder its values")
        } else {
            format!(
                "{change} without {}",
                removed
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut node = Self::node(Phase::AlterColumn, description, text, &list);
        node.removes.push(Object::Enum(&to.name));
        node.adds.push(Object::Enum(&to.name));
        node.removes.extend(node_objects.iter().cloned());
        node.adds.extend(node_objects);
        self.push(node);
    }

    fn create_table(&mut self, change: &'a Change, table: &'a TableDef) {
        let mut text = sql(|o| statement::create_table(table, o));
        if let Some(comment) = &table.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_table(&table.name, Some(comment), o)
            }));
        }
        for column in &table.columns {
            if let Some(comment) = &column.comment {
                text.push_str(&sql(|o| {
                    statement::comment_on_column(&table.name, &column.name, Some(comment), o)
                }));
            }
        }
        let name = &table.name;
        let mut node = Self::node(Phase::CreateTable, change.to_string(), text, &[]);
        node.adds.push(Object::Table(name));
        node.uses_new.push(Object::Schema(&name.schema));
        for column in &table.columns {
            node.adds.push(Object::Column(name, &column.name));
            node.uses_new
                .extend(self.column_needs(Side::New, name, column));
        }
        let keys = table
            .primary_key
            .iter()
            .map(|k| &k.name)
            .chain(table.uniques.iter().map(|u| &u.name));
        for key in keys {
            node.adds.push(Object::Constraint(name, key));
            node.adds.push(Object::Index(&name.schema, key));
        }
        for check in &table.checks {
            node.adds.push(Object::Constraint(name, &check.name));
            let ids = identifiers(&check.expression);
            node.uses_new
                .extend(self.types_and_tables_in(Side::New, Some(name), &ids));
        }
        self.push(node);
        for key in &table.foreign_keys {
            let description = format!("add foreign key `{}` on table `{name}`", key.name);
            self.add_foreign_key_described(description, name, key);
        }
        for index in &table.indexes {
            self.create_index(
                format!("create index `{}` on table `{name}`", index.name),
                name,
                index,
            );
        }
        for policy in &table.policies {
            self.create_policy(
                format!("create policy `{}` on table `{name}`", policy.name),
                name,
                policy,
            );
        }
        if table.row_level_security != RowLevelSecurity::default() {
            let description = format!("set row-level security of table `{name}`");
            self.row_level_security(
                description,
                name,
                RowLevelSecurity::default(),
                table.row_level_security,
            );
        }
    }

    fn drop_table(&mut self, change: &'a Change, table: &'a TableDef) {
        let name = &table.name;
        // Foreign keys between tables dropped together go first, so that the tables can go
        // in any order, cycles included.
        for key in &table.foreign_keys {
            if &key.references != name && self.dropped.contains(&key.references) {
                let description = format!("drop foreign key `{}` on table `{name}`", key.name);
                self.drop_foreign_key(description, name, key);
            }
        }
        let text = format!("DROP TABLE {};\n", name.to_sql());
        let mut node = Self::node(
            Phase::DropTable,
            change.to_string(),
            text,
            &[Hazard::DeletesData, Hazard::AccessExclusiveLock],
        );
        node.removes.push(Object::Table(name));
        node.uses_old.push(Object::Schema(&name.schema));
        for column in &table.columns {
            node.removes.push(Object::Column(name, &column.name));
            if let Some(e) = enum_of(&column.ty) {
                node.uses_old.push(Object::Enum(e));
            }
        }
        let constraints = table
            .primary_key
            .iter()
            .map(|k| &k.name)
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.checks.iter().map(|c| &c.name))
            .chain(table.foreign_keys.iter().map(|k| &k.name));
        for constraint in constraints {
            node.removes.push(Object::Constraint(name, constraint));
        }
        let indexes = table
            .primary_key
            .iter()
            .map(|k| &k.name)
            .chain(table.uniques.iter().map(|u| &u.name))
            .chain(table.indexes.iter().map(|i| &i.name));
        for index in indexes {
            node.removes.push(Object::Index(&name.schema, index));
        }
        for policy in &table.policies {
            node.removes.push(Object::Policy(name, &policy.name));
        }
        self.push(node);
    }

    fn add_column(&mut self, change: &'a Change, table: &'a QualifiedName, column: &'a Column) {
        let mut text = format!(
            "{} ADD COLUMN {};\n",
            alter_table(table),
            sql(|o| statement::column_definition(column, o))
        );
        if let Some(comment) = &column.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_column(table, &column.name, Some(comment), o)
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

    /// Every change of one column, in the order Postgres needs: what blocks a type change
    /// goes first, then the type, NOT NULL, the identity, the comment.
    fn alter_column(&mut self, table: &'a QualifiedName, column: &'a str, changes: ColumnChanges) {
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
        let prefix = alter_column(table, column);
        let object = format!("column `{table}.{column}`");
        let lock = self.lock(table);
        let mut chain: Vec<Node<Draft>> = Vec::new();

        let mut pre = String::new();
        if let Some((Some(_), None)) = changes.identity {
            pre.push_str(&format!("{prefix} DROP IDENTITY;\n"));
        }
        if changes.drops_expression {
            pre.push_str(&format!("{prefix} DROP EXPRESSION;\n"));
        }
        if !pre.is_empty() {
            chain.push(Self::node(
                Phase::AlterColumn,
                format!("stop generating values for {object}"),
                pre,
                lock,
            ));
        }

        let default_sql = |default: &Option<DefaultValue>| match default {
            Some(default) => format!(
                "{prefix} SET DEFAULT {};\n",
                sql(|o| statement::default_value(default, o))
            ),
            None => format!("{prefix} DROP DEFAULT;\n"),
        };
        if let Some((from, to)) = &changes.ty {
            match type_change(column, from, to) {
                Ok(cast) => {
                    let mut text = String::new();
                    // The old default may not convert to the new type by itself.
                    if old.default.is_some() {
                        text.push_str(&format!("{prefix} DROP DEFAULT;\n"));
                    }
                    text.push_str(&format!("{prefix} TYPE {to}"));
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
                    let description =
                        format!("change the type of {object} from `{from}` to `{to}`");
                    let mut node = Self::node(Phase::AlterColumn, description, text, &list);
                    let me = Object::Column(table, column);
                    node.removes.push(me.clone());
                    node.adds.push(me);
                    node.uses_old
                        .extend(self.column_needs(Side::Old, table, old));
                    node.uses_new
                        .extend(self.column_needs(Side::New, table, new));
                    chain.push(node);
                }
                Err(reason) => {
                    self.problems.push(Problem {
                        object: object.clone(),
                        reason,
                    });
                    return;
                }
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
            chain.push(node);
        }

        match changes.nullable {
            Some(true) => chain.push(Self::node(
                Phase::AlterColumn,
                format!("allow NULL in {object}"),
                format!("{prefix} DROP NOT NULL;\n"),
                lock,
            )),
            Some(false) if self.online() && !self.created.contains(table) => {
                // A validated CHECK (column IS NOT NULL) lets SET NOT NULL skip its scan,
                // and validating takes a lock that lets reads and writes go on.
                let check = temporary_name(&format!("{}_{column}", table.name), "_not_null");
                let check_sql = quote_ident(&check);
                chain.push(Self::node(
                    Phase::AlterColumn,
                    format!("forbid NULL in {object}: add a check without validating it"),
                    format!(
                        "{} ADD CONSTRAINT {check_sql} CHECK ({} IS NOT NULL) NOT VALID;\n",
                        alter_table(table),
                        quote_ident(column)
                    ),
                    lock,
                ));
                chain.push(Self::node(
                    Phase::AlterColumn,
                    format!("forbid NULL in {object}: validate the check"),
                    format!("{} VALIDATE CONSTRAINT {check_sql};\n", alter_table(table)),
                    &[Hazard::ScansTable, Hazard::MayFailOnExistingData],
                ));
                chain.push(Self::node(
                    Phase::AlterColumn,
                    format!("forbid NULL in {object}"),
                    format!(
                        "{prefix} SET NOT NULL;\n{} DROP CONSTRAINT {check_sql};\n",
                        alter_table(table)
                    ),
                    lock,
                ));
            }
            Some(false) => {
                let mut list = lock.to_vec();
                list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
                chain.push(Self::node(
                    Phase::AlterColumn,
                    format!("forbid NULL in {object}"),
                    format!("{prefix} SET NOT NULL;\n"),
                    &list,
                ));
            }
            None => {}
        }

        match changes.identity {
            Some((None, Some(kind))) => {
                // The sequence starts at 1: move it past the values the column has.
                let text = format!(
                    "{prefix} ADD GENERATED {} AS IDENTITY;\nSELECT setval(pg_get_serial_sequence({}, {}), coalesce(max({}), 0) + 1, false) FROM {};\n",
                    identity_kind(kind),
                    quote_literal(&table.to_sql()),
                    quote_literal(column),
                    quote_ident(column),
                    table.to_sql()
                );
                let mut list = lock.to_vec();
                list.push(Hazard::ScansTable);
                chain.push(Self::node(
                    Phase::AlterColumn,
                    format!("make {object} an identity column"),
                    text,
                    &list,
                ));
            }
            Some((Some(_), Some(kind))) => chain.push(Self::node(
                Phase::AlterColumn,
                format!("set the identity of {object}"),
                format!("{prefix} SET GENERATED {};\n", identity_kind(kind)),
                lock,
            )),
            _ => {}
        }

        if let Some(comment) = &changes.comment {
            let text = sql(|o| statement::comment_on_column(table, column, comment.as_deref(), o));
            chain.push(Self::node(
                Phase::Comment,
                format!("set the comment of {object}"),
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

    /// A primary key or unique constraint on a table that has rows: online, its index is
    /// built concurrently first and then attached.
    fn add_key(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        name: &'a str,
        columns: &'a [String],
        clause: String,
        kind: &'a str,
    ) {
        let uses: Vec<Object> = std::iter::once(Object::Table(table))
            .chain(columns.iter().map(|c| Object::Column(table, c)))
            .collect();
        let lock = self.lock(table);
        if self.online() && !self.created.contains(table) {
            let index = Index {
                name: name.to_string(),
                unique: true,
                method: Default::default(),
                keys: columns.iter().map(IndexKey::column).collect(),
                include: Vec::new(),
                predicate: None,
            };
            let create = concurrently(sql(|o| statement::create_index(table, &index, o)));
            let mut build = Self::node(
                Phase::AddConstraint,
                format!("{change}: build its index"),
                create,
                &[Hazard::BuildsIndex, Hazard::MayFailOnExistingData],
            );
            build.payload.transactional = false;
            build.adds.push(Object::Index(&table.schema, name));
            build.uses_new.extend(uses.iter().cloned());
            let build = self.push(build);
            let text = format!(
                "{} ADD CONSTRAINT {} {kind} USING INDEX {};\n",
                alter_table(table),
                quote_ident(name),
                quote_ident(name)
            );
            let mut attach = Self::node(Phase::AddConstraint, change.to_string(), text, lock);
            attach.after.push(build);
            attach.adds.push(Object::Constraint(table, name));
            attach.uses_new.extend(uses);
            self.push(attach);
        } else {
            let text = format!("{} ADD {clause};\n", alter_table(table));
            let mut list = lock.to_vec();
            if !self.created.contains(table) {
                list.extend([Hazard::BuildsIndex, Hazard::MayFailOnExistingData]);
            }
            let mut node = Self::node(Phase::AddConstraint, change.to_string(), text, &list);
            node.adds.push(Object::Constraint(table, name));
            node.adds.push(Object::Index(&table.schema, name));
            node.uses_new.extend(uses);
            self.push(node);
        }
    }

    fn drop_key(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        name: &'a str,
        columns: &'a [String],
    ) {
        let text = format!(
            "{} DROP CONSTRAINT {};\n",
            alter_table(table),
            quote_ident(name)
        );
        let mut node = Self::node(
            Phase::DropConstraint,
            change.to_string(),
            text,
            self.lock(table),
        );
        node.removes.push(Object::Constraint(table, name));
        node.removes.push(Object::Index(&table.schema, name));
        node.uses_old.push(Object::Table(table));
        node.uses_old
            .extend(columns.iter().map(|c| Object::Column(table, c)));
        self.push(node);
    }

    fn add_check(&mut self, change: &'a Change, table: &'a QualifiedName, check: &'a Check) {
        let clause = sql(|o| statement::check_clause(check, o));
        let ids = identifiers(&check.expression);
        let mut uses = vec![Object::Table(table)];
        uses.extend(self.columns_in(Side::New, table, &ids));
        uses.extend(self.types_and_tables_in(Side::New, Some(table), &ids));
        let lock = self.lock(table);
        let nodes = self.validated(change.to_string(), table, &check.name, clause, lock);
        for index in nodes {
            self.nodes[index].uses_new.extend(uses.iter().cloned());
        }
    }

    /// Adds a check or foreign key: online, `NOT VALID` and then validated, so that the
    /// scan does not block writes; on a new table or offline, in one statement. Returns
    /// the nodes, the last one being the one that completes the constraint.
    fn validated(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        name: &'a str,
        clause: String,
        lock: &[Hazard],
    ) -> Vec<usize> {
        let constraint = Object::Constraint(table, name);
        if self.created.contains(table) {
            let mut node = Self::node(
                Phase::AddConstraint,
                description,
                format!("{} ADD {clause};\n", alter_table(table)),
                &[],
            );
            node.adds.push(constraint);
            return vec![self.push(node)];
        }
        if self.online() {
            let add = Self::node(
                Phase::AddConstraint,
                format!("{description} without validating it"),
                format!("{} ADD {clause} NOT VALID;\n", alter_table(table)),
                lock,
            );
            let add = self.push(add);
            let mut validate = Self::node(
                Phase::AddConstraint,
                format!("{description}: validate it"),
                format!(
                    "{} VALIDATE CONSTRAINT {};\n",
                    alter_table(table),
                    quote_ident(name)
                ),
                &[Hazard::ScansTable, Hazard::MayFailOnExistingData],
            );
            validate.after.push(add);
            validate.adds.push(constraint);
            let validate = self.push(validate);
            vec![add, validate]
        } else {
            let mut list = lock.to_vec();
            list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
            let mut node = Self::node(
                Phase::AddConstraint,
                description,
                format!("{} ADD {clause};\n", alter_table(table)),
                &list,
            );
            node.adds.push(constraint);
            vec![self.push(node)]
        }
    }

    /// The primary key or unique constraint a foreign key relies on.
    fn backing_key(&self, side: Side, key: &'a ForeignKey) -> Option<Object<'a>> {
        let target = self.lookup(side).tables.get(&key.references)?;
        let wanted: BTreeSet<&String> = key.referenced_columns.iter().collect();
        let name = target
            .primary_key
            .iter()
            .map(|k| (&k.name, &k.columns))
            .chain(target.uniques.iter().map(|u| (&u.name, &u.columns)))
            .find(|(_, columns)| columns.iter().collect::<BTreeSet<_>>() == wanted)?
            .0;
        Some(Object::Constraint(&key.references, name))
    }

    fn foreign_key_uses(
        &self,
        side: Side,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) -> Vec<Object<'a>> {
        let mut uses = vec![Object::Table(table), Object::Table(&key.references)];
        uses.extend(key.columns.iter().map(|c| Object::Column(table, c)));
        uses.extend(
            key.referenced_columns
                .iter()
                .map(|c| Object::Column(&key.references, c)),
        );
        uses.extend(self.backing_key(side, key));
        uses
    }

    fn add_foreign_key(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) {
        self.add_foreign_key_described(change.to_string(), table, key);
    }

    fn add_foreign_key_described(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) {
        let clause = sql(|o| statement::foreign_key_clause(key, o));
        let uses = self.foreign_key_uses(Side::New, table, key);
        // Adding a foreign key locks both tables against writes (SHARE ROW EXCLUSIVE), not
        // against reads.
        let nodes = self.validated(description, table, &key.name, clause, &[]);
        for index in nodes {
            let node = &mut self.nodes[index];
            node.phase = Phase::AddForeignKey;
            node.uses_new.extend(uses.iter().cloned());
        }
    }

    fn drop_foreign_key(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        key: &'a ForeignKey,
    ) {
        let text = format!(
            "{} DROP CONSTRAINT {};\n",
            alter_table(table),
            quote_ident(&key.name)
        );
        let mut node = Self::node(Phase::DropForeignKey, description, text, self.lock(table));
        node.removes.push(Object::Constraint(table, &key.name));
        node.uses_old
            .extend(self.foreign_key_uses(Side::Old, table, key));
        self.push(node);
    }

    fn index_uses(
        &self,
        side: Side,
        table: &'a QualifiedName,
        index: &'a Index,
    ) -> Vec<Object<'a>> {
        let ids = index_identifiers(index);
        let mut uses = vec![Object::Table(table)];
        uses.extend(self.columns_in(side, table, &ids));
        uses.extend(self.types_and_tables_in(side, Some(table), &ids));
        uses
    }

    fn create_index(&mut self, description: String, table: &'a QualifiedName, index: &'a Index) {
        let plain = sql(|o| statement::create_index(table, index, o));
        let fails: &[Hazard] = if index.unique {
            &[Hazard::MayFailOnExistingData]
        } else {
            &[]
        };
        let mut node = if self.created.contains(table) {
            Self::node(Phase::CreateIndex, description, plain, &[])
        } else if self.online() {
            let mut list = vec![Hazard::BuildsIndex];
            list.extend_from_slice(fails);
            let mut node = Self::node(Phase::CreateIndex, description, concurrently(plain), &list);
            node.payload.transactional = false;
            node
        } else {
            let mut list = vec![Hazard::BuildsIndex];
            list.extend_from_slice(fails);
            Self::node(Phase::CreateIndex, description, plain, &list)
        };
        node.adds.push(Object::Index(&table.schema, &index.name));
        node.uses_new
            .extend(self.index_uses(Side::New, table, index));
        self.push(node);
    }

    fn drop_index(&mut self, change: &'a Change, table: &'a QualifiedName, index: &'a Index) {
        let name = index_name(table, &index.name);
        let mut node = if self.online() {
            let mut node = Self::node(
                Phase::DropIndex,
                change.to_string(),
                format!("DROP INDEX CONCURRENTLY {name};\n"),
                &[],
            );
            node.payload.transactional = false;
            node
        } else {
            Self::node(
                Phase::DropIndex,
                change.to_string(),
                format!("DROP INDEX {name};\n"),
                self.lock(table),
            )
        };
        node.removes.push(Object::Index(&table.schema, &index.name));
        node.uses_old
            .extend(self.index_uses(Side::Old, table, index));
        self.push(node);
    }

    /// Online, the new index is built under a temporary name while the old one still
    /// serves queries, then the old one is dropped and the new one takes its name.
    fn replace_index(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        from: &'a Index,
        to: &'a Index,
    ) {
        let me = Object::Index(&table.schema, &to.name);
        let fails: &[Hazard] = if to.unique {
            &[Hazard::MayFailOnExistingData]
        } else {
            &[]
        };
        if !self.online() {
            let mut text = format!("DROP INDEX {};\n", index_name(table, &from.name));
            text.push_str(&sql(|o| statement::create_index(table, to, o)));
            let mut list = self.lock(table).to_vec();
            list.push(Hazard::BuildsIndex);
            list.extend_from_slice(fails);
            let mut node = Self::node(Phase::CreateIndex, change.to_string(), text, &list);
            node.removes.push(me.clone());
            node.adds.push(me);
            node.uses_old
                .extend(self.index_uses(Side::Old, table, from));
            node.uses_new.extend(self.index_uses(Side::New, table, to));
            self.push(node);
            return;
        }
        let temporary = temporary_name(&to.name, "__new");
        let mut renamed = to.clone();
        renamed.name = temporary.clone();
        let mut list = vec![Hazard::BuildsIndex];
        list.extend_from_slice(fails);
        let mut build = Self::node(
            Phase::CreateIndex,
            format!("{change}: build the new index under a temporary name"),
            concurrently(sql(|o| statement::create_index(table, &renamed, o))),
            &list,
        );
        build.payload.transactional = false;
        build.uses_new.extend(self.index_uses(Side::New, table, to));
        let build = self.push(build);
        let mut drop = Self::node(
            Phase::CreateIndex,
            format!("{change}: drop the old index"),
            format!(
                "DROP INDEX CONCURRENTLY {};\n",
                index_name(table, &from.name)
            ),
            &[],
        );
        drop.payload.transactional = false;
        drop.after.push(build);
        drop.removes.push(me.clone());
        drop.uses_old
            .extend(self.index_uses(Side::Old, table, from));
        let drop = self.push(drop);
        let mut rename = Self::node(
            Phase::CreateIndex,
            format!("{change}: give the new index its name"),
            format!(
                "ALTER INDEX {} RENAME TO {};\n",
                index_name(table, &temporary),
                quote_ident(&to.name)
            ),
            &[],
        );
        rename.after.push(drop);
        rename.adds.push(me);
        self.push(rename);
    }

    fn row_level_security(
        &mut self,
        description: String,
        table: &'a QualifiedName,
        from: RowLevelSecurity,
        to: RowLevelSecurity,
    ) {
        let mut text = String::new();
        if from.enabled != to.enabled {
            if to.enabled {
                text.push_str(&sql(|o| statement::enable_rls(table, o)));
            } else {
                text.push_str(&format!(
                    "{} DISABLE ROW LEVEL SECURITY;\n",
                    alter_table(table)
                ));
            }
        }
        if from.forced != to.forced {
            if to.forced {
                text.push_str(&sql(|o| statement::force_rls(table, o)));
            } else {
                text.push_str(&format!(
                    "{} NO FORCE ROW LEVEL SECURITY;\n",
                    alter_table(table)
                ));
            }
        }
        let mut list = self.lock(table).to_vec();
        if !self.created.contains(table) {
            list.push(Hazard::ChangesAuthorization);
        }
        let mut node = Self::node(Phase::RowLevelSecurity, description, text, &list);
        node.uses_new.push(Object::Table(table));
        // Policies first: switching RLS on before they exist would lock everyone out.
        if let Some(def) = self.new.tables.get(table) {
            for policy in &def.policies {
                node.uses_new.push(Object::Policy(table, &policy.name));
            }
        }
        self.push(node);
    }

    fn policy_uses(
        &self,
        side: Side,
        table: &'a QualifiedName,
        policy: &'a Policy,
    ) -> Vec<Object<'a>> {
        let ids = policy_identifiers(policy);
        let mut uses = vec![Object::Table(table)];
        uses.extend(self.columns_in(side, table, &ids));
        uses.extend(self.types_and_tables_in(side, Some(table), &ids));
        uses
    }

    fn create_policy(&mut self, description: String, table: &'a QualifiedName, policy: &'a Policy) {
        let text = sql(|o| statement::create_policy(table, policy, o));
        let mut list = self.lock(table).to_vec();
        if !self.created.contains(table) {
            list.push(Hazard::ChangesAuthorization);
        }
        let key = (table.clone(), policy.name.clone());
        let replaced = self.replaced_policies.contains(&key);
        let phase = if replaced {
            Phase::AlterColumn
        } else {
            Phase::CreatePolicy
        };
        let mut node = Self::node(phase, description, text, &list);
        node.payload.merge_key = replaced.then_some(key);
        node.adds.push(Object::Policy(table, &policy.name));
        node.uses_new
            .extend(self.policy_uses(Side::New, table, policy));
        self.push(node);
    }

    fn alter_policy(
        &mut self,
        change: &'a Change,
        table: &'a QualifiedName,
        from: &'a Policy,
        to: &'a Policy,
    ) {
        let mut text = format!(
            "ALTER POLICY {} ON {}",
            quote_ident(&to.name),
            table.to_sql()
        );
        if from.roles != to.roles {
            let roles: Vec<String> = if to.roles.is_empty() {
                vec!["PUBLIC".into()]
            } else {
                to.roles
                    .iter()
                    .map(|r| quote_ident(r).into_owned())
                    .collect()
            };
            text.push_str(&format!("\n    TO {}", roles.join(", ")));
        }
        if from.using != to.using {
            if let Some(using) = &to.using {
                text.push_str(&format!("\n    USING ({using})"));
            }
        }
        if from.with_check != to.with_check {
            if let Some(check) = &to.with_check {
                text.push_str(&format!("\n    WITH CHECK ({check})"));
            }
        }
        text.push_str(";\n");
        let mut list = self.lock(table).to_vec();
        list.push(Hazard::ChangesAuthorization);
        let mut node = Self::node(Phase::CreatePolicy, change.to_string(), text, &list);
        node.uses_old
            .extend(self.policy_uses(Side::Old, table, from));
        node.uses_new.extend(self.policy_uses(Side::New, table, to));
        self.push(node);
    }
}

fn identity_kind(kind: Identity) -> &'static str {
    match kind {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

/// `ALTER TABLE/TYPE ... SET SCHEMA` and `RENAME TO`, as far as each is needed.
fn rename_statements(kind: &str, from: &QualifiedName, to: &QualifiedName) -> String {
    let mut text = String::new();
    let mut current = from.clone();
    if from.schema != to.schema {
        text.push_str(&format!(
            "ALTER {kind} {} SET SCHEMA {};\n",
            current.to_sql(),
            quote_ident(&to.schema)
        ));
        current.schema = to.schema.clone();
    }
    if from.name != to.name {
        text.push_str(&format!(
            "ALTER {kind} {} RENAME TO {};\n",
            current.to_sql(),
            quote_ident(&to.name)
        ));
    }
    text
}
