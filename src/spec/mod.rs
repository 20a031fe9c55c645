//! What `az`, azure-ai-ml and the service accept: data and small pure functions over it.

pub mod cli;
pub mod inputs_file;
pub mod rest;
pub mod sdk_literals;
