//! What the code of `#[derive(Table)]` and `#[derive(PgEnum)]` calls. Not a public API: it
//! changes without notice.
//!
//! The derive describes a type as constant data (the `*Spec` structs below, which borrow
//! string literals and hold function pointers to `PgType` and `Table` implementations), and
//! one function here builds the model from it. So the code generated per type and per
//! column stays small: no monomorphised builder calls, no logic, only a literal.
//!
//! Each spec has a constructor taking its required parts; the derive writes the other
//! fields only when they differ from the constructor's, using struct update syntax.

mod allow;
mod enum_type;
mod function;
mod partition;
mod table;
mod trigger;
mod view;

pub use allow::AllowSpec;
pub use enum_type::*;
pub use function::*;
pub use partition::*;
pub use table::*;
pub use trigger::*;
pub use view::*;

use allow::allows;

fn owned(text: Option<&str>) -> Option<String> {
    text.map(str::to_string)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
