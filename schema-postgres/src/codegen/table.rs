//! A table as a `#[derive(Table)]` struct, with attributes only where the derive would
//! infer something else.

use super::names::{snake, unraw, RenameRule, Scope};
use super::{doc, lit, Names};
use schema_core::QualifiedName;
use schema_core::{
    naming, Colocation, DefaultValue, Deferrable, Distribution, Identity, IndexTarget, Literal,
    NullsOrder, PartitionStrategy, PolicyCommand, ReferentialAction, ReplicaIdentity,
    SequenceOptions, SqlType, TableDef, TriggerEvent, TriggerFiring, TriggerTiming,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Whether the derive can say everything this table holds. A table that it cannot is kept
/// in the generated snapshot file instead (see `mod.rs`), so nothing is lost.
pub(crate) fn supported(table: &TableDef) -> bool {
    let column_ok = |c: &schema_core::Column| {
        // `identity(..)` takes the sequence's options, not its type (the column's).
        c.identity_options.data_type.is_none()
            && c.renamed_from.is_none()
            && c.comment.as_deref().is_none_or(doc_round_trips)
            && match &c.default {
                Some(DefaultValue::Literal(Literal::Number(n))) => number_literal(n),
                _ => true,
            }
            // `n_distinct = ..` takes a Rust number literal.
            && [&c.n_distinct, &c.n_distinct_inherited]
                .into_iter()
                .flatten()
                .all(|n| number_literal(n))
    };
    table.columns.iter().all(column_ok)
        && !table.columns.is_empty()
        && table
            .triggers
            .iter()
            .all(|t| t.timing != TriggerTiming::InsteadOf && trigger_function_plain(t))
        // Partitions are builder calls (see `partition.rs`).
        && table.partition_of.is_none()
        && table.inherits.iter().all(|parent| {
            // `inherits = "schema.table"` takes the names as they are, unquoted.
            let plain =
                |name: &str| !name.contains(|c: char| c.is_whitespace() || ".()\"".contains(c));
            plain(&parent.schema) && plain(&parent.name)
        })
        // `storage(name = value)` takes each name as an identifier.
        && table.storage.keys().all(|key| snake(key) == *key)
        && table.allow.is_empty()
        // `unique(..)` has no `NULLS NOT DISTINCT`; such a table stays in `remaining.json`.
        && table.uniques.iter().all(|u| !u.nulls_not_distinct)
        && table.invalid_indexes.is_empty()
        && table.unvalidated_constraints.is_empty()
        && table.renamed_from.is_none()
        && table.comment.as_deref().is_none_or(doc_round_trips)
        && table.policies.iter().all(|p| p.allow.is_empty())
}

/// Whether the derive can name every table `table`'s foreign keys reference: by its Rust
/// type (`references = Type`, to the primary key of a table in `written`), or as
/// `"schema.table(a, b)"`, which takes names as they are, unquoted.
pub(crate) fn references_writable(
    table: &TableDef,
    written: &BTreeSet<&QualifiedName>,
    primary_keys: &BTreeMap<QualifiedName, Vec<String>>,
) -> bool {
    let plain = |name: &str| !name.contains(|c: char| c.is_whitespace() || ".(),\"".contains(c));
    table.foreign_keys.iter().all(|key| {
        let typed = written.contains(&key.references)
            && primary_keys.get(&key.references) == Some(&key.referenced_columns);
        typed
            || (plain(&key.references.schema)
                && plain(&key.references.name)
                && key.referenced_columns.iter().all(|c| plain(c)))
    })
}

/// Whether a number reads back from a Rust literal as written: `-12`, `0.5`.
fn number_literal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// A doc comment gives back its text trimmed, line by line as written.
pub(crate) fn doc_round_trips(text: &str) -> bool {
    text == text.trim() && !text.contains('\r')
}

/// The column naming of a table: a `rename_all` rule every column follows, if any.
fn rename_rule(table: &TableDef) -> Option<RenameRule> {
    let follows = |rule: Option<RenameRule>| {
        table.columns.iter().all(|c| {
            let field = snake(&c.name);
            let field = unraw(&field);
            match rule {
                None => field == c.name,
                Some(rule) => rule.apply(field) == c.name,
            }
        })
    };
    if follows(None) {
        return None;
    }
    RenameRule::ALL
        .into_iter()
        .find(|rule| follows(Some(*rule)))
}

/// The struct for `table`, named `ident`.
pub(crate) fn write(out: &mut String, table: &TableDef, ident: &str, names: &Names) {
    let rule = rename_rule(table);
    let mut fields = Scope::default();
    let columns: Vec<(String, &schema_core::Column)> = table
        .columns
        .iter()
        .map(|c| (fields.unique(snake(&c.name)), c))
        .collect();
    let field_of = |column: &str| -> &str {
        &columns
            .iter()
            .find(|(_, c)| c.name == column)
            .expect("keys name the table's columns")
            .0
    };
    let list = |cols: &[String]| -> String {
        cols.iter()
            .map(|c| field_of(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let table_name = &table.name.name;

    let mut table_attrs: Vec<String> = Vec::new();
    if unraw(&snake_of_struct(ident)) != table_name.as_str() {
        table_attrs.push(format!("name = {}", lit(table_name)));
    }
    if table.name.schema != "public" {
        table_attrs.push(format!("schema = {}", lit(&table.name.schema)));
    }
    if let Some(rule) = rule {
        table_attrs.push(format!("rename_all = {}", lit(rule.as_str())));
    }
    for parent in &table.inherits {
        table_attrs.push(format!("inherits = {}", lit(&parent.to_string())));
    }
    if table.unlogged {
        table_attrs.push("unlogged".into());
    }
    if let Some(partition_by) = &table.partition_by {
        let keys: Vec<String> = partition_by
            .keys
            .iter()
            .map(|key| match key {
                IndexTarget::Column(c) => field_of(c).to_owned(),
                IndexTarget::Expression(e) => format!("expr({})", lit(e)),
            })
            .collect();
        let strategy = match partition_by.strategy {
            PartitionStrategy::Range => "range",
            PartitionStrategy::List => "list",
            PartitionStrategy::Hash => "hash",
        };
        table_attrs.push(format!("partition_by({strategy}({}))", keys.join(", ")));
    }
    match &table.replica_identity {
        ReplicaIdentity::Default => {}
        ReplicaIdentity::Full => table_attrs.push("replica_identity = \"full\"".into()),
        ReplicaIdentity::Nothing => table_attrs.push("replica_identity = \"nothing\"".into()),
        ReplicaIdentity::Index(index) => {
            table_attrs.push(format!("replica_identity_index = {}", lit(index)))
        }
    }
    if let Some(index) = &table.cluster_on {
        table_attrs.push(format!("cluster_on = {}", lit(index)));
    }
    match &table.distribution {
        None => {}
        Some(Distribution::Reference) => table_attrs.push("reference".into()),
        Some(Distribution::Distributed(d)) => {
            table_attrs.push(format!("distributed_by = {}", field_of(&d.column)));
            match &d.colocate_with {
                Colocation::Default => {}
                Colocation::Alone => table_attrs.push("colocate_with = \"none\"".into()),
                Colocation::With(other) => {
                    let target = names
                        .table_type(other)
                        .unwrap_or_else(|| lit(&other.to_string()));
                    table_attrs.push(format!("colocate_with = {target}"));
                }
            }
            if let Some(count) = d.shard_count {
                table_attrs.push(format!("shard_count = {count}"));
            }
        }
    }
    if !table.storage.is_empty() {
        let options: Vec<String> = table
            .storage
            .iter()
            .map(|(name, value)| format!("{name} = {}", storage_value(value)))
            .collect();
        table_attrs.push(format!("storage({})", options.join(", ")));
    }
    if table.row_level_security.forced {
        table_attrs.push("force_rls".into());
    } else if table.row_level_security.enabled {
        table_attrs.push("rls".into());
    }

    // Single-column keys with Postgres's own names go on the field; the rest on the table.
    let mut column_primary_key = None;
    if let Some(key) = &table.primary_key {
        if key.columns.len() == 1
            && key.name == naming::primary_key(table_name)
            && key.deferrable == Deferrable::No
            && key.comment.is_none()
        {
            column_primary_key = Some(key.columns[0].as_str());
        } else {
            table_attrs.push(format!(
                "primary_key({}{}{}{})",
                list(&key.columns),
                name_unless(&key.name, &naming::primary_key(table_name)),
                deferrable(key.deferrable),
                comment(&key.comment)
            ));
        }
    }
    let mut column_uniques = Vec::new();
    for unique in &table.uniques {
        let columns: Vec<&str> = unique.columns.iter().map(String::as_str).collect();
        if columns.len() == 1
            && unique.name == naming::unique(table_name, &columns)
            && unique.deferrable == Deferrable::No
            && unique.comment.is_none()
            && !column_uniques.contains(&columns[0])
        {
            column_uniques.push(columns[0]);
        } else {
            table_attrs.push(format!(
                "unique({}{}{}{})",
                list(&unique.columns),
                name_unless(&unique.name, &naming::unique(table_name, &columns)),
                deferrable(unique.deferrable),
                comment(&unique.comment)
            ));
        }
    }
    for check in &table.checks {
        let mut text = format!(
            "check(name = {}, expr = {}",
            lit(&check.name),
            lit(&check.expression)
        );
        if check.no_inherit {
            text.push_str(", no_inherit");
        }
        text.push_str(&comment(&check.comment));
        text.push(')');
        table_attrs.push(text);
    }
    for exclusion in &table.exclusions {
        table_attrs.push(format!(
            "exclude(name = {}, definition = {}{})",
            lit(&exclusion.name),
            lit(&exclusion.definition),
            comment(&exclusion.comment)
        ));
    }
    let mut column_references: Vec<(&str, String)> = Vec::new();
    for key in &table.foreign_keys {
        let columns: Vec<&str> = key.columns.iter().map(String::as_str).collect();
        let target_type = names.table_type(&key.references);
        let to_primary_key = names.is_primary_key(&key.references, &key.referenced_columns);
        let mut actions = String::new();
        if key.on_delete != ReferentialAction::NoAction {
            write!(actions, ", on_delete = {}", lit(action(key.on_delete))).unwrap();
        }
        if key.on_update != ReferentialAction::NoAction {
            write!(actions, ", on_update = {}", lit(action(key.on_update))).unwrap();
        }
        let simple = columns.len() == 1
            && key.name == naming::foreign_key(table_name, &columns)
            && key.deferrable == Deferrable::No
            && !key.match_full
            && key.comment.is_none()
            && !column_references.iter().any(|(c, _)| *c == columns[0]);
        let target = match (&target_type, to_primary_key) {
            (Some(ty), true) => ty.clone(),
            _ => lit(&format!(
                "{}({})",
                key.references,
                key.referenced_columns.join(", ")
            )),
        };
        if simple {
            column_references.push((columns[0], format!("references = {target}{actions}")));
        } else {
            let mut text = format!(
                "foreign_key(columns({}), references = {target}{actions}{}",
                list(&key.columns),
                name_unless(&key.name, &naming::foreign_key(table_name, &columns)),
            );
            match key.deferrable {
                Deferrable::No => {}
                Deferrable::InitiallyImmediate => text.push_str(", deferrable"),
                Deferrable::InitiallyDeferred => text.push_str(", deferrable, initially_deferred"),
            }
            if key.match_full {
                text.push_str(", match_full");
            }
            text.push_str(&comment(&key.comment));
            text.push(')');
            table_attrs.push(text);
        }
    }

    if let Some(comment) = &table.comment {
        doc(out, "", comment);
    }
    out.push_str("#[derive(Table)]\n");
    if !table_attrs.is_empty() {
        writeln!(out, "#[table({})]", table_attrs.join(", ")).unwrap();
    }
    let field = |column: &str| field_of(column).to_owned();
    for index in &table.indexes {
        write_index(out, index, table_name, &field);
    }
    // The derive refuses policies on a table without row-level security (they do
    // nothing); Postgres keeps them, so they are added to what the derive builds (`call`).
    if policies_in_derive(table) {
        for policy in &table.policies {
            write_policy(out, policy);
        }
    }
    for trigger in &table.triggers {
        write_trigger(out, trigger, &field, names);
    }
    writeln!(out, "pub struct {ident} {{").unwrap();
    for (field, column) in &columns {
        if let Some(comment) = &column.comment {
            doc(out, "    ", comment);
        }
        let mut attrs: Vec<String> = Vec::new();
        let inferred_name = match rule {
            None => unraw(field).to_owned(),
            Some(rule) => rule.apply(unraw(field)),
        };
        if inferred_name != column.name {
            attrs.push(format!("name = {}", lit(&column.name)));
        }
        let (mut ty, inferred) = super::names::rust_type(&column.ty, &|n| names.enum_type(n));
        if !inferred {
            attrs.push(format!("sql_type = {}", lit(&sql_type_text(&column.ty))));
        }
        if column_primary_key == Some(column.name.as_str()) {
            attrs.push("primary_key".into());
        }
        if column_uniques.contains(&column.name.as_str()) {
            attrs.push("unique".into());
        }
        match &column.default {
            None => {}
            Some(DefaultValue::Expression(sql)) => attrs.push(format!("default = {}", lit(sql))),
            Some(DefaultValue::Literal(Literal::Text(text))) => {
                attrs.push(format!("default_value = {}", lit(text)))
            }
            Some(DefaultValue::Literal(Literal::Number(number))) => {
                attrs.push(format!("default_value = {number}"))
            }
            Some(DefaultValue::Literal(Literal::Boolean(flag))) => {
                attrs.push(format!("default_value = {flag}"))
            }
        }
        let options = identity_options(&column.identity_options);
        match (column.identity, options.is_empty()) {
            (None, _) => {}
            (Some(Identity::ByDefault), true) => attrs.push("identity".into()),
            (Some(Identity::Always), true) => attrs.push("identity = \"always\"".into()),
            (Some(Identity::ByDefault), false) => {
                attrs.push(format!("identity({})", options.join(", ")))
            }
            (Some(Identity::Always), false) => {
                attrs.push(format!("identity(always, {})", options.join(", ")))
            }
        }
        if let Some(generated) = &column.generated {
            attrs.push(format!("generated = {}", lit(generated)));
        }
        if let Some(collation) = &column.collation {
            attrs.push(format!("collate = {}", lit(collation)));
        }
        if let Some(storage) = column.storage {
            let name = storage.as_str().to_lowercase();
            attrs.push(format!("storage = {}", lit(&name)));
        }
        if let Some(compression) = column.compression {
            attrs.push(format!("compression = {}", lit(compression.as_str())));
        }
        if let Some(target) = column.statistics {
            attrs.push(format!("statistics = {target}"));
        }
        if let Some(value) = &column.n_distinct {
            attrs.push(format!("n_distinct = {value}"));
        }
        if let Some(value) = &column.n_distinct_inherited {
            attrs.push(format!("n_distinct_inherited = {value}"));
        }
        if let Some((_, reference)) = column_references.iter().find(|(c, _)| *c == column.name) {
            attrs.push(reference.clone());
        }
        if !attrs.is_empty() {
            writeln!(out, "    #[column({})]", attrs.join(", ")).unwrap();
        }
        if column.nullable {
            ty = format!("Option<{ty}>");
        }
        writeln!(out, "    pub {field}: {ty},").unwrap();
    }
    out.push_str("}\n");
}

/// `start = 1000, cycle`: an identity's sequence options, as `identity(..)` takes them.
fn identity_options(options: &SequenceOptions) -> Vec<String> {
    let mut out = Vec::new();
    let numbers = [
        ("start", options.start),
        ("increment", options.increment),
        ("min_value", options.min_value),
        ("max_value", options.max_value),
        ("cache", options.cache),
    ];
    for (name, value) in numbers {
        if let Some(value) = value {
            out.push(format!("{name} = {value}"));
        }
    }
    if options.cycle {
        out.push("cycle".into());
    }
    out
}

/// A storage parameter's value as `storage(..)` takes it: a number or a flag bare, other
/// text as a string.
fn storage_value(value: &str) -> String {
    if number_literal(value) || value == "true" || value == "false" {
        value.to_owned()
    } else {
        lit(value)
    }
}

/// The table name the derive gives a struct: its name in snake_case.
pub(crate) fn snake_of_struct(ident: &str) -> String {
    use heck::ToSnakeCase;
    unraw(ident).to_snake_case()
}

/// `, comment = ".."` inside a constraint's attribute, when it has one.
fn comment(comment: &Option<String>) -> String {
    match comment {
        Some(text) => format!(", comment = {}", lit(text)),
        None => String::new(),
    }
}

fn name_unless(name: &str, inferred: &str) -> String {
    if name == inferred {
        String::new()
    } else {
        format!(", name = {}", lit(name))
    }
}

fn deferrable(deferrable: Deferrable) -> &'static str {
    match deferrable {
        Deferrable::No => "",
        Deferrable::InitiallyImmediate => ", deferrable = \"initially_immediate\"",
        Deferrable::InitiallyDeferred => ", deferrable = \"initially_deferred\"",
    }
}

fn action(action: ReferentialAction) -> &'static str {
    ReferentialAction::ALL
        .iter()
        .find(|(_, a)| *a == action)
        .map(|(text, _)| *text)
        .expect("every action is listed")
}

/// The SQL type as `sql_type = ".."` takes it.
fn sql_type_text(ty: &SqlType) -> String {
    ty.to_string()
}

fn policies_in_derive(table: &TableDef) -> bool {
    table.row_level_security.enabled || table.row_level_security.forced
}

/// The call registering the table named `ident`, from the `.` on: `.table::<T>()`, or what
/// the derive builds with what it cannot say added (a comment above says which).
pub(crate) fn call(table: &TableDef, ident: &str) -> String {
    let rls = &table.row_level_security;
    // `force_rls` in the derive enables row-level security too; Postgres can force it
    // without enabling it.
    let forced_only = rls.forced && !rls.enabled;
    let loose_policies = !policies_in_derive(table) && !table.policies.is_empty();
    if !forced_only && !loose_policies {
        return format!(".table::<{ident}>()");
    }
    let mut why = Vec::new();
    let mut expr = format!("{ident}::table_def()");
    if loose_policies {
        why.push("Postgres keeps these policies and ignores them: row-level security is off.");
        for policy in &table.policies {
            let roles: Vec<String> = policy
                .roles
                .iter()
                .map(|r| format!("{}.into()", lit(r)))
                .collect();
            let option = |text: &Option<String>| match text {
                Some(text) => super::some_text(text),
                None => "None".into(),
            };
            write!(
                expr,
                ".with_policy(Policy {{ name: {}.into(), restrictive: {}, command: PolicyCommand::{:?}, roles: vec![{}], using: {}, with_check: {}, allow: Vec::new(), comment: {} }})",
                lit(&policy.name),
                policy.restrictive,
                policy.command,
                roles.join(", "),
                option(&policy.using),
                option(&policy.with_check),
                option(&policy.comment)
            )
            .unwrap();
        }
    }
    if forced_only {
        why.push("Row-level security is forced but not enabled, so no policy applies.");
        expr = format!(
            "TableDef {{ row_level_security: RowLevelSecurity {{ enabled: false, forced: true }}, ..{expr} }}"
        );
    }
    format!("// {}\n        .add_table({expr})", why.join(" "))
}

/// `#[index(..)]` on a table or materialized view named `relation`, its columns named by
/// their fields.
pub(crate) fn write_index(
    out: &mut String,
    index: &schema_core::Index,
    relation: &str,
    field_of: &dyn Fn(&str) -> String,
) {
    let list = |cols: &[String]| -> String {
        cols.iter()
            .map(|c| field_of(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let keys: Vec<String> = index
        .keys
        .iter()
        .map(|k| {
            let mut modifiers = Vec::new();
            if k.descending {
                modifiers.push("desc".to_owned());
            }
            match k.nulls {
                None => {}
                Some(NullsOrder::First) => modifiers.push("nulls_first".into()),
                Some(NullsOrder::Last) => modifiers.push("nulls_last".into()),
            }
            if let Some(opclass) = &k.opclass {
                modifiers.push(format!("opclass = {}", lit(opclass)));
            }
            match &k.target {
                IndexTarget::Column(c) if modifiers.is_empty() => field_of(c),
                IndexTarget::Column(c) => format!("{}({})", field_of(c), modifiers.join(", ")),
                IndexTarget::Expression(e) => {
                    modifiers.insert(0, lit(e));
                    format!("expr({})", modifiers.join(", "))
                }
            }
        })
        .collect();
    let mut text = format!("#[index(on({})", keys.join(", "));
    if index.name != naming::index(relation, &index.keys) {
        write!(text, ", name = {}", lit(&index.name)).unwrap();
    }
    if index.unique {
        text.push_str(", unique");
    }
    if index.nulls_not_distinct {
        text.push_str(", nulls_not_distinct");
    }
    if index.method != schema_core::IndexMethod::Btree {
        write!(text, ", method = {}", lit(index.method.as_str())).unwrap();
    }
    if !index.include.is_empty() {
        write!(text, ", include({})", list(&index.include)).unwrap();
    }
    if let Some(predicate) = &index.predicate {
        write!(text, ", where = {}", lit(predicate)).unwrap();
    }
    if let Some(comment) = &index.comment {
        write!(text, ", comment = {}", lit(comment)).unwrap();
    }
    text.push_str(")]\n");
    out.push_str(&text);
}

fn write_policy(out: &mut String, policy: &schema_core::Policy) {
    let mut text = format!("#[policy(name = {}", lit(&policy.name));
    if policy.command != PolicyCommand::All {
        let command = PolicyCommand::ALL
            .iter()
            .find(|(_, c)| *c == policy.command)
            .map(|(text, _)| *text)
            .expect("every command is listed");
        write!(text, ", command = {}", lit(command)).unwrap();
    }
    if !policy.roles.is_empty() {
        let roles: Vec<String> = policy.roles.iter().map(|r| lit(r)).collect();
        write!(text, ", roles({})", roles.join(", ")).unwrap();
    }
    if let Some(using) = &policy.using {
        write!(text, ", using = {}", lit(using)).unwrap();
    }
    if let Some(with_check) = &policy.with_check {
        write!(text, ", with_check = {}", lit(with_check)).unwrap();
    }
    if policy.restrictive {
        text.push_str(", restrictive");
    }
    text.push_str(&comment(&policy.comment));
    text.push_str(")]\n");
    out.push_str(&text);
}

/// Whether the derive's `function = "schema.name"` can name a trigger's function: it takes
/// the names as they are, unquoted.
pub(crate) fn trigger_function_plain(trigger: &schema_core::Trigger) -> bool {
    let plain = |name: &str| !name.contains(|c: char| c.is_whitespace() || ".()\"".contains(c));
    plain(&trigger.function.schema) && plain(&trigger.function.name)
}

/// `#[trigger(..)]` on a table or view, its columns named by their fields and its
/// function by its Rust type when it is written as Rust (so the compiler checks that it
/// returns `trigger`), else by name.
pub(crate) fn write_trigger(
    out: &mut String,
    trigger: &schema_core::Trigger,
    field_of: &dyn Fn(&str) -> String,
    names: &Names,
) {
    let timing = match trigger.timing {
        TriggerTiming::Before => "before",
        TriggerTiming::After => "after",
        TriggerTiming::InsteadOf => "instead_of",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            TriggerEvent::Update if !trigger.update_of.is_empty() => {
                let columns: Vec<String> = trigger.update_of.iter().map(|c| field_of(c)).collect();
                format!("update({})", columns.join(", "))
            }
            TriggerEvent::Insert => "insert".into(),
            TriggerEvent::Update => "update".into(),
            TriggerEvent::Delete => "delete".into(),
            TriggerEvent::Truncate => "truncate".into(),
        })
        .collect();
    let mut text = format!(
        "#[trigger(name = {}, {timing}, events({}), function = {}",
        lit(&trigger.name),
        events.join(", "),
        names
            .function_type(&trigger.function)
            .unwrap_or_else(|| lit(&trigger.function.to_string()))
    );
    if !trigger.for_each_row {
        text.push_str(", for_each_statement");
    }
    if let Some(when) = &trigger.when {
        write!(text, ", when = {}", lit(when)).unwrap();
    }
    if !trigger.arguments.is_empty() {
        let args: Vec<String> = trigger.arguments.iter().map(|a| lit(a)).collect();
        write!(text, ", args({})", args.join(", ")).unwrap();
    }
    match trigger.constraint {
        Some(schema_core::Deferrable::No) => text.push_str(", constraint"),
        Some(schema_core::Deferrable::InitiallyImmediate) => {
            text.push_str(", constraint, deferrable");
        }
        Some(schema_core::Deferrable::InitiallyDeferred) => {
            text.push_str(", constraint, initially_deferred");
        }
        None => {}
    }
    if let Some(name) = &trigger.old_table {
        write!(text, ", old_table = {}", lit(name)).unwrap();
    }
    if let Some(name) = &trigger.new_table {
        write!(text, ", new_table = {}", lit(name)).unwrap();
    }
    match trigger.firing {
        TriggerFiring::Origin => {}
        TriggerFiring::Disabled => text.push_str(", firing = \"disabled\""),
        TriggerFiring::Replica => text.push_str(", firing = \"replica\""),
        TriggerFiring::Always => text.push_str(", firing = \"always\""),
    }
    if let Some(comment) = &trigger.comment {
        write!(text, ", comment = {}", lit(comment)).unwrap();
    }
    text.push_str(")]\n");
    out.push_str(&text);
}
