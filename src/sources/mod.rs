//! Front-ends: each turns one kind of source text into the same [`Invocation`](crate::model::Invocation)
//! model, so that every rule applies to every place an invocation can be written.

pub mod ci_yaml;
pub mod command_line;
pub mod embedded;
pub mod inputs_file;
pub mod markdown;
pub mod notebook;
pub mod python;
pub mod shell;
