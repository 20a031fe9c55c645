//! The `amlint` command line: parse arguments, run the library, map the outcome to an exit code.

use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use amlint::check::{self, Options};
use amlint::diagnostic::Severity;
use amlint::fix;
use amlint::model::DeploymentKind;
use amlint::project::schema;
use amlint::report::{self, Format};
use amlint::rules::{self, RULES};
use amlint::suggest;

/// A linter for the inputs of Azure Machine Learning batch endpoint jobs.
#[derive(Parser)]
#[command(name = "amlint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every rule: id, default severity, summary.
    Rules,
    /// Show the documentation of one rule.
    Rule {
        /// The rule id, e.g. `input-key-charset`.
        id: String,
    },
    /// Run the language server on standard input/output (for editors).
    Server,
    /// Print one of amlint's JSON schemas (for editors: the YAML language server can validate
    /// `inputs.yml` with `amlint schema inputs`).
    Schema {
        #[arg(value_enum)]
        which: SchemaName,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaName {
    /// Inputs files (`az ml batch-endpoint invoke --file`).
    Inputs,
    /// Model batch deployments.
    ModelDeployment,
    /// Pipeline component batch deployments.
    PipelineDeployment,
    /// Batch endpoints.
    Endpoint,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Force the deployment kind of every invocation checked.
    #[arg(long, value_enum)]
    deployment_kind: Option<DeploymentKind>,
    /// Exit with 1 when there is a finding of this severity or worse.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: Severity,
    /// Run only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Say which file decided each invocation's deployment kind, or why none could.
    #[arg(long, short)]
    verbose: bool,
    /// With the path `-`: the name of the file read from standard input (its folder anchors
    /// the project and the config).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Use this config instead of the `amlint.toml` found upward from each file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Apply the safe fixes to the files, then report what is left.
    #[arg(long)]
    fix: bool,
    /// Show the fixes as a unified diff on standard output; write nothing. Exit 1 if there is
    /// anything to fix.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Also apply (or show) the unsafe fixes, which change what the deployment receives.
    #[arg(long)]
    unsafe_fixes: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check_command(args),
        Command::Rules => {
            let width = RULES.iter().map(|r| r.id().len()).max().unwrap_or(0);
            let mut out = String::new();
            for rule in RULES {
                out.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    rule.id(),
                    rule.severity().as_str(),
                    rules::summary(rule.id())
                ));
            }
            print_and_exit(&out)
        }
        Command::Server => match amlint::server::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("amlint server: {e}");
                ExitCode::from(2)
            }
        },
        Command::Schema { which } => print_and_exit(match which {
            SchemaName::Inputs => schema::INPUTS,
            SchemaName::ModelDeployment => schema::MODEL_DEPLOYMENT,
            SchemaName::PipelineDeployment => schema::PIPELINE_DEPLOYMENT,
            SchemaName::Endpoint => schema::ENDPOINT,
        }),
        Command::Rule { id } => match (rules::find(&id), rules::docs(&id)) {
            (Some(rule), Some(docs)) => print_and_exit(&format!(
                "# {}\n\nDefault severity: {}\n\n{docs}\n",
                rule.id(),
                rule.severity().as_str()
            )),
            _ => {
                eprintln!("amlint: unknown rule `{id}`{}", did_you_mean(&id));
                ExitCode::from(2)
            }
        },
    }
}

fn print_and_exit(text: &str) -> ExitCode {
    // A closed pipe (`amlint rules | head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn did_you_mean(id: &str) -> String {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id()).collect();
    suggest::closest(id, &ids, 3)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

fn rule_set(ids: &[String]) -> Result<HashSet<String>, String> {
    ids.iter()
        .map(|id| id.trim())
        .filter(|id| !id.is_empty())
        .map(|id| {
            if rules::find(id).is_some() {
                Ok(id.to_string())
            } else {
                Err(format!("unknown rule `{id}`{}", did_you_mean(id)))
            }
        })
        .collect()
}

fn check_command(args: CheckArgs) -> ExitCode {
    let select = match rule_set(&args.select) {
        Ok(set) => (!args.select.is_empty()).then_some(set),
        Err(message) => return usage_error(&message),
    };
    let ignore = match rule_set(&args.ignore) {
        Ok(set) => set,
        Err(message) => return usage_error(&message),
    };
    let options = Options {
        deployment_kind: args.deployment_kind,
        select,
        ignore,
        verbose: args.verbose,
        config: args.config.clone(),
    };
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        return usage_error("`-` (standard input) cannot be combined with other paths");
    }
    if args.stdin_filename.is_some() && !from_stdin {
        return usage_error("--stdin-filename needs the path `-`");
    }
    if from_stdin && (args.fix || args.diff) {
        return usage_error("--fix and --diff work on files, not on standard input");
    }
    let outcome = if from_stdin {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            return usage_error(&format!("cannot read standard input: {e}"));
        }
        let name = args.stdin_filename.as_deref().unwrap_or("stdin.yml");
        check::run_stdin(name, text, &options)
    } else {
        check::run(&args.paths, &options)
    };
    if !outcome.config_errors.is_empty() {
        for error in &outcome.config_errors {
            eprintln!("amlint: invalid config: {error}");
        }
        return ExitCode::from(2);
    }
    if args.diff {
        let planned = fix::plan(&outcome, args.unsafe_fixes);
        let mut out = std::io::stdout().lock();
        for file in &planned {
            let _ = out.write_all(fix::diff(file).as_bytes());
        }
        let count: usize = planned.iter().map(|f| f.applied).sum();
        eprintln!(
            "amlint: {count} fix(es) in {} file(s); nothing written",
            planned.len()
        );
        return if planned.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    let outcome = if args.fix {
        let planned = fix::plan(&outcome, args.unsafe_fixes);
        let scope = fix::Scope::of(&args.paths);
        let mut written = 0;
        for file in &planned {
            match fix::write(file, &scope) {
                Ok(()) => written += file.applied,
                Err(e) => eprintln!("amlint: {e}"),
            }
        }
        if !planned.is_empty() {
            eprintln!(
                "amlint: applied {written} fix(es) in {} file(s)",
                planned.len()
            );
            // Report what is left after the fixes, as a second run would.
            check::run(&args.paths, &options)
        } else {
            outcome
        }
    } else {
        outcome
    };
    let stdout = std::io::stdout();
    let style = report::Style {
        color: stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        width: None,
        verbose: args.verbose,
    };
    let mut out = stdout.lock();
    let written = report::write(args.format, &outcome, style, &mut out).and_then(|()| out.flush());
    // A closed pipe (`amlint check | head`) is the reader's choice, not a failure.
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("amlint: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    if args.verbose {
        for note in &outcome.notes {
            eprintln!("{note}");
        }
    }
    if outcome.unreadable > 0 {
        return ExitCode::from(2);
    }
    match outcome.worst() {
        Some(worst) if worst >= args.fail_on => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("amlint: {message}");
    ExitCode::from(2)
}
