//! `allow(lint, reason = "...")` in `#[table(...)]`, `#[policy(...)]` and `#[function(...)]`.

use crate::lint::{Allow, Lint};

/// One allow: the derive names the `Lint` variant from the lint's name, so an unknown
/// lint fails to compile at the name the user wrote.
pub struct AllowSpec<'a> {
    /// The lint kept quiet.
    pub lint: Lint,
    /// `reason = "..."`, which the derive requires to be non-empty.
    pub reason: &'a str,
}

pub(super) fn allows(specs: &[AllowSpec<'_>]) -> Vec<Allow> {
    specs
        .iter()
        .map(|spec| Allow::new(spec.lint, spec.reason))
        .collect()
}
