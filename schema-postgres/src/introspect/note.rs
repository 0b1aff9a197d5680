//! What introspection says about what it left out or simplified.

use std::fmt;

/// Something in the database the model cannot hold yet, and what introspection did about
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The object, such as ``table `public.events_2024` ``.
    pub object: String,
    /// What was done, such as `is a partition of ... and was left out`.
    pub message: String,
}

impl Note {
    pub(crate) fn new(object: String, message: String) -> Self {
        Note { object, message }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.object, self.message)
    }
}
