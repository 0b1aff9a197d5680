//! Steps for extensions, roles, domains, composite types, functions, views, triggers,
//! partitions and grants. A child of `build`, sharing its builder.

use super::*;
use crate::render::grant_object;
use schema_core::{
    CompositeDef, DomainDef, Extension, FunctionDef, Grant, GrantObject, Language, Role, Trigger,
    ViewDef,
};

/// Whether `CREATE OR REPLACE FUNCTION` can turn `from` into `to`: Postgres refuses to
/// change the argument types (that would be another function), the argument names, the
/// return type, or to remove an argument's default.
pub(crate) fn replaceable(from: &FunctionDef, to: &FunctionDef) -> bool {
    from.arguments.len() == to.arguments.len()
        && from.returns == to.returns
        && from.arguments.iter().zip(&to.arguments).all(|(a, b)| {
            a.ty == b.ty && a.name == b.name && (a.default.is_none() || b.default.is_some())
        })
}

impl<'a> Builder<'a> {
    /// The domain or composite type a column type is (or holds in an array).
    pub(super) fn user_type(&self, side: Side, ty: &SqlType) -> Vec<Object<'a>> {
        match ty.element() {
            SqlType::Custom(text) => self
                .lookup(side)
                .types_by_sql
                .get(text)
                .map(|name| vec![Object::Enum(name)])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The functions an expression mentions by name.
    pub(super) fn functions_in(&self, side: Side, ids: &BTreeSet<String>) -> Vec<Object<'a>> {
        let lookup = self.lookup(side);
        ids.iter()
            .flat_map(|id| {
                lookup
                    .functions_by_name
                    .get(id.as_str())
                    .into_iter()
                    .flatten()
            })
            .map(|name| Object::Function(name))
            .collect()
    }

    /// What a piece of SQL (a view's query, a `sql` function's body) needs: the tables and
    /// views it names with the columns of theirs it names, its types and functions.
    fn sql_needs(&self, side: Side, own: &QualifiedName, text: &str) -> Vec<Object<'a>> {
        let ids = identifiers(text);
        let mut needs = self.types_and_tables_in(side, Some(own), &ids);
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
        needs.extend(
            self.functions_in(side, &ids)
                .into_iter()
                .filter(|o| !matches!(o, Object::Function(name) if *name == own)),
        );
        needs
    }

    fn type_needs(&self, side: Side, ty: &'a SqlType) -> Vec<Object<'a>> {
        let mut needs = self.user_type(side, ty);
        if let Some(name) = enum_of(ty) {
            needs.push(Object::Enum(name));
        }
        needs
    }

    pub(super) fn object_change(&mut self, change: &'a Change) {
        match change {
            Change::CreateExtension { extension } => self.create_extension(change, extension),
            Change::DropExtension { extension } => {
                let mut node = Self::node(
                    Phase::DropExtension,
                    change.to_string(),
                    format!("DROP EXTENSION {};\n", quote_ident(&extension.name)),
                    &[],
                );
                node.removes.push(Object::Extension(&extension.name));
                self.push(node);
            }
            Change::CreateRole { role } => self.create_role(change, role),
            Change::CreateDomain { def } => self.create_domain(change, def),
            Change::DropDomain { def } => {
                let mut node = Self::node(
                    Phase::DropType,
                    change.to_string(),
                    format!("DROP DOMAIN {};\n", def.name.to_sql()),
                    &[],
                );
                node.removes.push(Object::Enum(&def.name));
                node.uses_old.push(Object::Schema(&def.name.schema));
                self.push(node);
            }
            Change::AlterDomain { from, to } => self.alter_domain(change, from, to),
            Change::CreateComposite { def } => self.create_composite(change, def),
            Change::DropComposite { def } => {
                let mut node = Self::node(
                    Phase::DropType,
                    change.to_string(),
                    format!("DROP TYPE {};\n", def.name.to_sql()),
                    &[],
                );
                node.removes.push(Object::Enum(&def.name));
                node.uses_old.push(Object::Schema(&def.name.schema));
                self.push(node);
            }
            Change::AlterComposite { from, to } => self.alter_composite(change, from, to),
            Change::CreateFunction { def } => self.create_function(change.to_string(), def, None),
            Change::DropFunction { def } => self.drop_function(change.to_string(), def),
            Change::ReplaceFunction { from, to } => {
                if replaceable(from, to) {
                    self.create_function(change.to_string(), to, Some(from));
                } else {
                    self.drop_function(format!("drop function `{}`", from.name), from);
                    self.create_function(format!("create function `{}`", to.name), to, None);
                }
            }
            Change::CreateView { def } => self.create_view(change, def),
            Change::DropView { def } => self.drop_view(change, def),
            Change::CreateTrigger { table, trigger } => self.create_trigger(table, trigger),
            Change::DropTrigger { table, trigger } => {
                let mut node = Self::node(
                    Phase::DropTrigger,
                    change.to_string(),
                    format!(
                        "DROP TRIGGER {} ON {};\n",
                        quote_ident(&trigger.name),
                        table.to_sql()
                    ),
                    self.lock(table),
                );
                node.removes.push(Object::Trigger(table, &trigger.name));
                node.uses_old.push(Object::Table(table));
                node.uses_old.push(Object::Function(&trigger.function));
                self.push(node);
            }
            Change::SetPartitionOf { table, from, to } => match (from, to) {
                (Some(from), Some(to)) => {
                    let mut text = format!(
                        "ALTER TABLE {} DETACH PARTITION {};\n",
                        from.parent.to_sql(),
                        table.to_sql()
                    );
                    text.push_str(&format!(
                        "ALTER TABLE {} ATTACH PARTITION {} {};\n",
                        to.parent.to_sql(),
                        table.to_sql(),
                        sql(|o| statement::partition_bound(&to.bound, o))
                    ));
                    let mut node = Self::node(
                        Phase::AlterColumn,
                        change.to_string(),
                        text,
                        &[
                            Hazard::AccessExclusiveLock,
                            Hazard::ScansTable,
                            Hazard::MayFailOnExistingData,
                        ],
                    );
                    node.uses_old.push(Object::Table(&from.parent));
                    node.uses_new.push(Object::Table(&to.parent));
                    node.uses_new.push(Object::Table(table));
                    self.push(node);
                }
                _ => self.problems.push(Problem {
                    object: change.object(),
                    reason: "cannot become a partition or stop being one in place: its rows have to move; create the new table, copy the rows and drop the old one".into(),
                }),
            },
            Change::Repartition { .. } => self.problems.push(Problem {
                object: change.object(),
                reason: "cannot be partitioned, unpartitioned or partitioned differently in place: its rows have to move; create the new table, copy the rows and drop the old one".into(),
            }),
            Change::Grant { grant } => self.grant(change, grant),
            Change::Revoke { grant } => self.revoke(change, grant),
            _ => unreachable!("handled by `change`: {change}"),
        }
    }

    fn create_extension(&mut self, change: &'a Change, extension: &'a Extension) {
        let mut node = Self::node(
            Phase::CreateExtension,
            change.to_string(),
            sql(|o| statement::create_extension(extension, o)),
            &[],
        );
        node.adds.push(Object::Extension(&extension.name));
        if let Some(schema) = &extension.schema {
            node.uses_new.push(Object::Schema(schema));
        }
        self.push(node);
    }

    fn create_role(&mut self, change: &'a Change, role: &'a Role) {
        let mut text = sql(|o| statement::create_role(role, o));
        if let Some(comment) = &role.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_role(&role.name, Some(comment), o)
            }));
        }
        let mut node = Self::node(Phase::CreateRole, change.to_string(), text, &[]);
        node.adds.push(Object::Role(&role.name));
        for parent in &role.member_of {
            node.uses_new.push(Object::Role(parent));
        }
        self.push(node);
    }

    fn create_domain(&mut self, change: &'a Change, def: &'a DomainDef) {
        let mut text = sql(|o| statement::create_domain(def, o));
        if let Some(comment) = &def.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_domain(&def.name, Some(comment), o)
            }));
        }
        let mut node = Self::node(Phase::CreateType, change.to_string(), text, &[]);
        node.adds.push(Object::Enum(&def.name));
        node.uses_new.push(Object::Schema(&def.name.schema));
        node.uses_new.extend(self.type_needs(Side::New, &def.base));
        self.push(node);
    }

    fn alter_domain(&mut self, change: &'a Change, from: &'a DomainDef, to: &'a DomainDef) {
        if from.base != to.base {
            self.problems.push(Problem {
                object: change.object(),
                reason: format!(
                    "cannot change its base type from `{}` to `{}` in place; create a new domain, move the columns to it and drop this one",
                    from.base, to.base
                ),
            });
            return;
        }
        let name = to.name.to_sql();
        let mut text = String::new();
        let mut list = Vec::new();
        if from.default != to.default {
            match &to.default {
                Some(default) => {
                    let value = sql(|o| statement::default_value(default, o));
                    text.push_str(&format!("ALTER DOMAIN {name} SET DEFAULT {value};\n"));
                }
                None => text.push_str(&format!("ALTER DOMAIN {name} DROP DEFAULT;\n")),
            }
        }
        for check in &from.checks {
            if !to.checks.contains(check) {
                text.push_str(&format!(
                    "ALTER DOMAIN {name} DROP CONSTRAINT {};\n",
                    quote_ident(&check.name)
                ));
            }
        }
        if from.not_null != to.not_null {
            if to.not_null {
                text.push_str(&format!("ALTER DOMAIN {name} SET NOT NULL;\n"));
                list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
            } else {
                text.push_str(&format!("ALTER DOMAIN {name} DROP NOT NULL;\n"));
            }
        }
        for check in &to.checks {
            if !from.checks.contains(check) {
                let constraint = quote_ident(&check.name);
                if self.online() {
                    // Checked for new values at once; existing ones read without a lock
                    // on the columns using the domain.
                    text.push_str(&format!(
                        "ALTER DOMAIN {name} ADD CONSTRAINT {constraint} CHECK ({}) NOT VALID;\n",
                        check.expression
                    ));
                    text.push_str(&format!(
                        "ALTER DOMAIN {name} VALIDATE CONSTRAINT {constraint};\n"
                    ));
                } else {
                    text.push_str(&format!(
                        "ALTER DOMAIN {name} ADD CONSTRAINT {constraint} CHECK ({});\n",
                        check.expression
                    ));
                }
                list.extend([Hazard::ScansTable, Hazard::MayFailOnExistingData]);
            }
        }
        if from.comment != to.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_domain(&to.name, to.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::AlterColumn, change.to_string(), text, &list);
        node.uses_new.push(Object::Enum(&to.name));
        self.push(node);
    }

    fn create_composite(&mut self, change: &'a Change, def: &'a CompositeDef) {
        let mut text = sql(|o| statement::create_composite(def, o));
        if let Some(comment) = &def.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_type(&def.name, Some(comment), o)
            }));
        }
        let mut node = Self::node(Phase::CreateType, change.to_string(), text, &[]);
        node.adds.push(Object::Enum(&def.name));
        node.uses_new.push(Object::Schema(&def.name.schema));
        for attribute in &def.attributes {
            node.uses_new
                .extend(self.type_needs(Side::New, &attribute.ty));
        }
        self.push(node);
    }

    fn alter_composite(
        &mut self,
        change: &'a Change,
        from: &'a CompositeDef,
        to: &'a CompositeDef,
    ) {
        // Attributes can be added at the end only: the order of those kept must stay.
        let kept: Vec<&str> = from
            .attributes
            .iter()
            .filter(|a| to.attributes.iter().any(|b| b.name == a.name))
            .map(|a| a.name.as_str())
            .collect();
        let prefix: Vec<&str> = to
            .attributes
            .iter()
            .take(kept.len())
            .map(|a| a.name.as_str())
            .collect();
        if kept != prefix {
            self.problems.push(Problem {
                object: change.object(),
                reason: "reorders its attributes, which Postgres cannot do in place; add new attributes at the end".into(),
            });
            return;
        }
        let name = to.name.to_sql();
        let mut text = String::new();
        let mut list = Vec::new();
        for attribute in &from.attributes {
            if !to.attributes.iter().any(|a| a.name == attribute.name) {
                text.push_str(&format!(
                    "ALTER TYPE {name} DROP ATTRIBUTE {};\n",
                    quote_ident(&attribute.name)
                ));
                list.push(Hazard::DeletesData);
            }
        }
        for attribute in &to.attributes {
            match from.attributes.iter().find(|a| a.name == attribute.name) {
                None => text.push_str(&format!(
                    "ALTER TYPE {name} ADD ATTRIBUTE {} {};\n",
                    quote_ident(&attribute.name),
                    attribute.ty
                )),
                Some(old) if old.ty != attribute.ty => {
                    text.push_str(&format!(
                        "ALTER TYPE {name} ALTER ATTRIBUTE {} TYPE {};\n",
                        quote_ident(&attribute.name),
                        attribute.ty
                    ));
                    list.push(Hazard::MayFailOnExistingData);
                }
                Some(_) => {}
            }
        }
        if from.comment != to.comment {
            text.push_str(&sql(|o| {
                statement::comment_on_type(&to.name, to.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::AlterColumn, change.to_string(), text, &list);
        node.uses_new.push(Object::Enum(&to.name));
        self.push(node);
    }

    /// `CREATE FUNCTION`, or `CREATE OR REPLACE` over `replaces`.
    fn create_function(
        &mut self,
        description: String,
        def: &'a FunctionDef,
        replaces: Option<&'a FunctionDef>,
    ) {
        let replace = replaces.is_some();
        let mut text = if replace {
            sql(|o| statement::create_or_replace_function(def, o))
        } else {
            sql(|o| statement::create_function(def, o))
        };
        let old_comment = replaces.and_then(|f| f.comment.as_deref());
        if def.comment.as_deref() != old_comment {
            text.push_str(&sql(|o| {
                statement::comment_on_function(def, def.comment.as_deref(), o)
            }));
        }
        let mut node = Self::node(Phase::CreateFunction, description, text, &[]);
        if !replace {
            node.adds.push(Object::Function(&def.name));
        }
        node.uses_new.push(Object::Schema(&def.name.schema));
        for argument in &def.arguments {
            node.uses_new
                .extend(self.type_needs(Side::New, &argument.ty));
        }
        // A `sql` body is resolved when the function is created; `plpgsql` only when run.
        if def.language == Language::Sql {
            node.uses_new
                .extend(self.sql_needs(Side::New, &def.name, &def.body));
        }
        self.push(node);
    }

    fn drop_function(&mut self, description: String, def: &'a FunctionDef) {
        let mut node = Self::node(
            Phase::DropFunction,
            description,
            format!("DROP FUNCTION {};\n", def.signature()),
            &[],
        );
        node.removes.push(Object::Function(&def.name));
        node.uses_old.push(Object::Schema(&def.name.schema));
        self.push(node);
    }

    fn create_view(&mut self, change: &'a Change, def: &'a ViewDef) {
        let mut text = sql(|o| statement::create_view(def, o));
        for index in &def.indexes {
            text.push_str(&sql(|o| statement::create_index(&def.name, index, o)));
        }
        if let Some(comment) = &def.comment {
            text.push_str(&sql(|o| statement::comment_on_view(def, Some(comment), o)));
        }
        for column in &def.columns {
            if let Some(comment) = &column.comment {
                text.push_str(&sql(|o| {
                    statement::comment_on_column(&def.name, &column.name, Some(comment), o)
                }));
            }
        }
        // A materialized view computes its rows when created.
        let list: &[Hazard] = if def.materialized {
            &[Hazard::ScansTable]
        } else {
            &[]
        };
        let mut node = Self::node(Phase::CreateView, change.to_string(), text, list);
        node.adds.push(Object::Table(&def.name));
        for index in &def.indexes {
            node.adds.push(Object::Index(&def.name.schema, &index.name));
        }
        node.uses_new.push(Object::Schema(&def.name.schema));
        node.uses_new
            .extend(self.sql_needs(Side::New, &def.name, &def.query));
        for column in &def.columns {
            node.uses_new.extend(self.type_needs(Side::New, &column.ty));
        }
        self.push(node);
        for trigger in &def.triggers {
            self.create_trigger(&def.name, trigger);
        }
    }

    fn drop_view(&mut self, change: &'a Change, def: &'a ViewDef) {
        let kind = if def.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        };
        let mut node = Self::node(
            Phase::DropView,
            change.to_string(),
            format!("DROP {kind} {};\n", def.name.to_sql()),
            &[],
        );
        node.removes.push(Object::Table(&def.name));
        for index in &def.indexes {
            node.removes
                .push(Object::Index(&def.name.schema, &index.name));
        }
        for trigger in &def.triggers {
            node.removes.push(Object::Trigger(&def.name, &trigger.name));
        }
        node.uses_old.push(Object::Schema(&def.name.schema));
        node.uses_old
            .extend(self.sql_needs(Side::Old, &def.name, &def.query));
        self.push(node);
    }

    pub(super) fn create_trigger(&mut self, table: &'a QualifiedName, trigger: &'a Trigger) {
        let text = sql(|o| statement::create_trigger(table, trigger, o));
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

    /// The object a grant is on, as the graph knows it.
    fn grant_target(on: &'a GrantObject) -> Vec<Object<'a>> {
        match on {
            GrantObject::Table(name) | GrantObject::Sequence(name) => vec![Object::Table(name)],
            GrantObject::Column { table, column } => {
                vec![Object::Table(table), Object::Column(table, column)]
            }
            GrantObject::Function(name) => vec![Object::Function(name)],
            GrantObject::Schema(name) => vec![Object::Schema(name)],
        }
    }

    fn grant(&mut self, change: &'a Change, grant: &'a Grant) {
        let text = sql(|o| statement::grant(self.new_schema, grant, o));
        let mut node = Self::node(
            Phase::Grant,
            change.to_string(),
            text,
            &[Hazard::ChangesAuthorization],
        );
        node.uses_new.extend(Self::grant_target(&grant.on));
        node.uses_new.push(Object::Role(&grant.to));
        self.push(node);
    }

    fn revoke(&mut self, change: &'a Change, grant: &'a Grant) {
        let privileges: Vec<String> = grant
            .privileges
            .iter()
            .map(|p| match &grant.on {
                GrantObject::Column { column, .. } => {
                    format!("{} ({})", p.as_str(), quote_ident(column))
                }
                _ => p.as_str().to_string(),
            })
            .collect();
        let option = if grant.with_grant_option {
            "GRANT OPTION FOR "
        } else {
            ""
        };
        let object = sql(|o| grant_object(self.old_schema, &grant.on, o));
        let grantee = if grant.to == "public" {
            "PUBLIC".to_string()
        } else {
            quote_ident(&grant.to).into_owned()
        };
        let text = format!(
            "REVOKE {option}{} ON {object} FROM {grantee};\n",
            privileges.join(", ")
        );
        let mut node = Self::node(
            Phase::Revoke,
            change.to_string(),
            text,
            &[Hazard::ChangesAuthorization],
        );
        node.uses_old.extend(Self::grant_target(&grant.on));
        self.push(node);
    }
}
