//! The one topological sort, shared by the plan's step graph and the render order of
//! functions and views. It lives apart from both so that neither engine imports the other.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The nodes `0..edges.len()` in an order where every `edges[from]` node comes after
/// `from`; among the nodes ready to go, the one with the smallest `key` goes first, so the
/// order is deterministic. Duplicate edges are allowed. Runs in O(e + n log n).
///
/// Returns the nodes in that order, then the nodes caught in a cycle or waiting on one
/// (empty when there is no cycle), by index.
pub(crate) fn sort<K: Ord>(
    edges: &[Vec<usize>],
    key: impl Fn(usize) -> K,
) -> (Vec<usize>, Vec<usize>) {
    let n = edges.len();
    let mut incoming = vec![0usize; n];
    for targets in edges {
        for &t in targets {
            incoming[t] += 1;
        }
    }
    let mut ready: BinaryHeap<Reverse<(K, usize)>> = (0..n)
        .filter(|&i| incoming[i] == 0)
        .map(|i| Reverse((key(i), i)))
        .collect();
    let mut sequence = Vec::with_capacity(n);
    while let Some(Reverse((_, i))) = ready.pop() {
        sequence.push(i);
        for &t in &edges[i] {
            incoming[t] -= 1;
            if incoming[t] == 0 {
                ready.push(Reverse((key(t), t)));
            }
        }
    }
    let stuck = (0..n).filter(|&i| incoming[i] > 0).collect();
    (sequence, stuck)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_edges_and_breaks_ties_by_key() {
        // 2 must follow 0; otherwise the smallest key first.
        let edges = vec![vec![2], vec![], vec![], vec![]];
        let keys = ["b", "d", "a", "c"];
        assert_eq!(sort(&edges, |i| keys[i]), (vec![0, 2, 3, 1], vec![]));
    }

    #[test]
    fn reports_the_nodes_caught_in_a_cycle() {
        let edges = vec![vec![1], vec![0, 2], vec![], vec![]];
        assert_eq!(sort(&edges, |i| i), (vec![3], vec![0, 1, 2]));
    }
}
