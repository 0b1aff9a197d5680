//! What every kind's plan steps are made with: the [`Builder`] that collects the steps
//! (each with its SQL, hazards, whether it may run in a transaction, and the objects it
//! touches, for the ordering in `graph`), the lookups of both schemas, and the helpers
//! that find what an expression needs.

use super::graph::{Node, Object, Phase};
use super::hazard::Hazard;
use super::options::PlanOptions;
use super::problem::Problem;
use crate::sql::{identifiers, string_constants};
use schema_core::diff::Change;
use schema_core::{
    quote_ident, Column, DefaultValue, QualifiedName, Schema, SqlType, TableDef,
    MAX_IDENTIFIER_BYTES,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

/// A step before ordering.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) description: String,
    pub(crate) sql: String,
    pub(crate) hazards: Vec<Hazard>,
    pub(crate) transactional: bool,
    /// Steps with the same key that end up next to each other are merged into one, so
    /// that a policy dropped and created again is never missing between two steps.
    pub(crate) merge_key: Option<(QualifiedName, String)>,
}

/// Which side of the diff an object is looked up in.
#[derive(Clone, Copy)]
pub(crate) enum Side {
    Old,
    New,
}

pub(crate) struct Lookup<'a> {
    pub(crate) tables: HashMap<&'a QualifiedName, &'a TableDef>,
    /// Tables and views.
    pub(crate) tables_by_name: HashMap<&'a str, Vec<&'a QualifiedName>>,
    pub(crate) enums_by_name: HashMap<&'a str, Vec<&'a QualifiedName>>,
    pub(crate) functions_by_name: HashMap<&'a str, Vec<&'a QualifiedName>>,
    pub(crate) sequences_by_name: HashMap<&'a str, Vec<&'a QualifiedName>>,
    /// Domains and composite types by the type name columns use.
    pub(crate) types_by_sql: HashMap<String, &'a QualifiedName>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(schema: &'a Schema) -> Self {
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
        for view in &schema.views {
            tables_by_name
                .entry(&view.name.name)
                .or_default()
                .push(&view.name);
        }
        let mut functions_by_name: HashMap<&str, Vec<&QualifiedName>> = HashMap::new();
        for function in &schema.functions {
            functions_by_name
                .entry(&function.name.name)
                .or_default()
                .push(&function.name);
        }
        // SQL calls an aggregate as it calls a function.
        for aggregate in &schema.aggregates {
            functions_by_name
                .entry(&aggregate.name.name)
                .or_default()
                .push(&aggregate.name);
        }
        let mut sequences_by_name: HashMap<&str, Vec<&QualifiedName>> = HashMap::new();
        for sequence in &schema.sequences {
            sequences_by_name
                .entry(&sequence.name.name)
                .or_default()
                .push(&sequence.name);
        }
        // Objects kept as definition text that SQL names like structural ones: range
        // types, window functions and procedures, foreign tables.
        for object in &schema.opaque {
            let Some(name) = &object.name else { continue };
            if object.is_routine() {
                functions_by_name.entry(&name.name).or_default().push(name);
            } else if object.is_relation() {
                tables_by_name.entry(&name.name).or_default().push(name);
            }
        }
        let opaque_types = schema
            .opaque
            .iter()
            .filter_map(|o| Some((o.sql_type()?.to_string(), o.name.as_ref()?)));
        let types_by_sql = schema
            .domains
            .iter()
            .map(|d| (d.sql_type().to_string(), &d.name))
            .chain(
                schema
                    .composites
                    .iter()
                    .map(|c| (c.sql_type().to_string(), &c.name)),
            )
            .chain(opaque_types)
            .collect();
        Lookup {
            tables: schema.tables.iter().map(|t| (&t.name, t)).collect(),
            tables_by_name,
            enums_by_name,
            functions_by_name,
            sequences_by_name,
            types_by_sql,
        }
    }
}

/// Builds the unordered steps of a plan.
pub(crate) struct Builder<'a> {
    pub(crate) options: &'a PlanOptions,
    pub(crate) old_schema: &'a Schema,
    pub(crate) new_schema: &'a Schema,
    pub(crate) old: Lookup<'a>,
    pub(crate) new: Lookup<'a>,
    /// Tables this plan creates: empty, so nothing on them needs an online form.
    pub(crate) created: HashSet<&'a QualifiedName>,
    /// Tables this plan drops.
    pub(crate) dropped: HashSet<&'a QualifiedName>,
    pub(crate) nodes: Vec<Node<'a, Draft>>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) last_enum_value: HashMap<QualifiedName, usize>,
    /// Policies this plan drops and creates again.
    pub(crate) replaced_policies: HashSet<(QualifiedName, String)>,
}

/// Writes one statement (or clause) into a string.
pub(crate) fn sql(write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::new();
    write(&mut out).expect("writing to a String cannot fail");
    out
}

pub(crate) fn alter_table(table: &QualifiedName) -> String {
    format!("ALTER TABLE {}", table.to_sql())
}

pub(crate) fn alter_column(table: &QualifiedName, column: &str) -> String {
    format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        table.to_sql(),
        quote_ident(column)
    )
}

/// An index name in a table's schema, as SQL.
pub(crate) fn index_name(table: &QualifiedName, name: &str) -> String {
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

pub(crate) fn enum_of(ty: &SqlType) -> Option<&QualifiedName> {
    match ty.element() {
        SqlType::Enum(name) => Some(name),
        _ => None,
    }
}

/// Sorted, without repeats.
pub(crate) fn hazards(list: &[Hazard]) -> Vec<Hazard> {
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    list
}

impl<'a> Builder<'a> {
    pub(crate) fn new(
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
                Change::CreateTable { def } => {
                    created.insert(&def.name);
                }
                Change::DropTable { def } => {
                    dropped.insert(&def.name);
                }
                _ => {}
            }
        }
        Builder {
            options,
            old_schema: old,
            new_schema: new,
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

    pub(crate) fn lookup(&self, side: Side) -> &Lookup<'a> {
        match side {
            Side::Old => &self.old,
            Side::New => &self.new,
        }
    }

    pub(crate) fn online(&self) -> bool {
        !self.options.offline
    }

    /// A new node; returns its index.
    pub(crate) fn push(&mut self, node: Node<'a, Draft>) -> usize {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    pub(crate) fn node(
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
    pub(crate) fn lock(&self, table: &'a QualifiedName) -> &'static [Hazard] {
        if self.created.contains(table) {
            &[]
        } else {
            &[Hazard::AccessExclusiveLock]
        }
    }

    /// Columns of `table` an expression mentions.
    pub(crate) fn columns_in(
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

    /// Enum types, tables and functions (other than `own`) an expression mentions by name.
    /// Postgres resolves the functions a default, a check, an index expression or a policy
    /// calls when it is created, and refuses to drop them while it exists: they are created
    /// before it and dropped after it.
    pub(crate) fn names_in(
        &self,
        side: Side,
        own: Option<&QualifiedName>,
        ids: &BTreeSet<String>,
    ) -> Vec<Object<'a>> {
        let lookup = self.lookup(side);
        let mut found = Vec::new();
        for id in ids {
            for name in lookup.enums_by_name.get(id.as_str()).into_iter().flatten() {
                found.push(Object::Type(name));
            }
            for name in lookup.tables_by_name.get(id.as_str()).into_iter().flatten() {
                if Some(*name) != own {
                    found.push(Object::Table(name));
                }
            }
            for name in lookup
                .functions_by_name
                .get(id.as_str())
                .into_iter()
                .flatten()
            {
                if Some(*name) != own {
                    found.push(Object::Function(name));
                }
            }
        }
        found
    }

    /// The declared collation a column or domain names, if any (a built-in one needs
    /// nothing).
    pub(crate) fn collation_needs(
        &self,
        side: Side,
        collation: &Option<String>,
    ) -> Vec<Object<'a>> {
        let Some(collation) = collation else {
            return Vec::new();
        };
        let schema = match side {
            Side::Old => self.old_schema,
            Side::New => self.new_schema,
        };
        // Spelled without `public.` there, as a bare name parses.
        let name = QualifiedName::parse(collation);
        schema
            .collations
            .iter()
            .filter(|c| c.name == name)
            .map(|c| Object::Named(crate::kinds::collation::COLLATION, &c.name))
            .collect()
    }

    /// The objects a column definition needs: its enum type, and what its default and
    /// generation expression mention.
    pub(crate) fn column_needs(
        &self,
        side: Side,
        table: &'a QualifiedName,
        column: &'a Column,
    ) -> Vec<Object<'a>> {
        let mut needs = Vec::new();
        if let Some(name) = enum_of(&column.ty) {
            needs.push(Object::Type(name));
        }
        needs.extend(self.user_type(side, &column.ty));
        needs.extend(self.collation_needs(side, &column.collation));
        let mut ids = BTreeSet::new();
        if let Some(DefaultValue::Expression(sql)) = &column.default {
            ids.extend(identifiers(sql));
            needs.extend(self.sequences_in(side, sql));
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
        needs.extend(self.names_in(side, Some(table), &ids));
        needs
    }

    /// The domain or composite type a column type is (or holds in an array).
    pub(crate) fn user_type(&self, side: Side, ty: &SqlType) -> Vec<Object<'a>> {
        match ty.element() {
            SqlType::Custom(text) => self
                .lookup(side)
                .types_by_sql
                .get(text)
                .map(|name| vec![Object::Type(name)])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The sequences an expression names in a string constant, as `nextval('orders_id_seq')`
    /// and `nextval('app.orders_id_seq'::regclass)` do.
    pub(crate) fn sequences_in(&self, side: Side, sql: &str) -> Vec<Object<'a>> {
        let lookup = self.lookup(side);
        let mut found = Vec::new();
        for constant in string_constants(sql) {
            let name = QualifiedName::parse(&constant);
            for candidate in lookup
                .sequences_by_name
                .get(name.name.as_str())
                .into_iter()
                .flatten()
            {
                let qualified = constant.contains('.');
                if !qualified || candidate.schema == name.schema {
                    found.push(Object::Named(crate::kinds::sequence::SEQUENCE, candidate));
                }
            }
        }
        found
    }

    /// What a piece of SQL (a view's query, a `sql` function's body) needs: the tables and
    /// views it names with the columns of theirs it names, its types and functions.
    pub(crate) fn sql_needs(&self, side: Side, own: &QualifiedName, text: &str) -> Vec<Object<'a>> {
        let ids = identifiers(text);
        let mut needs = self.names_in(side, Some(own), &ids);
        let tables: Vec<&'a QualifiedName> = needs
            .iter()
            .filter_map(|o| match o {
                Object::Table(name) => Some(*name),
                _ => None,
            })
            .collect();
        for table in tables {
            needs.extend(self.columns_in(side, table, &ids));
        }
        needs
    }

    pub(crate) fn type_needs(&self, side: Side, ty: &'a SqlType) -> Vec<Object<'a>> {
        let mut needs = self.user_type(side, ty);
        if let Some(name) = enum_of(ty) {
            needs.push(Object::Type(name));
        }
        needs
    }
}

/// `ALTER TABLE/TYPE ... SET SCHEMA` and `RENAME TO`, as far as each is needed.
pub(crate) fn rename_statements(kind: &str, from: &QualifiedName, to: &QualifiedName) -> String {
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
