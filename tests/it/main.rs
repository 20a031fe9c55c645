//! The integration tests, as one binary: each module was a binary of its own (`tests/*.rs`), and
//! linking twenty of them dominated a clean `cargo test` build. Run one module with
//! `cargo test --test it MODULE::` (e.g. `cargo test --test it readme::`). The fixtures run in
//! process in `tests/fixtures.rs`, a binary of their own (one test per fixture).

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

mod action;
mod architecture;
mod bundle_corpus;
mod ci_output;
mod cli;
mod config_files;
mod corpus;
mod credentials;
mod day_one;
mod deployments_corpus;
mod deployments_elsewhere;
mod field;
mod fixes;
mod formats;
mod fuzz_regressions;
mod hostile;
mod local_path_empty;
mod lsp;
mod output_channels;
mod packaging;
mod readme;
mod recipes;
mod report_identity;
mod robustness;
mod sdk_messages;
mod snapshots;
