//! Ordering steps by what they create, drop and use.
//!
//! Every step says which objects it removes from the old schema, which objects of the new
//! schema it adds, and which old or new objects must exist while it runs. From that:
//! - a step that uses a new object runs after the step that adds it;
//! - a step that uses an old object runs before the step that removes it;
//! - an object is removed before it is added again (drop, then create under the same name).
//!
//! Steps of one change that must stay in sequence are chained explicitly. The order is a
//! topological sort; among the steps that are ready, the one with the lowest phase goes
//! first, then the one generated first, so the order is deterministic and reads well.

use schema_core::QualifiedName;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// An object steps create, drop or depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Object {
    Schema(String),
    Enum(QualifiedName),
    Table(QualifiedName),
    Column(QualifiedName, String),
    /// A constraint, by table and name.
    Constraint(QualifiedName, String),
    /// An index, or the index behind a primary key or unique constraint: they share one
    /// namespace per schema.
    Index(String, String),
    Policy(QualifiedName, String),
}

/// Rough position of a kind of step in a plan, used only to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    CreateSchema,
    Rename,
    CreateType,
    DropPolicy,
    DropForeignKey,
    DropConstraint,
    DropIndex,
    DropColumn,
    DropTable,
    AlterColumn,
    CreateTable,
    AddConstraint,
    AddForeignKey,
    CreateIndex,
    CreatePolicy,
    RowLevelSecurity,
    Comment,
    DropType,
    DropSchema,
}

/// A step before ordering.
#[derive(Debug, Clone)]
pub(crate) struct Node<T> {
    pub payload: T,
    pub phase: Phase,
    pub removes: Vec<Object>,
    pub adds: Vec<Object>,
    pub uses_old: Vec<Object>,
    pub uses_new: Vec<Object>,
    /// Indexes of nodes this one must follow.
    pub after: Vec<usize>,
}

impl<T> Node<T> {
    pub fn new(phase: Phase, payload: T) -> Self {
        Node {
            payload,
            phase,
            removes: Vec::new(),
            adds: Vec::new(),
            uses_old: Vec::new(),
            uses_new: Vec::new(),
            after: Vec::new(),
        }
    }
}

/// The nodes in an order that satisfies every dependency, or the nodes caught in a cycle.
pub(crate) fn order<T>(nodes: Vec<Node<T>>) -> Result<Vec<T>, Vec<T>> {
    let n = nodes.len();
    let mut adders: HashMap<&Object, Vec<usize>> = HashMap::new();
    let mut removers: HashMap<&Object, Vec<usize>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        for object in &node.adds {
            adders.entry(object).or_default().push(i);
        }
        for object in &node.removes {
            removers.entry(object).or_default().push(i);
        }
    }
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut edge = |from: usize, to: usize| {
        if from != to {
            edges[from].push(to);
        }
    };
    for (i, node) in nodes.iter().enumerate() {
        for &before in &node.after {
            edge(before, i);
        }
        for object in &node.uses_new {
            for &adder in adders.get(object).into_iter().flatten() {
                edge(adder, i);
            }
        }
        for object in &node.uses_old {
            for &remover in removers.get(object).into_iter().flatten() {
                edge(i, remover);
            }
        }
        for object in &node.adds {
            for &remover in removers.get(object).into_iter().flatten() {
                edge(remover, i);
            }
        }
    }
    let mut incoming = vec![0usize; n];
    for targets in &edges {
        for &t in targets {
            incoming[t] += 1;
        }
    }
    let mut ready: BinaryHeap<Reverse<(Phase, usize)>> = (0..n)
        .filter(|&i| incoming[i] == 0)
        .map(|i| Reverse((nodes[i].phase, i)))
        .collect();
    let mut sequence = Vec::with_capacity(n);
    while let Some(Reverse((_, i))) = ready.pop() {
        sequence.push(i);
        for &t in &edges[i] {
            incoming[t] -= 1;
            if incoming[t] == 0 {
                ready.push(Reverse((nodes[t].phase, t)));
            }
        }
    }
    let mut slots: Vec<Option<T>> = nodes.into_iter().map(|node| Some(node.payload)).collect();
    if sequence.len() < n {
        let stuck = (0..n)
            .filter(|&i| incoming[i] > 0)
            .filter_map(|i| slots[i].take())
            .collect();
        return Err(stuck);
    }
    Ok(sequence
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Object {
        Object::Table(QualifiedName::parse(name))
    }

    #[test]
    fn uses_and_removals_order_steps() {
        let mut drop_fk = Node::new(Phase::DropForeignKey, "drop fk");
        drop_fk.uses_old.push(table("a"));
        let mut drop_a = Node::new(Phase::DropForeignKey, "drop a");
        drop_a.removes.push(table("a"));
        let mut create_b = Node::new(Phase::CreateTable, "create b");
        create_b.adds.push(table("b"));
        let mut add_fk = Node::new(Phase::CreateSchema, "add fk");
        add_fk.uses_new.push(table("b"));
        let mut recreate_a = Node::new(Phase::CreateSchema, "create a");
        recreate_a.adds.push(table("a"));
        let order = order(vec![drop_a, add_fk, recreate_a, create_b, drop_fk]).unwrap();
        assert_eq!(
            order,
            ["drop fk", "drop a", "create a", "create b", "add fk"]
        );
    }

    #[test]
    fn ties_break_by_phase_then_position() {
        let nodes = vec![
            Node::new(Phase::Comment, "c"),
            Node::new(Phase::CreateSchema, "a"),
            Node::new(Phase::Comment, "d"),
            Node::new(Phase::Rename, "b"),
        ];
        assert_eq!(order(nodes).unwrap(), ["a", "b", "c", "d"]);
    }

    #[test]
    fn cycles_are_reported() {
        let mut a = Node::new(Phase::Comment, "a");
        let mut b = Node::new(Phase::Comment, "b");
        a.after.push(1);
        b.after.push(0);
        let free = Node::new(Phase::Comment, "free");
        assert_eq!(order(vec![a, b, free]).unwrap_err(), ["a", "b"]);
    }
}
