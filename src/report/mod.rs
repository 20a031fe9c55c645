//! Reporters: each formats the diagnostics of a run and nothing else. Every text they print comes
//! from diagnostics whose messages were masked, and from `SourceFile::masked_text`.

mod human;
mod json;

use std::io::{self, Write};

use crate::check::Outcome;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// How the human report is drawn.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
    /// Width to wrap messages at.
    pub width: Option<usize>,
    /// Add which deployment kind each finding was checked against, and what decided it.
    pub verbose: bool,
}

pub fn write(
    format: Format,
    outcome: &Outcome,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(outcome, style, out),
        Format::Json => json::write(outcome, out),
    }
}
