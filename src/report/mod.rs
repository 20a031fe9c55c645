//! Reporters: each formats the diagnostics of a run and nothing else. Every text they print comes
//! from diagnostics whose messages were masked, and from `SourceFile::masked_text`.

mod compact;
mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use crate::check::Outcome;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rich diagnostics with the source line and an underline.
    Human,
    /// The stable JSON report.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (`::error file=…`).
    Github,
    /// `file:line:col: severity[rule] message`.
    Compact,
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
        Format::Sarif => sarif::write(outcome, out),
        Format::Github => github::write(outcome, out),
        Format::Compact => compact::write(outcome, out),
    }
}
