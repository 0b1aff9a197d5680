//! A large Postgres schema's tables split into modules of readable size: tables in name
//! order, runs of tables whose names start with the same word (`file_shares`,
//! `file_uploads`) kept together where they fit, each module named after its words
//! (`file`, `coach_to_conversations`). Deterministic: the same tables give the same
//! modules.

use super::names::{snake, unraw, Scope};

/// The lines of tables a module holds at most before the schema's tables are split (about
/// 700 once rustfmt has laid the attributes out, which takes about 1.7 lines a line).
pub(crate) const MODULE_LINES: usize = 400;

/// The first word of a table's name, which groups it with its neighbours.
fn first_word(table: &str) -> String {
    let snake = snake(table);
    unraw(&snake)
        .trim_start_matches('_')
        .split('_')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Groups of `tables` (name, lines written), in name order: each group's module name and
/// the indices of its tables. One group when they fit in [`MODULE_LINES`]; `taken` holds
/// the names the modules may not take.
pub(crate) fn groups(tables: &[(&str, usize)], taken: &[&str]) -> Vec<(String, Vec<usize>)> {
    // Runs of one first word, a run too long for a module cut into pieces that fit.
    let mut runs: Vec<(String, Vec<usize>, usize)> = Vec::new();
    for (index, (name, lines)) in tables.iter().enumerate() {
        let word = first_word(name);
        match runs.last_mut() {
            Some((last, indices, total)) if *last == word && *total + lines <= MODULE_LINES => {
                indices.push(index);
                *total += lines;
            }
            _ => runs.push((word, vec![index], *lines)),
        }
    }
    // Neighbouring runs merged into as few modules as fit, of about even size (so the
    // last is not a stray table): for `modules` modules, each takes runs up to its share
    // and a quarter more, until the runs fit in that many.
    let total: usize = tables.iter().map(|(_, lines)| lines).sum();
    let mut modules = total.div_ceil(MODULE_LINES).max(1);
    let chunks = loop {
        let share = total.div_ceil(modules);
        let cap = (share + share / 4).min(MODULE_LINES);
        let chunks = pack(&runs, cap);
        if chunks.len() <= modules {
            break chunks;
        }
        modules += 1;
    };
    let mut scope = Scope::default();
    for name in taken {
        scope.unique((*name).to_owned());
    }
    chunks
        .into_iter()
        .map(|(first, last, indices)| {
            let name = if first == last {
                first
            } else {
                format!("{first}_to_{last}")
            };
            (scope.unique(snake(&name)), indices)
        })
        .collect()
}

/// Runs packed in order into chunks of at most `cap` lines (a longer run alone): each
/// chunk's first and last word and its tables.
fn pack(runs: &[(String, Vec<usize>, usize)], cap: usize) -> Vec<(String, String, Vec<usize>)> {
    let mut chunks: Vec<(String, String, Vec<usize>, usize)> = Vec::new();
    for (word, indices, lines) in runs {
        match chunks.last_mut() {
            Some((_, last, chunk, total)) if *total + lines <= cap => {
                last.clone_from(word);
                chunk.extend(indices);
                *total += lines;
            }
            _ => chunks.push((word.clone(), word.clone(), indices.clone(), *lines)),
        }
    }
    chunks
        .into_iter()
        .map(|(first, last, indices, _)| (first, last, indices))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_by_name_share_a_module_that_fits() {
        let tables = [
            ("coach_availability", 150),
            ("coach_notes", 150),
            ("conversations", 100),
            ("file_shares", 150),
            ("file_uploads", 150),
            ("messages", 100),
        ];
        let groups = groups(&tables, &[]);
        assert_eq!(
            groups,
            vec![
                ("coach_to_conversations".to_owned(), vec![0, 1, 2]),
                ("file_to_messages".to_owned(), vec![3, 4, 5]),
            ]
        );
    }

    #[test]
    fn a_long_run_is_cut_and_names_stay_unique() {
        let tables = [("user_a", 300), ("user_b", 300), ("user_c", 300)];
        let groups = groups(&tables, &["user"]);
        assert_eq!(
            groups,
            vec![
                ("user_2".to_owned(), vec![0]),
                ("user_3".to_owned(), vec![1]),
                ("user_4".to_owned(), vec![2]),
            ]
        );
    }
}
