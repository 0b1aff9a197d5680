//! An aggregate as `AggregateDef::new(..)` with its arguments and options.

use super::lit;
use super::names::{name_text, sql_type_expr};
use schema_core::{AggregateDef, Argument, ArgumentMode, FinalModify, Parallel};

/// Whether the builder can name it.
pub(crate) fn supported(def: &AggregateDef) -> bool {
    name_text(&def.name).is_some()
}

/// `Argument::new("value", SqlType::Integer)`, or the struct itself for an unnamed one.
fn argument_expr(argument: &Argument) -> String {
    let ty = sql_type_expr(&argument.ty);
    match (&argument.name, argument.mode) {
        (Some(name), ArgumentMode::In) => format!("Argument::new({}, {ty})", lit(name)),
        (Some(name), ArgumentMode::Variadic) => {
            format!("Argument::variadic({}, {ty})", lit(name))
        }
        (name, mode) => format!(
            "Argument {{ mode: ArgumentMode::{mode:?}, name: {}, ty: {ty}, default: None }}",
            match name {
                Some(name) => format!("Some({}.into())", lit(name)),
                None => "None".into(),
            }
        ),
    }
}

fn modify_expr(modify: FinalModify) -> String {
    format!("FinalModify::{modify:?}")
}

/// The builder expression for `def`.
pub(crate) fn expr(def: &AggregateDef) -> String {
    let mut text = format!(
        "AggregateDef::new({}, {}, {})",
        lit(&name_text(&def.name).expect("supported")),
        lit(&def.state_function),
        sql_type_expr(&def.state_type)
    );
    let mut call = |method: &str, value: String| {
        text.push_str(&format!("\n            .{method}({value})"));
    };
    for argument in &def.arguments {
        call("argument", argument_expr(argument));
    }
    for argument in &def.order_by {
        call("order_by", argument_expr(argument));
    }
    if def.hypothetical {
        call("hypothetical", String::new());
    }
    if let Some(space) = def.state_space {
        call("state_space", space.to_string());
    }
    if let Some(function) = &def.final_function {
        call("final_function", lit(function));
    }
    if def.final_function_extra {
        call("final_function_extra", String::new());
    }
    if let Some(modify) = def.final_modify {
        call("final_modify", modify_expr(modify));
    }
    if let Some(function) = &def.combine_function {
        call("combine_function", lit(function));
    }
    if let (Some(serial), Some(deserial)) = (&def.serial_function, &def.deserial_function) {
        call(
            "serialization",
            format!("{}, {}", lit(serial), lit(deserial)),
        );
    }
    if let Some(value) = &def.initial_state {
        call("initial_state", lit(value));
    }
    if let Some(moving) = &def.moving {
        let mut value = format!(
            "MovingAggregate::new({}, {}, {})",
            lit(&moving.state_function),
            lit(&moving.inverse_function),
            sql_type_expr(&moving.state_type)
        );
        if let Some(space) = moving.state_space {
            value.push_str(&format!(".state_space({space})"));
        }
        if let Some(function) = &moving.final_function {
            value.push_str(&format!(".final_function({})", lit(function)));
        }
        if moving.final_function_extra {
            value.push_str(".final_function_extra()");
        }
        if let Some(modify) = moving.final_modify {
            value.push_str(&format!(".final_modify({})", modify_expr(modify)));
        }
        if let Some(initial) = &moving.initial_state {
            value.push_str(&format!(".initial_state({})", lit(initial)));
        }
        call("moving", value);
    }
    if let Some(operator) = &def.sort_operator {
        call("sort_operator", lit(operator));
    }
    if def.parallel != Parallel::Unsafe {
        call("parallel", format!("Parallel::{:?}", def.parallel));
    }
    if let Some(comment) = &def.comment {
        call("comment", lit(comment));
    }
    text
}
