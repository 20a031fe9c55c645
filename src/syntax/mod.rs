//! Parsers that know nothing of Azure ML: YAML (and its 1.1 typing), JSON, shell-like words.
//! (Python is ruff's parser, used directly by its front-end.)

pub mod json;
pub mod words;
pub mod yaml;
pub mod yaml11;
