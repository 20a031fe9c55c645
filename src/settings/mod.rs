//! Settings: `amlint.toml` / `[tool.amlint]` and the command line's selections.

pub mod config;
