//! Ordering steps by what they create, drop and use.
//!
//! Every step says which objects it removes from the old schema, which objects of the new
//! schema it adds, and which old or new objects must exist while it runs. From that:
//! - a step that uses a new object runs after the step that adds it;
//! - a step that uses an old object runs before the step that removes it;
//! - an object is removed before it is added again (drop, then create under the same name).
//!
//! Steps of one change that must stay in sequence are chained explicitly. The order is a
//! topological sort (`crate::topological`); among the steps that are ready, the one with the lowest phase goes
//! first, then the one generated first, so the order is deterministic and reads well.

use schema_core::QualifiedName;
use std::collections::HashMap;

/// An object steps create, drop or depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
/// It borrows its names from the schemas and changes being planned: a large plan has
/// hundreds of thousands of them, and owned copies cost more than everything else.
pub(crate) enum Object<'a> {
    Schema(&'a str),
    /// A type the schema defines: an enum, a domain or a composite type. They share one
    /// namespace (`pg_type`), and a column or argument naming a type does not say which it is.
    Type(&'a QualifiedName),
    Table(&'a QualifiedName),
    Column(&'a QualifiedName, &'a str),
    /// A constraint, by table and name.
    Constraint(&'a QualifiedName, &'a str),
    /// An index, or the index behind a primary key or unique constraint: they share one
    /// namespace per schema.
    Index(&'a str, &'a str),
    Policy(&'a QualifiedName, &'a str),
    Extension(&'a str),
    Role(&'a str),
    Function(&'a QualifiedName),
    /// An object of a kind that the graph knows by name alone: the kind as messages call it
    /// (`sequence`) and the name. A new kind uses this rather than a variant of its own.
    Named(&'static str, &'a QualifiedName),
    /// A trigger, by table (or view) and name.
    Trigger(&'a QualifiedName, &'a str),
    /// An object kept as definition text, by kind and identity (`schema_core::Opaque`).
    Opaque(&'a str, &'a str),
}

/// Rough position of a kind of step in a plan, used only to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    CreateSchema,
    CreateExtension,
    CreateRole,
    /// `ALTER DEFAULT PRIVILEGES`: before the objects they apply to are created.
    DefaultPrivileges,
    Rename,
    CreateType,
    Revoke,
    DropTrigger,
    DropPolicy,
    DropView,
    DropForeignKey,
    DropConstraint,
    DropIndex,
    DropColumn,
    DropTable,
    DropFunction,
    AlterColumn,
    CreateTable,
    AddConstraint,
    /// Citus distribution: after the keys it checks, before the foreign keys it needs.
    Distribute,
    AddForeignKey,
    CreateIndex,
    /// Table-wide settings (`SET UNLOGGED`, `REPLICA IDENTITY`): after the indexes a
    /// replica identity may name.
    AlterTable,
    CreateFunction,
    CreateView,
    CreatePolicy,
    RowLevelSecurity,
    CreateTrigger,
    Grant,
    Comment,
    DropType,
    DropExtension,
    DropSchema,
}

/// A step before ordering.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a, T> {
    pub payload: T,
    pub phase: Phase,
    pub removes: Vec<Object<'a>>,
    pub adds: Vec<Object<'a>>,
    pub uses_old: Vec<Object<'a>>,
    pub uses_new: Vec<Object<'a>>,
    /// Indexes of nodes this one must follow.
    pub after: Vec<usize>,
}

impl<T> Node<'_, T> {
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

/// The nodes that mention each object in one of their lists.
struct Index<'o, 'a> {
    first: HashMap<&'o Object<'a>, usize>,
    /// (node, next entry of the same object or `usize::MAX`)
    entries: Vec<(usize, usize)>,
}

impl<'o, 'a> Index<'o, 'a> {
    fn new(lists: impl Iterator<Item = &'o Vec<Object<'a>>> + Clone) -> Self {
        let count = lists.clone().map(Vec::len).sum();
        let mut index = Index {
            first: HashMap::with_capacity(count),
            entries: Vec::with_capacity(count),
        };
        for (node, list) in lists.enumerate() {
            for object in list {
                let next = index
                    .first
                    .insert(object, index.entries.len())
                    .unwrap_or(usize::MAX);
                index.entries.push((node, next));
            }
        }
        index
    }

    fn each(&self, object: &Object<'a>, mut f: impl FnMut(usize)) {
        let mut at = self.first.get(object).copied().unwrap_or(usize::MAX);
        while at != usize::MAX {
            let (node, next) = self.entries[at];
            f(node);
            at = next;
        }
    }
}

/// The nodes in an order that satisfies every dependency, or the nodes caught in a cycle.
pub(crate) fn order<T>(nodes: Vec<Node<'_, T>>) -> Result<Vec<T>, Vec<T>> {
    let n = nodes.len();
    // Who adds and who removes each object, as linked lists threaded through one vector
    // (a vector per object would cost an allocation each).
    let adders = Index::new(nodes.iter().map(|node| &node.adds));
    let removers = Index::new(nodes.iter().map(|node| &node.removes));
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
            adders.each(object, |adder| edge(adder, i));
        }
        for object in &node.uses_old {
            removers.each(object, |remover| edge(i, remover));
        }
        for object in &node.adds {
            removers.each(object, |remover| edge(remover, i));
        }
    }
    let (sequence, stuck) = crate::topological::sort(&edges, |i| nodes[i].phase);
    let mut slots: Vec<Option<T>> = nodes.into_iter().map(|node| Some(node.payload)).collect();
    let mut take = |indexes: Vec<usize>| -> Vec<T> {
        indexes
            .into_iter()
            .filter_map(|i| slots[i].take())
            .collect()
    };
    if stuck.is_empty() {
        Ok(take(sequence))
    } else {
        Err(take(stuck))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_and_removals_order_steps() {
        let (a, b) = (QualifiedName::parse("a"), QualifiedName::parse("b"));
        let table = |name: &str| Object::Table(if name == "a" { &a } else { &b });
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
