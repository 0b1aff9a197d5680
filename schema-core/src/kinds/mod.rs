//! Every object kind the model holds, one module each: its model types, its checks (run by
//! the validation engine in `validate.rs`) and its model-level diff (run by the engine in
//! `diff/`). Adding a kind means adding a module here and naming it in those two engines.
//! A table's parts (columns, constraints, indexes, policies, triggers, partitioning) are
//! modules of `table/`: they are checked and diffed table by table.

pub(crate) mod composite;
pub(crate) mod domain;
pub(crate) mod enum_type;
pub(crate) mod extension;
pub(crate) mod external;
pub(crate) mod function;
pub(crate) mod grant;
pub(crate) mod role;
pub(crate) mod sequence;
pub(crate) mod table;
pub(crate) mod view;
