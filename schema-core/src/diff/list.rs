//! The one list diff everything goes through: two lists matched by a key.

use std::collections::BTreeMap;

/// Two lists matched by key, each part sorted by key so that the result does not depend
/// on the input order.
#[derive(Debug)]
pub(crate) struct Matched<'a, T> {
    /// Only in the old list.
    pub removed: Vec<&'a T>,
    /// Only in the new list.
    pub added: Vec<&'a T>,
    /// In both: (old, new).
    pub common: Vec<(&'a T, &'a T)>,
}

/// Matches `from` against `to` by `key`. A key appearing twice in one list keeps its first
/// element: schemas are validated, so that only happens with hand-made values.
pub(crate) fn match_by<'a, T, K: Ord>(
    from: &'a [T],
    to: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Matched<'a, T> {
    let mut old: BTreeMap<K, &'a T> = BTreeMap::new();
    for item in from {
        old.entry(key(item)).or_insert(item);
    }
    let mut new: BTreeMap<K, &'a T> = BTreeMap::new();
    for item in to {
        new.entry(key(item)).or_insert(item);
    }
    let mut matched = Matched {
        removed: Vec::new(),
        added: Vec::new(),
        common: Vec::new(),
    };
    let mut old = old.into_iter().peekable();
    let mut new = new.into_iter().peekable();
    // A merge of two sorted sequences: linear after the sorts.
    loop {
        match (old.peek(), new.peek()) {
            (Some((a, _)), Some((b, _))) => match a.cmp(b) {
                std::cmp::Ordering::Less => matched.removed.push(old.next().unwrap().1),
                std::cmp::Ordering::Greater => matched.added.push(new.next().unwrap().1),
                std::cmp::Ordering::Equal => {
                    let (_, a) = old.next().unwrap();
                    let (_, b) = new.next().unwrap();
                    matched.common.push((a, b));
                }
            },
            (Some(_), None) => matched.removed.push(old.next().unwrap().1),
            (None, Some(_)) => matched.added.push(new.next().unwrap().1),
            (None, None) => break,
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_by_key_in_key_order() {
        let from = ["b1", "a1", "c1"];
        let to = ["d2", "b2", "a2"];
        let m = match_by(&from, &to, |s| &s[..1]);
        assert_eq!(m.removed, [&"c1"]);
        assert_eq!(m.added, [&"d2"]);
        assert_eq!(m.common, [(&"a1", &"a2"), (&"b1", &"b2")]);
    }

    #[test]
    fn first_of_a_duplicate_key_wins() {
        let from = ["a1", "a2"];
        let to: [&str; 0] = [];
        let m = match_by(&from, &to, |s| &s[..1]);
        assert_eq!(m.removed, [&"a1"]);
    }
}
