//! The error collector every phase reports into, so the user sees every bad attribute of
//! a type at once instead of fixing them one compile at a time.

use quote::ToTokens;
use std::cell::RefCell;
use std::fmt::Display;

/// Gathers errors while the phases run. It must be consumed with [`Ctxt::check`]: dropping
/// it unchecked is a bug in the macro (errors would be silently lost), so it panics.
#[derive(Default)]
pub(crate) struct Ctxt {
    // `RefCell` so that every phase can share a `&Ctxt` while also holding borrows of the
    // input; `Option` records whether `check` ran.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records an error spanned on `tokens` (all of them, not only the first token).
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error produced by syn while parsing.
    pub(crate) fn syn_error(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("Ctxt used after check")
            .push(error);
    }

    /// Whether no error was recorded so far.
    pub(crate) fn is_clean(&self) -> bool {
        self.errors
            .borrow()
            .as_ref()
            .expect("Ctxt used after check")
            .is_empty()
    }

    /// Consumes the context: `Ok` when no error was recorded.
    pub(crate) fn check(self) -> Result<(), Vec<syn::Error>> {
        let errors = self.errors.borrow_mut().take().expect("Ctxt checked twice");
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("forgot to check for errors");
        }
    }
}
