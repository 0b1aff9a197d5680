//! Objects the database uses but does not own (`auth.users`, `auth.uid()`) as
//! `ExternalTable::new(..)` and `ExternalFunction::new(..)`: referenced, never created.

use super::lit;
use super::names::{name_text, sql_type_expr};
use schema_core::{ExternalFunction, ExternalTable};

/// Whether the builder can name it.
pub(crate) fn table_supported(table: &ExternalTable) -> bool {
    name_text(&table.name).is_some()
}

/// The builder expression for `table`.
pub(crate) fn table_expr(table: &ExternalTable) -> String {
    let mut text = format!(
        "ExternalTable::new({})",
        lit(&name_text(&table.name).expect("supported"))
    );
    for column in &table.columns {
        text.push_str(&format!(
            ".column({}, {})",
            lit(&column.name),
            sql_type_expr(&column.ty)
        ));
    }
    text
}

/// Whether the builder can name it.
pub(crate) fn function_supported(function: &ExternalFunction) -> bool {
    name_text(&function.name).is_some()
}

/// The builder expression for `function`.
pub(crate) fn function_expr(function: &ExternalFunction) -> String {
    let mut text = format!(
        "ExternalFunction::new({}, {})",
        lit(&name_text(&function.name).expect("supported")),
        sql_type_expr(&function.returns)
    );
    for argument in &function.arguments {
        text.push_str(&format!(".argument({})", sql_type_expr(argument)));
    }
    if let Some(stand_in) = &function.stand_in {
        text.push_str(&format!(".stand_in({})", lit(stand_in)));
    }
    text
}
