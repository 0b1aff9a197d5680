use schemata::{Function, Table};

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", body = "BEGIN RETURN NULL; END")]
struct Count;

// An old table needs `update` or `delete`; transition tables are for `after` triggers and
// cannot go with `update(...)` columns.
#[derive(Table)]
#[trigger(name = "inserted", after, events(insert), function = Count, for_each_statement, old_table = "gone")]
#[trigger(name = "early", before, events(insert), function = Count, new_table = "added")]
#[trigger(name = "titled", after, events(update(title)), function = Count, new_table = "changed")]
struct Post {
    id: i64,
    title: String,
}

fn main() {}
