//! Human output, in the style of rustc's diagnostics so it reads like the compiler's own.
//! JSON for tools is [`Report::to_json`](super::Report::to_json).

use super::{Finding, Level, Report};
use std::fmt;

/// ```text
/// warning[auth_rls_initplan]: policy re-evaluates an auth function for each row
///   --> public.sessions, policy `coaches see their sessions`
///   = note: ...
///   = help: ...
/// ```
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}[{}]: {}",
            self.level.as_str(),
            self.lint,
            self.lint.title()
        )?;
        writeln!(f, "  --> {}", self.location())?;
        writeln!(f, "  = note: {}", self.why)?;
        writeln!(f, "  = help: {}", self.fix)
    }
}

/// Every finding, a blank line between them, then a summary line.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        let counts: Vec<String> = [Level::Error, Level::Warning, Level::Info]
            .into_iter()
            .map(|level| plural(self.count(level), level.as_str()))
            .collect();
        write!(f, "lint: {}", counts.join(", "))?;
        if !self.suppressed.is_empty() {
            write!(f, " ({} suppressed)", self.suppressed.len())?;
        }
        writeln!(f)
    }
}

fn plural(count: usize, word: &str) -> String {
    match (count, word) {
        (1, _) | (_, "info") => format!("{count} {word}"),
        _ => format!("{count} {word}s"),
    }
}
