use schemata::Function;

#[derive(Function)]
#[function(returns = "trigger", language = "plpgsql", args(column: "text"),
           body = "BEGIN RETURN NEW; END")]
struct Touch;

fn main() {}
