//! The schema builder: collects the parts, puts them in canonical order, and validates the
//! whole.

use crate::kinds::table::{constraint, index};
use crate::kinds::{default_privilege, grant, KINDS};
use crate::{
    updated_at, validate, CompositeDef, DomainDef, EnumDef, Extension, ExternalFunction,
    ExternalTable, Function, FunctionDef, Grant, GrantObject, PartitionBound, PgEnum, Privilege,
    QualifiedName, Returns, Role, Schema, SchemaError, SchemaErrors, Severity, SqlType, Table,
    TableDef, Trigger, View, ViewDef, DEFAULT_SCHEMA,
};
use std::collections::BTreeSet;

/// Collects tables, enum types and external objects, then checks them all at once.
///
/// ```
/// use schema_core::{ExternalTable, Schema, SqlType, TableDef, Column, QualifiedName};
/// let users = TableDef::new(QualifiedName::parse("users"))
///     .with_column(Column::new("id", SqlType::Uuid, false))
///     .with_primary_key(None, &["id"]);
/// let schema = Schema::builder()
///     .add_table(users)
///     .add_external_table(ExternalTable::new("auth.users").column("id", SqlType::Uuid))
///     .build()
///     .unwrap();
/// assert_eq!(schema.tables[0].primary_key.as_ref().unwrap().name, "users_pkey");
/// ```
#[derive(Debug, Clone, Default)]
pub struct SchemaBuilder {
    pub(crate) schema: Schema,
}

impl SchemaBuilder {
    /// Starts from an existing schema, such as one read from a snapshot, so that
    /// [`build`](Self::build) checks it again. Building an already built schema returns
    /// it unchanged.
    pub fn from_schema(schema: Schema) -> Self {
        SchemaBuilder { schema }
    }

    /// Adds a `#[derive(Table)]` type.
    pub fn table<T: Table>(self) -> Self {
        self.add_table(T::table_def())
    }

    /// Adds a `#[derive(PgEnum)]` type.
    pub fn enum_type<E: PgEnum>(self) -> Self {
        self.add_enum(E::enum_def())
    }

    /// Adds a table definition.
    pub fn add_table(mut self, table: TableDef) -> Self {
        self.schema.tables.push(table);
        self
    }

    /// Adds an enum type definition.
    pub fn add_enum(mut self, def: EnumDef) -> Self {
        self.schema.enums.push(def);
        self
    }

    /// Adds a `#[derive(Function)]` type.
    pub fn function<F: Function>(self) -> Self {
        self.add_function(F::function_def())
    }

    /// Adds a function definition.
    pub fn add_function(mut self, function: FunctionDef) -> Self {
        self.schema.functions.push(function);
        self
    }

    /// Adds a `#[derive(View)]` type.
    pub fn view<V: View>(self) -> Self {
        self.add_view(V::view_def())
    }

    /// Adds a view or materialized view definition.
    pub fn add_view(mut self, view: ViewDef) -> Self {
        self.schema.views.push(view);
        self
    }

    /// Grants `privileges` on `on` to each of `roles` (`"public"` for everyone).
    pub fn grant(mut self, privileges: &[Privilege], on: GrantObject, roles: &[&str]) -> Self {
        for role in roles {
            self.schema
                .grants
                .push(Grant::new(privileges, on.clone(), role));
        }
        self
    }

    /// Adds one grant as it is, such as one `WITH GRANT OPTION`.
    pub fn add_grant(mut self, grant: Grant) -> Self {
        self.schema.grants.push(grant);
        self
    }

    /// Adds a partition of the `#[derive(Table)]` type `T`, which must be partitioned
    /// (`#[table(partition_by(...))]`), in `T`'s schema.
    pub fn partition<T: Table>(self, name: &str, bound: PartitionBound) -> Self {
        let parent = T::qualified_name();
        let name = QualifiedName::new(parent.schema.clone(), name);
        self.add_table(TableDef::partition_of(name, parent, bound))
    }

    /// Adds an owned Postgres schema (namespace) even if no object lives in it yet.
    pub fn add_namespace(mut self, name: &str) -> Self {
        self.schema.schemas.push(name.to_string());
        self
    }

    /// Adds an owned Postgres schema that Citus shards by schema (see
    /// [`Schema::distributed_schemas`]): every table in it lives whole on one node.
    pub fn distributed_schema(mut self, name: &str) -> Self {
        self.schema.schemas.push(name.to_string());
        self.schema.distributed_schemas.push(name.to_string());
        self
    }

    /// Declares a table the app references but does not own.
    pub fn add_external_table(mut self, table: ExternalTable) -> Self {
        self.schema.external.tables.push(table);
        self
    }

    /// Declares a function the app calls but does not own.
    pub fn add_external_function(mut self, function: ExternalFunction) -> Self {
        self.schema.external.functions.push(function);
        self
    }

    /// Declares a role policies may name (such as Supabase's `authenticated`).
    pub fn add_external_role(mut self, role: &str) -> Self {
        self.schema.external.roles.push(role.to_string());
        self
    }

    // The names these methods had before every value-taking method became `add_*`.

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_extension`, like every builder method that takes a value"
    )]
    pub fn extension(self, extension: Extension) -> Self {
        self.add_extension(extension)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_role`, like every builder method that takes a value"
    )]
    pub fn role(self, role: Role) -> Self {
        self.add_role(role)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_domain`, like every builder method that takes a value"
    )]
    pub fn domain(self, domain: DomainDef) -> Self {
        self.add_domain(domain)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_composite`, like every builder method that takes a value"
    )]
    pub fn composite(self, composite: CompositeDef) -> Self {
        self.add_composite(composite)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_namespace`, like every builder method that takes a value"
    )]
    pub fn namespace(self, name: &str) -> Self {
        self.add_namespace(name)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_external_table`, like every builder method that takes a value"
    )]
    pub fn external_table(self, table: ExternalTable) -> Self {
        self.add_external_table(table)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_external_function`, like every builder method that takes a value"
    )]
    pub fn external_function(self, function: ExternalFunction) -> Self {
        self.add_external_function(function)
    }

    #[doc(hidden)]
    #[deprecated(
        since = "0.1.0",
        note = "renamed to `add_external_role`, like every builder method that takes a value"
    )]
    pub fn external_role(self, role: &str) -> Self {
        self.add_external_role(role)
    }

    /// Resolves defaults, sorts everything by name and checks the whole schema, returning
    /// every problem found rather than the first.
    pub fn build(self) -> Result<Schema, SchemaErrors> {
        let (schema, errors) = self.check();
        if errors.is_empty() {
            Ok(schema)
        } else {
            Err(SchemaErrors(errors))
        }
    }

    /// Like [`build`](Self::build), but lets through what Postgres accepts
    /// ([`Severity::Suspicious`]), returning those problems beside the schema. For schemas
    /// that describe an existing database, such as an introspected one or its snapshot.
    pub fn build_lenient(self) -> Result<(Schema, Vec<SchemaError>), SchemaErrors> {
        let (schema, problems) = self.check();
        let (suspicious, errors): (Vec<_>, Vec<_>) = problems
            .into_iter()
            .partition(|p| p.severity == Severity::Suspicious);
        if errors.is_empty() {
            Ok((schema, suspicious))
        } else {
            Err(SchemaErrors(errors))
        }
    }

    fn check(self) -> (Schema, Vec<SchemaError>) {
        let mut schema = self.schema;
        add_library_functions(&mut schema);
        resolve_enum_types(&mut schema);
        canonicalize(&mut schema);
        // Primary-key targets are filled in before validation so that a foreign key's
        // column count and types are checked against what it will really reference.
        let mut errors = constraint::fill_referenced_columns(&mut schema);
        errors.extend(validate::validate(&schema));
        (schema, errors)
    }
}

/// `sql_type = "user_role"` names an enum by text: once the enum types are known, such a
/// custom type becomes the enum it names.
fn resolve_enum_types(schema: &mut Schema) {
    let enums: BTreeSet<QualifiedName> = schema.enums.iter().map(|e| e.name.clone()).collect();
    fn resolve(ty: &mut SqlType, enums: &BTreeSet<QualifiedName>) {
        match ty {
            SqlType::Array(inner) => resolve(inner, enums),
            SqlType::Custom(text) => {
                let unquoted = text.replace('"', "");
                let name = QualifiedName::parse(&unquoted);
                if enums.contains(&name) {
                    *ty = SqlType::Enum(name);
                }
            }
            _ => {}
        }
    }
    for table in &mut schema.tables {
        for column in &mut table.columns {
            resolve(&mut column.ty, &enums);
        }
    }
    for function in &mut schema.functions {
        for argument in &mut function.arguments {
            resolve(&mut argument.ty, &enums);
        }
        match &mut function.returns {
            Returns::Type(ty) | Returns::SetOf(ty) => resolve(ty, &enums),
            Returns::Table(columns) => {
                for column in columns {
                    resolve(&mut column.ty, &enums);
                }
            }
            Returns::Trigger | Returns::Void => {}
        }
    }
    for view in &mut schema.views {
        for column in &mut view.columns {
            resolve(&mut column.ty, &enums);
        }
    }
    for domain in &mut schema.domains {
        resolve(&mut domain.base, &enums);
    }
    for grant in &mut schema.grants {
        if let GrantObject::Overload { arguments, .. } = &mut grant.on {
            for ty in arguments {
                resolve(ty, &enums);
            }
        }
    }
    for composite in &mut schema.composites {
        for attribute in &mut composite.attributes {
            resolve(&mut attribute.ty, &enums);
        }
    }
}

/// Adds the functions the library provides (the `updated_at` trigger's) when a trigger
/// calls them and the schema does not declare them itself.
fn add_library_functions(schema: &mut Schema) {
    let name = updated_at::function_name();
    let called = schema
        .tables
        .iter()
        .flat_map(|t| &t.triggers)
        .chain(schema.views.iter().flat_map(|v| &v.triggers))
        .any(|t| t.function == name);
    if called && !schema.functions.iter().any(|f| f.name == name) {
        schema.functions.push(updated_at::function());
    }
}

/// Sorts every collection whose order carries no meaning, and drops redundant settings,
/// so that two schemas describing the same database are equal values.
fn canonicalize(schema: &mut Schema) {
    let mut named: Vec<&String> = schema
        .tables
        .iter()
        .map(|t| &t.name.schema)
        .chain(schema.enums.iter().map(|e| &e.name.schema))
        .chain(schema.functions.iter().map(|f| &f.name.schema))
        .chain(schema.views.iter().map(|v| &v.name.schema))
        .collect();
    for kind in KINDS {
        (kind.owned_schemas)(schema, &mut named);
    }
    let owned_schemas: Vec<String> = named
        .into_iter()
        .filter(|s| s.as_str() != DEFAULT_SCHEMA)
        .cloned()
        .collect();
    let external_schemas: BTreeSet<&String> = schema
        .external
        .tables
        .iter()
        .map(|t| &t.name.schema)
        .chain(schema.external.functions.iter().map(|f| &f.name.schema))
        .collect();
    let mut schemas: Vec<String> = owned_schemas
        .into_iter()
        .filter(|s| !external_schemas.contains(s))
        .chain(schema.schemas.drain(..))
        .collect();
    schemas.sort();
    schemas.dedup();
    schema.schemas = schemas;
    schema.distributed_schemas.sort();
    schema.distributed_schemas.dedup();

    schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
    schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
    for kind in KINDS {
        (kind.canonicalize)(schema);
    }
    schema
        .functions
        .sort_by(|a, b| a.identity().cmp(&b.identity()));
    schema.views.sort_by(|a, b| a.name.cmp(&b.name));
    for view in &mut schema.views {
        view.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        index::canonicalize(&mut view.indexes);
        canonical_triggers(&mut view.triggers);
    }
    // The objects hold what the default privileges give them, as a database created from
    // the schema does (its script sets them before creating anything).
    let implied = default_privilege::implied_grants(schema);
    schema.grants.extend(implied);
    grant::name_functions(schema);
    grant::canonicalize(&mut schema.grants);
    for table in &mut schema.tables {
        canonical_triggers(&mut table.triggers);
        table.uniques.sort_by(|a, b| a.name.cmp(&b.name));
        table.checks.sort_by(|a, b| a.name.cmp(&b.name));
        table.exclusions.sort_by(|a, b| a.name.cmp(&b.name));
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        table.policies.sort_by(|a, b| a.name.cmp(&b.name));
        for policy in &mut table.policies {
            policy.roles.sort();
            policy.roles.dedup();
            // `TO public` is the same as no role list.
            if policy.roles.iter().any(|r| r == "public") {
                policy.roles.clear();
            }
        }
        index::canonicalize(&mut table.indexes);
    }
    schema.external.tables.sort_by(|a, b| a.name.cmp(&b.name));
    schema
        .external
        .functions
        .sort_by(|a, b| a.name.cmp(&b.name));
    schema.external.roles.sort();
    schema.external.roles.dedup();
}

/// Sorts triggers by name and their events in SQL order (Postgres fires a trigger for
/// its events in no order, and prints them `INSERT OR UPDATE OR DELETE OR TRUNCATE`).
fn canonical_triggers(triggers: &mut [Trigger]) {
    triggers.sort_by(|a, b| a.name.cmp(&b.name));
    for trigger in triggers {
        trigger.events.sort();
        trigger.events.dedup();
    }
}
