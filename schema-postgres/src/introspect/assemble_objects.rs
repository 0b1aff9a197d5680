//! Catalog rows of extensions, domains, composite types, functions, views, triggers and
//! grants -> model values, with a note for everything the model cannot hold.

use super::assemble::column_type;
use super::catalog::ColumnRow;
use super::catalog_objects::{FunctionRow, GrantRow, Objects, TriggerRow, ViewRow};
use super::Note;
use crate::normalize::sql_text::{find_top_level, identifier, split_top_level};
use postgres::types::Oid;
use schema_core::{
    Argument, CompositeAttribute, CompositeDef, DefaultValue, DomainDef, Extension, FunctionDef,
    Grant, GrantObject, Index, IndexTarget, Language, PartitionBound, PartitionBy,
    PartitionStrategy, Privilege, QualifiedName, ReturnColumn, Returns, SqlType, TableDef, Trigger,
    TriggerEvent, TriggerTiming, ViewColumn, ViewDef, Volatility,
};
use std::collections::{BTreeMap, BTreeSet};

/// What the objects become.
pub(super) struct Parts {
    pub extensions: Vec<Extension>,
    pub domains: Vec<DomainDef>,
    pub composites: Vec<CompositeDef>,
    pub functions: Vec<FunctionDef>,
    pub views: Vec<ViewDef>,
    pub grants: Vec<Grant>,
}

pub(super) fn assemble(
    objects: Objects,
    tables: &mut BTreeMap<Oid, TableDef>,
    mut view_columns: BTreeMap<Oid, Vec<ColumnRow>>,
    mut view_indexes: BTreeMap<Oid, Vec<Index>>,
    enums: &BTreeSet<QualifiedName>,
    notes: &mut Vec<Note>,
    roles: &mut BTreeSet<String>,
) -> Parts {
    for (what, name) in &objects.unsupported {
        notes.push(Note::new(
            format!("{what} `{name}`"),
            format!("was left out: the model has no {what}s"),
        ));
    }
    let extensions = objects
        .extensions
        .into_iter()
        .map(|row| Extension {
            name: row.name,
            schema: Some(row.schema),
        })
        .collect();
    let domains = objects
        .domains
        .into_iter()
        .map(|row| {
            let name = QualifiedName::new(row.schema, row.name);
            let base = match row.base_enum {
                Some((schema, name)) if enums.contains(&QualifiedName::new(&schema, &name)) => {
                    SqlType::Enum(QualifiedName::new(schema, name))
                }
                _ => SqlType::parse(&row.base),
            };
            let mut def = DomainDef::new(&name.to_string(), base);
            def.name = name;
            def.not_null = row.not_null;
            def.default = row.default.map(DefaultValue::Expression);
            def.comment = row.comment;
            for (check, expression) in row.check_names.iter().zip(&row.check_expressions) {
                def = def.with_check(Some(check), expression);
            }
            def
        })
        .collect();
    let composites = objects
        .composites
        .into_iter()
        .map(|row| CompositeDef {
            name: QualifiedName::new(row.schema, row.name),
            attributes: row
                .attribute_names
                .into_iter()
                .zip(&row.attribute_types)
                .map(|(name, ty)| CompositeAttribute {
                    name,
                    ty: SqlType::parse(ty),
                })
                .collect(),
            comment: row.comment,
        })
        .collect();

    let mut functions: Vec<FunctionDef> = Vec::new();
    for row in objects.functions {
        let name = QualifiedName::new(row.schema.clone(), row.name.clone());
        if functions.iter().any(|f| f.name == name) {
            notes.push(Note::new(
                format!("function `{name}`"),
                "is overloaded (another function has the same name) and this one was left out: the model knows functions by name alone".into(),
            ));
            continue;
        }
        if let Some(function) = function(row, notes) {
            functions.push(function);
        }
    }

    let mut views: BTreeMap<Oid, ViewDef> = BTreeMap::new();
    for row in objects.views {
        let columns = view_columns.remove(&row.oid).unwrap_or_default();
        let indexes = view_indexes.remove(&row.oid).unwrap_or_default();
        let oid = row.oid;
        views.insert(oid, view(row, columns, indexes, enums, notes));
    }

    for row in objects.triggers {
        let (owner, triggers) = if let Some(table) = tables.get_mut(&row.relation) {
            (format!("table `{}`", table.name), &mut table.triggers)
        } else if let Some(view) = views.get_mut(&row.relation) {
            (
                format!("{} `{}`", view.kind(), view.name),
                &mut view.triggers,
            )
        } else {
            continue;
        };
        if let Some(trigger) = trigger(row, &owner, notes) {
            triggers.push(trigger);
        }
    }

    let mut grants = Vec::new();
    for row in objects.grants {
        if row.grantee != "public" {
            roles.insert(row.grantee.clone());
        }
        if let Some(grant) = grant(row, notes) {
            grants.push(grant);
        }
    }

    Parts {
        extensions,
        domains,
        composites,
        functions,
        views: views.into_values().collect(),
        grants,
    }
}

fn function(row: FunctionRow, notes: &mut Vec<Note>) -> Option<FunctionDef> {
    let name = QualifiedName::new(row.schema, row.name);
    let object = format!("function `{name}`");
    let mut skip = |message: String| {
        notes.push(Note::new(object.clone(), message));
        None
    };
    if row.kind != "f" {
        let what = match row.kind.as_str() {
            "p" => "a procedure",
            "a" => "an aggregate",
            "w" => "a window function",
            _ => "not a plain function",
        };
        return skip(format!(
            "is {what}, which the model does not have, and was left out"
        ));
    }
    let language = match row.language.as_str() {
        "sql" => Language::Sql,
        "plpgsql" => Language::Plpgsql,
        other => {
            return skip(format!(
                "is written in `{other}`, which the model does not have (only `sql` and `plpgsql`), and was left out"
            ))
        }
    };
    let modes: Vec<&str> = if row.arg_modes.is_empty() {
        vec!["i"; row.arg_types.len()]
    } else {
        row.arg_modes.iter().map(String::as_str).collect()
    };
    if modes.iter().any(|m| !matches!(*m, "i" | "t")) {
        return skip(
            "has OUT, INOUT or VARIADIC arguments, which the model does not have, and was left out"
                .into(),
        );
    }
    let name_of = |i: usize| row.arg_names.get(i).filter(|n| !n.is_empty()).cloned();
    // `pg_get_function_arguments` lists the input arguments with their defaults.
    let texts = if row.arguments_text.trim().is_empty() {
        Vec::new()
    } else {
        split_top_level(&row.arguments_text, ',')
    };
    let mut arguments = Vec::new();
    let mut table_columns = Vec::new();
    for (i, mode) in modes.iter().enumerate() {
        let ty = SqlType::parse(&row.arg_types[i]);
        if *mode == "t" {
            table_columns.push(ReturnColumn {
                name: name_of(i).unwrap_or_default(),
                ty,
            });
            continue;
        }
        let default = texts.get(arguments.len()).and_then(|text| {
            find_top_level(text, " DEFAULT ").map(|at| text[at + " DEFAULT ".len()..].to_string())
        });
        arguments.push(Argument {
            name: name_of(i),
            ty,
            default,
        });
    }
    let returns = if !table_columns.is_empty() {
        Returns::Table(table_columns)
    } else if row.return_type == "trigger" {
        Returns::Trigger
    } else if row.return_type == "void" && !row.returns_set {
        Returns::Void
    } else if row.returns_set {
        Returns::SetOf(SqlType::parse(&row.return_type))
    } else {
        Returns::Type(SqlType::parse(&row.return_type))
    };
    let mut search_path = None;
    for setting in &row.config {
        match setting.split_once('=') {
            Some(("search_path", value)) => search_path = Some(search_path_value(value)),
            _ => notes.push(Note::new(
                object.clone(),
                format!("sets `{setting}` for its calls; the model has `search_path` only, so the setting was left out"),
            )),
        }
    }
    Some(FunctionDef {
        name,
        arguments,
        returns,
        language,
        volatility: match row.volatility.as_str() {
            "i" => Volatility::Immutable,
            "s" => Volatility::Stable,
            _ => Volatility::Volatile,
        },
        strict: row.strict,
        security_definer: row.security_definer,
        search_path,
        body: row.body,
        comment: row.comment,
        allow: Vec::new(),
    })
}

/// `public, pg_temp` (as `proconfig` stores `SET search_path = public, pg_temp`): the
/// schema names, unquoted; `""` is the empty path.
fn search_path_value(value: &str) -> Vec<String> {
    if value.trim() == "\"\"" || value.trim().is_empty() {
        return Vec::new();
    }
    split_top_level(value, ',')
        .into_iter()
        .map(|part| identifier(&part).unwrap_or(part))
        .collect()
}

fn view(
    row: ViewRow,
    columns: Vec<ColumnRow>,
    indexes: Vec<Index>,
    enums: &BTreeSet<QualifiedName>,
    notes: &mut Vec<Note>,
) -> ViewDef {
    let name = QualifiedName::new(row.schema, row.name);
    let mut view = if row.kind == "m" {
        ViewDef::materialized(name, &row.query)
    } else {
        ViewDef::new(name, &row.query)
    };
    view.query = view.query.trim().trim_end_matches(';').to_string();
    view.columns = columns
        .into_iter()
        .map(|column| ViewColumn {
            ty: column_type(&column, enums),
            name: column.name,
            comment: column.comment,
        })
        .collect();
    view.indexes = indexes;
    view.comment = row.comment;
    for option in &row.options {
        match option.split_once('=') {
            Some(("security_invoker", value)) => {
                view.security_invoker = matches!(value, "true" | "on" | "yes" | "1");
            }
            _ => notes.push(Note::new(
                format!("{} `{}`", view.kind(), view.name),
                format!("has option `{option}`, which the model does not have, so it was left out"),
            )),
        }
    }
    view
}

fn trigger(row: TriggerRow, owner: &str, notes: &mut Vec<Note>) -> Option<Trigger> {
    let object = format!("trigger `{}` on {owner}", row.name);
    if row.is_constraint {
        notes.push(Note::new(
            object,
            "is a constraint trigger, which the model does not have, and was left out".into(),
        ));
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
    if row.definition.contains(" REFERENCING ") {
        notes.push(Note::new(
            object.clone(),
            "has transition tables (`REFERENCING`), which the model does not have, so they were left out".into(),
        ));
    }
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
    })
}

/// The `WHEN (...)` condition of a `pg_get_triggerdef` text, without its parentheses.
fn when_clause(definition: &str) -> Option<String> {
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

fn grant(row: GrantRow, notes: &mut Vec<Note>) -> Option<Grant> {
    let privilege = match row.privilege.as_str() {
        "SELECT" => Privilege::Select,
        "INSERT" => Privilege::Insert,
        "UPDATE" => Privilege::Update,
        "DELETE" => Privilege::Delete,
        "TRUNCATE" => Privilege::Truncate,
        "REFERENCES" => Privilege::References,
        "TRIGGER" => Privilege::Trigger,
        "USAGE" => Privilege::Usage,
        "EXECUTE" => Privilege::Execute,
        "CREATE" => Privilege::Create,
        other => {
            notes.push(Note::new(
                format!("grant of `{other}` to `{}`", row.grantee),
                "is a privilege the model does not have, and was left out".into(),
            ));
            return None;
        }
    };
    let name = |n: Option<String>| QualifiedName::new(row.schema.clone(), n.unwrap_or_default());
    let on = match (row.kind.as_str(), row.column) {
        ("n", _) => GrantObject::Schema(row.schema.clone()),
        ("f", _) => GrantObject::Function(name(row.name)),
        ("S", _) => GrantObject::Sequence(name(row.name)),
        (_, Some(column)) => GrantObject::Column {
            table: name(row.name),
            column,
        },
        (_, None) => GrantObject::Table(name(row.name)),
    };
    Some(Grant {
        on,
        privileges: vec![privilege],
        to: row.grantee,
        with_grant_option: row.grantable,
    })
}

/// `RANGE (a, (b + 1))` as `pg_get_partkeydef` prints it.
pub(super) fn partition_key(text: &str) -> Option<PartitionBy> {
    let (strategy, rest) = text.trim().split_once(' ')?;
    let strategy = match strategy {
        "RANGE" => PartitionStrategy::Range,
        "LIST" => PartitionStrategy::List,
        "HASH" => PartitionStrategy::Hash,
        _ => return None,
    };
    let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    let keys = split_top_level(inner, ',')
        .into_iter()
        .map(|key| match identifier(&key) {
            Some(column) => IndexTarget::Column(column),
            None => IndexTarget::Expression(key),
        })
        .collect();
    Some(PartitionBy { strategy, keys })
}

/// `FOR VALUES FROM (...) TO (...)`, `FOR VALUES IN (...)`, `FOR VALUES WITH (modulus m,
/// remainder r)` or `DEFAULT`, as `pg_get_expr(relpartbound)` prints it.
pub(super) fn partition_bound(text: &str) -> Option<PartitionBound> {
    let text = text.trim();
    if text == "DEFAULT" {
        return Some(PartitionBound::Default);
    }
    let rest = text.strip_prefix("FOR VALUES ")?;
    let list = |inner: &str| split_top_level(inner, ',');
    if let Some(rest) = rest.strip_prefix("IN (") {
        return Some(PartitionBound::List(list(rest.strip_suffix(')')?)));
    }
    if let Some(rest) = rest.strip_prefix("WITH (") {
        let mut modulus = None;
        let mut remainder = None;
        for part in list(rest.strip_suffix(')')?) {
            let (key, value) = part.split_once(' ')?;
            let value: u32 = value.trim().parse().ok()?;
            match key.to_ascii_lowercase().as_str() {
                "modulus" => modulus = Some(value),
                "remainder" => remainder = Some(value),
                _ => return None,
            }
        }
        return Some(PartitionBound::Hash {
            modulus: modulus?,
            remainder: remainder?,
        });
    }
    let rest = rest.strip_prefix("FROM (")?;
    let to = find_top_level(rest, ") TO (")?;
    let from = list(&rest[..to]);
    let to = list(rest[to + ") TO (".len()..].strip_suffix(')')?);
    Some(PartitionBound::Range { from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_texts_parse() {
        assert_eq!(
            partition_key("LIST (lower(country))"),
            Some(PartitionBy {
                strategy: PartitionStrategy::List,
                keys: vec![IndexTarget::Expression("lower(country)".into())]
            })
        );
        assert_eq!(
            partition_key("RANGE (happened_at, \"Kind\")").unwrap().keys,
            vec![
                IndexTarget::Column("happened_at".into()),
                IndexTarget::Column("Kind".into())
            ]
        );
        assert_eq!(
            partition_bound(
                "FOR VALUES FROM ('2025-01-01 00:00:00+00', 1) TO (MAXVALUE, MAXVALUE)"
            ),
            Some(PartitionBound::Range {
                from: vec!["'2025-01-01 00:00:00+00'".into(), "1".into()],
                to: vec!["MAXVALUE".into(), "MAXVALUE".into()],
            })
        );
        assert_eq!(
            partition_bound("FOR VALUES IN ('a, b', 'c')"),
            Some(PartitionBound::List(vec!["'a, b'".into(), "'c'".into()]))
        );
        assert_eq!(
            partition_bound("FOR VALUES WITH (modulus 4, remainder 3)"),
            Some(PartitionBound::hash(4, 3))
        );
        assert_eq!(partition_bound("DEFAULT"), Some(PartitionBound::Default));
        assert_eq!(partition_bound("FOR VALUES SOMEHOW"), None);
    }

    #[test]
    fn trigger_conditions_and_search_paths_parse() {
        assert_eq!(
            when_clause("CREATE TRIGGER t AFTER UPDATE ON public.d FOR EACH ROW WHEN ((old.title IS DISTINCT FROM new.title)) EXECUTE FUNCTION audit('a')").as_deref(),
            Some("(old.title IS DISTINCT FROM new.title)")
        );
        assert_eq!(
            when_clause("CREATE TRIGGER t AFTER UPDATE ON public.d FOR EACH ROW EXECUTE FUNCTION audit('WHEN (x)')"),
            None
        );
        assert_eq!(search_path_value("public, pg_temp"), ["public", "pg_temp"]);
        assert_eq!(search_path_value("\"\""), Vec::<String>::new());
        assert_eq!(
            search_path_value("\"My Schema\", public"),
            ["My Schema", "public"]
        );
    }
}
