//! The `amlint` command line: parse arguments, run the library, map the outcome to an exit code.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use amlint::diagnostic::Severity;
use amlint::engine::{self, Options};
use amlint::fix;
use amlint::model::DeploymentKind;
use amlint::output::Guard;
use amlint::project::schema;
use amlint::report::{self, Format};
use amlint::rules::{self, RULES};
use amlint::suggest;

/// jemalloc instead of the system allocator (see `cli::allocator`).
#[cfg(not(windows))]
#[global_allocator]
static GLOBAL: cli::allocator::SmallMoves = cli::allocator::SmallMoves::JEMALLOC;

/// jemalloc's options, read when it starts: one arena. By default it makes four per core and
/// spreads threads over them, and a run's few threads (the walk's, the pool's) then keep as
/// many half-empty arenas: one arena took a sixth off the peak of a 4,000-file tree (35 → 30
/// MiB) at the same CPU time — each thread still allocates from its own cache.
#[cfg(not(windows))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: MallocConf = MallocConf(c"narenas:1".as_ptr());

/// A C string jemalloc reads at start-up (`const char *malloc_conf`).
#[cfg(not(windows))]
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);

// SAFETY: it points at a static, immutable C string.
#[cfg(not(windows))]
unsafe impl Sync for MallocConf {}

/// A linter for the inputs of Azure Machine Learning batch endpoint jobs.
#[derive(Parser)]
#[command(name = "amlint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How `amlint rules` lists the registry.
#[derive(Clone, Copy, clap::ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

/// The registry as JSON: what each rule is, how severe by default, and what it rests on.
fn rules_json() -> String {
    let rows: Vec<serde_json::Value> = RULES
        .iter()
        .map(|rule| {
            let basis = rule.basis();
            serde_json::json!({
                "id": rule.id(),
                "name": rules::name(rule.id()),
                "severity": rule.severity().as_str(),
                "class": basis.class.as_str(),
                "source": basis.source,
                "covers": basis.covers,
                "summary": rules::summary(rule.id()),
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Subcommand)]
enum Command {
    /// Check files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every rule: id, default severity, summary (`--format json`: also its class, the
    /// source it cites and the rules it covers).
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Show the documentation of one rule.
    Rule {
        /// The rule id, e.g. `input-key-charset`.
        id: String,
    },
    /// Run the language server on standard input/output (for editors).
    Server {
        /// Speak over standard input/output: the only transport, accepted because editors
        /// (vscode-languageclient, Neovim, Helix) pass it.
        #[arg(long)]
        stdio: bool,
    },
    /// Print the shell completion script for amlint (bash, zsh, fish, elvish, powershell).
    ///
    /// E.g. `amlint generate-shell-completion bash > ~/.local/share/bash-completion/completions/amlint`.
    #[command(visible_alias = "completions")]
    GenerateShellCompletion {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
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

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format [default: github when GITHUB_ACTIONS=true, azure when TF_BUILD=True (Azure
    /// Pipelines), human otherwise]. ruff's names work too: `full` is human, `concise` compact.
    #[arg(long, value_enum, visible_alias = "output-format")]
    format: Option<Format>,
    /// Write the report to this file instead of standard output (the exit code is the same).
    #[arg(long, short = 'o', value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Exit with 0 even when there are findings (2 still means amlint could not do its work).
    #[arg(long, short = 'e')]
    exit_zero: bool,
    /// With --fix: exit with 1 when a file was fixed, even if no finding is left.
    #[arg(long)]
    exit_non_zero_on_fix: bool,
    /// With --fix: list what was fixed, per file and rule (on standard error).
    #[arg(long)]
    show_fixes: bool,
    /// Check, then check again whenever a file under the paths changes; Ctrl-C stops.
    #[arg(long, short = 'w', conflicts_with_all = ["show_files", "show_settings", "diff"])]
    watch: bool,
    /// Print how many findings each rule has, instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Print the findings only: no summary line.
    #[arg(long, short, conflicts_with = "silent")]
    quiet: bool,
    /// Print nothing; the exit code says the outcome.
    #[arg(long, short)]
    silent: bool,
    /// When to colour the human report [env: FORCE_COLOR, NO_COLOR].
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// List the files that would be checked, and as which kind; check nothing.
    #[arg(long, conflicts_with_all = ["show_settings", "fix", "diff"])]
    show_files: bool,
    /// Print the settings that apply to the first path (config file, rules, kinds); check nothing.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    show_settings: bool,
    /// Apply the config's `exclude` to files named on the command line too (for pre-commit,
    /// which names every staged file).
    #[arg(long)]
    force_exclude: bool,
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
    /// A config file to use instead of the `amlint.toml` found upward from each file, or a TOML
    /// `KEY = VALUE` that overrides a key of the config that applies (repeatable), as ruff's:
    /// `--config 'ignore = ["input-key-charset"]'`.
    #[arg(long, value_name = "CONFIG_OPTION")]
    config: Vec<String>,
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
        Command::GenerateShellCompletion { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "amlint",
                &mut out,
            );
            print_and_exit(&String::from_utf8_lossy(&out))
        }
        Command::Rules {
            format: RulesFormat::Json,
        } => print_and_exit(&rules_json()),
        Command::Rules {
            format: RulesFormat::Text,
        } => {
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
        Command::Server { stdio: _ } => match amlint::server::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                amlint::eprintln_guarded!("amlint server: {e}");
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
            (Some(rule), Some(_)) => print_and_exit(&rules::page(rule)),
            _ => {
                amlint::eprintln_guarded!("amlint: unknown rule `{id}`{}", did_you_mean(&id));
                ExitCode::from(2)
            }
        },
    }
}

fn print_and_exit(text: &str) -> ExitCode {
    // A closed pipe (`amlint rules | head`) is not an error worth a panic.
    let _ = amlint::output::stdout().write_all(text.as_bytes());
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

/// `--config` values: at most one config file, and `KEY = VALUE` overrides.
fn config_values(values: &[String]) -> Result<(Option<PathBuf>, Vec<String>), String> {
    let mut file: Option<PathBuf> = None;
    let mut overrides = Vec::new();
    for value in values {
        let path = PathBuf::from(value);
        if path.is_file() || !value.contains('=') {
            if file.is_some() {
                return Err("--config names more than one config file".into());
            }
            file = Some(path);
        } else {
            overrides.push(value.clone());
        }
    }
    Ok((file, overrides))
}

fn check_command(args: CheckArgs) -> ExitCode {
    if !args.watch {
        return check_once(&args);
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return usage_error("--watch works on files, not on standard input");
    }
    cli::watch::run(&args.paths, args.output_file.as_deref(), || {
        check_once(&args)
    })
}

fn check_once(args: &CheckArgs) -> ExitCode {
    let (config, config_overrides) = match config_values(&args.config) {
        Ok(values) => values,
        Err(message) => return usage_error(&message),
    };
    let select = match rule_set(&args.select) {
        Ok(set) => (!args.select.is_empty()).then_some(set),
        Err(message) => return usage_error(&message),
    };
    let ignore = match rule_set(&args.ignore) {
        Ok(set) => set,
        Err(message) => return usage_error(&message),
    };
    let format = args.format.unwrap_or_else(ci_format);
    let options = Options {
        deployment_kind: args.deployment_kind,
        select,
        ignore,
        verbose: args.verbose,
        config,
        config_overrides,
        force_exclude: args.force_exclude,
        // Only a human report quotes the source (and a fix rewrites it): any other output —
        // JSON, SARIF, `--statistics`, `--silent` — keeps just the positions of the findings.
        positions_only: !(args.fix
            || args.diff
            || (matches!(format, Format::Human) && !args.statistics && !args.silent)),
    };
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        return usage_error("`-` (standard input) cannot be combined with other paths");
    }
    if args.stdin_filename.is_some() && !from_stdin {
        return usage_error("--stdin-filename needs the path `-`");
    }
    if from_stdin && args.diff {
        return usage_error("--diff works on files, not on standard input");
    }
    if args.show_files {
        return show_files(&args.paths, &options);
    }
    if args.show_settings {
        let path = match (&args.stdin_filename, args.paths.first()) {
            (Some(name), _) => PathBuf::from(name),
            (None, Some(path)) => path.clone(),
            (None, None) => PathBuf::from("."),
        };
        return match cli::show::describe_settings(&path, &options) {
            Ok(text) => print_and_exit(&text),
            Err(message) => {
                amlint::eprintln_guarded!(
                    "amlint: invalid config: {}",
                    amlint::output::shown_lines(&message)
                );
                ExitCode::from(2)
            }
        };
    }
    let outcome = if from_stdin {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            return usage_error(&format!("cannot read standard input: {e}"));
        }
        let name = args.stdin_filename.as_deref().unwrap_or("stdin.yml");
        if args.fix {
            return fix_stdin(name, text, &options, args, format);
        }
        engine::run_stdin(name, text, &options)
    } else {
        engine::run(&args.paths, &options)
    };
    if !outcome.config_errors.is_empty() {
        for error in &outcome.config_errors {
            amlint::eprintln_guarded!(
                "amlint: invalid config: {}",
                amlint::output::shown_lines(&error.to_string())
            );
        }
        return ExitCode::from(2);
    }
    if args.diff {
        let planned = fix::plan(&outcome, args.unsafe_fixes);
        let mut out = amlint::output::stdout();
        for file in &planned {
            let _ = out.write_all(fix::diff(file).as_bytes());
        }
        let count: usize = planned.iter().map(|f| f.applied).sum();
        amlint::eprintln_guarded!(
            "amlint: {count} fix(es) in {} file(s); nothing written",
            planned.len()
        );
        return if planned.is_empty() || args.exit_zero {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    let mut fixed = 0;
    let outcome = if args.fix {
        let planned = fix::plan(&outcome, args.unsafe_fixes);
        let scope = fix::Scope::of(&args.paths);
        let mut written = 0;
        let mut shown = cli::fixes::Shown::default();
        for file in &planned {
            match fix::write(file, &scope) {
                Ok(()) => {
                    written += file.applied;
                    if args.show_fixes {
                        cli::fixes::record(&mut shown, file);
                    }
                }
                Err(e) => {
                    amlint::eprintln_guarded!("amlint: {}", amlint::output::shown(&e.to_string()))
                }
            }
        }
        fixed = written;
        if args.show_fixes && !args.silent {
            amlint::eprintln_guarded!("{}", shown.render());
        }
        if !planned.is_empty() {
            if !args.silent {
                amlint::eprintln_guarded!(
                    "amlint: applied {written} fix(es) in {} file(s)",
                    planned.len()
                );
            }
            // Report what is left after the fixes, as a second run would.
            engine::run(&args.paths, &options)
        } else {
            outcome
        }
    } else {
        outcome
    };
    if let Some(code) = report_outcome(&outcome, args, format, Destination::Stdout) {
        return code;
    }
    exit_code(&outcome, args, fixed)
}

/// Where the report goes.
enum Destination {
    Stdout,
    /// `--fix` on standard input: the fixed text owns standard output.
    Stderr,
}

/// Write the report as the flags ask; `Some(code)` when it could not be written.
fn report_outcome(
    outcome: &engine::Outcome,
    args: &CheckArgs,
    format: Format,
    destination: Destination,
) -> Option<ExitCode> {
    if args.silent {
        return None;
    }
    let to_terminal = match (&args.output_file, &destination) {
        (Some(_), _) => false,
        (None, Destination::Stdout) => amlint::output::stdout_is_terminal(),
        (None, Destination::Stderr) => amlint::output::stderr_is_terminal(),
    };
    let style = report::Style {
        color: colour(args.color, to_terminal),
        width: None,
        verbose: args.verbose,
        summary: !args.quiet,
        unsafe_fixes: args.unsafe_fixes,
    };
    // The report is written as it is made, through one buffer, not built whole first: a large
    // run's report is megabytes (SARIF nearly twice the JSON), and holding it whole would add
    // its size, and more in the buffer's growth, to the peak.
    let written = match (&args.output_file, destination) {
        (Some(path), _) => report_file(path).and_then(|file| {
            let out = std::io::BufWriter::with_capacity(64 * 1024, file);
            write_report(format, outcome, style, args, Guard::new(out))
        }),
        (None, Destination::Stdout) => {
            write_report(format, outcome, style, args, amlint::output::stdout())
        }
        (None, Destination::Stderr) => write_report(
            format,
            outcome,
            style,
            args,
            amlint::output::stderr_buffered(),
        ),
    };
    // A closed pipe (`amlint check | head`) is the reader's choice, not a failure.
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        let target = args
            .output_file
            .as_ref()
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default();
        amlint::eprintln_guarded!("amlint: cannot write the report{target}: {e}");
        return Some(ExitCode::from(2));
    }
    if args.verbose {
        for note in &outcome.notes {
            amlint::eprintln_guarded!("{note}");
        }
    }
    None
}

/// `--output-file`: the folder is created, as ruff does; the file is replaced whole.
fn report_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::File::create(path)
}

/// The report (or `--statistics`) as the flags ask, through a guard and a buffer (the report
/// file's too: a CI step may print it), flushed at the end.
fn write_report(
    format: Format,
    outcome: &engine::Outcome,
    style: report::Style,
    args: &CheckArgs,
    mut out: Guard<impl Write>,
) -> std::io::Result<()> {
    if args.statistics {
        report::statistics(format, outcome, &mut out)?;
    } else {
        report::write(format, outcome, style, &mut out)?;
    }
    out.flush()
}

/// 2 when a file could not be read; 1 for a finding at `--fail-on` or worse, or (with
/// `--exit-non-zero-on-fix`) a fix written; `--exit-zero` turns those into 0.
fn exit_code(outcome: &engine::Outcome, args: &CheckArgs, fixed: usize) -> ExitCode {
    if outcome.unreadable > 0 {
        return ExitCode::from(2);
    }
    if args.exit_zero {
        return ExitCode::SUCCESS;
    }
    match outcome.worst() {
        Some(worst) if worst >= args.fail_on => ExitCode::from(1),
        _ if args.exit_non_zero_on_fix && fixed > 0 => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// The format when `--format` is not given: the CI service's own annotations when amlint runs
/// in one (GitHub Actions sets `GITHUB_ACTIONS=true`; Azure Pipelines sets `TF_BUILD=True`).
fn ci_format() -> Format {
    let set = |name: &str, value: &str| {
        std::env::var(name).is_ok_and(|v| v.trim().eq_ignore_ascii_case(value))
    };
    if set("GITHUB_ACTIONS", "true") {
        Format::Github
    } else if set("TF_BUILD", "true") {
        Format::Azure
    } else {
        Format::Human
    }
}

/// `--color` first; then `NO_COLOR` (any value turns colour off) and `FORCE_COLOR` (any value but
/// `0`/`false` turns it on), as https://no-color.org and https://force-color.org say; then
/// whether the report goes to a terminal.
fn colour(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if let Some(force) = std::env::var_os("FORCE_COLOR") {
                !matches!(force.to_str(), Some("0" | "false" | ""))
            } else {
                to_terminal
            }
        }
    }
}

/// `--fix` on standard input (an editor's fix-on-save): the fixed text on standard output —
/// whole, unmasked: it is the editor's own buffer going back — and the report of what is left
/// on standard error.
fn fix_stdin(
    name: &str,
    text: String,
    options: &Options,
    args: &CheckArgs,
    format: Format,
) -> ExitCode {
    let outcome = engine::run_stdin(name, text.clone(), options);
    if !outcome.config_errors.is_empty() {
        for error in &outcome.config_errors {
            amlint::eprintln_guarded!(
                "amlint: invalid config: {}",
                amlint::output::shown_lines(&error.to_string())
            );
        }
        // The editor must get its text back unchanged.
        let _ = amlint::output::write_editor_text(text.as_bytes());
        return ExitCode::from(2);
    }
    let planned = fix::plan(&outcome, args.unsafe_fixes);
    let applied = planned.first().map_or(0, |file| file.applied);
    if args.show_fixes && !args.silent {
        let mut shown = cli::fixes::Shown::default();
        if let Some(file) = planned.first() {
            cli::fixes::record(&mut shown, file);
        }
        amlint::eprintln_guarded!("{}", shown.render());
    }
    let (fixed, outcome) = match planned.first() {
        Some(file) => {
            // `fixed` keeps a BOM the input had; the text is checked again without it.
            let fixed = file.fixed.clone();
            let again = engine::run_stdin(name, fixed.clone(), options);
            (fixed, again)
        }
        None => (text, outcome),
    };
    if let Err(e) = amlint::output::write_editor_text(fixed.as_bytes())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        amlint::eprintln_guarded!("amlint: cannot write the fixed text: {e}");
        return ExitCode::from(2);
    }
    if let Some(code) = report_outcome(&outcome, args, format, Destination::Stderr) {
        return code;
    }
    exit_code(&outcome, args, applied)
}

/// `--show-files`: every file the paths name or hold, as the walk sees it, and what the
/// config excludes.
fn show_files(paths: &[PathBuf], options: &Options) -> ExitCode {
    let cli::show::Listing {
        files: targets,
        problems,
    } = match cli::show::list_files(paths, options) {
        Ok(listed) => listed,
        Err(message) => {
            amlint::eprintln_guarded!(
                "amlint: invalid config: {}",
                amlint::output::shown_lines(&message)
            );
            return ExitCode::from(2);
        }
    };
    let mut out = String::new();
    for (target, excluded) in &targets {
        let kind = amlint::frontends::FileKind::of(target.path());
        let how = if target.explicit { "named" } else { "walked" };
        let excluded = excluded
            .as_ref()
            .map(|why| format!("; excluded by {why}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}  ({}, {how}{excluded})\n",
            amlint::output::shown(target.display()),
            kind.as_str(),
        ));
    }
    for problem in &problems {
        amlint::eprintln_guarded!(
            "amlint: cannot read `{}`: {}",
            amlint::output::shown(&problem.display),
            problem.message
        );
    }
    let code = print_and_exit(&out);
    if problems.is_empty() {
        code
    } else {
        ExitCode::from(2)
    }
}

fn usage_error(message: &str) -> ExitCode {
    amlint::eprintln_guarded!("amlint: {}", amlint::output::shown(message));
    ExitCode::from(2)
}
