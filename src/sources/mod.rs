//! Front-ends: each turns one kind of source text into the same [`Invocation`](crate::model::Invocation)
//! model, so that every rule applies to every place an invocation can be written.

pub mod inputs_file;
