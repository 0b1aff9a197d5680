//! What the planner reports instead of a step it cannot take safely.

use std::fmt;

/// One change the planner cannot carry out safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The object at fault, such as ``column `public.users.id` ``.
    pub object: String,
    /// Why, and what to do instead.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.reason)
    }
}
