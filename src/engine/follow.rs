//! Following a command's `--file` (or a REST call's `@body.json`) to the file it names: what
//! the CLI reads from it, and checking it as that invocation's inputs file, within the
//! repository and a bounded depth.

use std::path::{Path, PathBuf};

use crate::diagnostic::FileReport;
use crate::engine::Checker;
use crate::escape;
use crate::frontends::{Role, inputs_file, registry};
use crate::fs::paths;
use crate::fs::read::read_text;
use crate::model::Invocation;
use crate::project::KindDecision;
use crate::source::SourceFile;
use crate::syntax::yaml::Document;

/// How deep `--file` is followed from a file that was itself reached by `--file`.
pub(super) const MAX_FOLLOW_DEPTH: usize = 4;

/// How many files `--file` may bring into one run.
pub(super) const MAX_FOLLOWED_FILES: usize = 1_000;

impl Checker<'_> {
    /// `--file inputs.yml` of a command: note whether the file declares inputs (for
    /// `input-overrides-set-inputs`) and check it as an inputs file of this invocation.
    ///
    /// Only a regular file inside the repository (and outside `.git/`) is opened: an absolute
    /// path elsewhere, `../..` out of the tree, `/dev/stdin`, a FIFO or `/proc/self/environ` is
    /// not (a `--verbose` note says so). Each file is followed once per run and at most
    /// [`MAX_FOLLOW_DEPTH`] deep, so a script that names itself, or `a.sh` → `b.sh` → `a.sh`,
    /// ends. A file outside the named paths is checked but never quoted in a report.
    pub(super) fn follow_file(
        &self,
        script: &SourceFile,
        invocation: &mut Invocation,
        decision: &KindDecision,
        depth: usize,
    ) -> Vec<FileReport> {
        // `--file inputs.yml`, or the request body a REST call reads (`curl -d @body.json`).
        let named_file = match invocation.command.as_ref() {
            Some(line) => line.value_of("--file").cloned(),
            None => invocation.body_file.clone(),
        };
        let Some(value) = named_file.filter(|v| v.known) else {
            return Vec::new();
        };
        let flag = if invocation.command.is_some() {
            "--file "
        } else {
            "@"
        };
        let not_followed = |why: &str| {
            if self.options.verbose {
                let at = script.line_col(value.span.start);
                let note = format!(
                    "{}:{}:{}: `{flag}{}` {why}; not opened",
                    script.display, at.line, at.column, value.text
                );
                if let Ok(mut notes) = self.notes.lock() {
                    notes.push(escape::escape(&script.mask(&note)).into_owned());
                }
            }
            Vec::new()
        };
        let (real, path, display) = match self.followable(script, &value) {
            Ok(found) => found,
            Err(Some(why)) => return not_followed(why),
            Err(None) => return Vec::new(), // missing: the command's own business
        };
        if depth >= MAX_FOLLOW_DEPTH {
            return not_followed("is followed from too many `--file`s deep");
        }
        let first = self.followed.lock().is_ok_and(|mut followed| {
            followed.len() < MAX_FOLLOWED_FILES && followed.insert(real.clone())
        });
        let Ok(Some(text)) = read_text(&real, false, registry::max_bytes(&real)) else {
            return Vec::new();
        };
        if let Some(line) = invocation.command.as_mut() {
            let doc = Document::parse_str(&text);
            line.file_has_inputs = Some(
                doc.root()
                    .and_then(|r| r.get("inputs"))
                    .is_some_and(|i| i.entries().next().is_some()),
            );
        }
        if !first {
            return Vec::new(); // checked already in this run
        }
        let mut file = SourceFile::new(display, &path, text);
        file.quotable =
            self.roots.is_empty() || self.real_roots().iter().any(|r| real.starts_with(r));
        let mut decision = decision.clone();
        decision.inputs_elsewhere = !invocation.inputs.is_empty();
        self.check_file(
            file,
            Role::Followed,
            Some(&decision),
            depth + 1,
            &mut Default::default(),
        )
    }
}

impl Checker<'_> {
    /// The paths named on the command line, symbolic links resolved (once per run).
    fn real_roots(&self) -> &[PathBuf] {
        self.real_roots.get_or_init(|| {
            self.roots
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect()
        })
    }
    /// The file a command's `--file` (or `curl -d @FILE`) names, when amlint may open it: its
    /// real path, its path as the script's folder gives it, and its name as reports show it.
    /// `Err(None)` when it does not exist; `Err(Some(why))` when it is outside the repository or
    /// not a regular file.
    pub(super) fn followable(
        &self,
        script: &SourceFile,
        value: &crate::model::Value,
    ) -> Result<(PathBuf, PathBuf, String), Option<&'static str>> {
        let named = Path::new(value.text.trim());
        let display_dir = Path::new(&script.display).parent().unwrap_or(Path::new(""));
        let (path, display) = if named.is_absolute() {
            (named.to_path_buf(), named.to_string_lossy().into_owned())
        } else {
            (
                paths::normalise(&script.dir().join(named)),
                paths::normalise(&display_dir.join(named))
                    .to_string_lossy()
                    .into_owned(),
            )
        };
        let real = std::fs::canonicalize(&path).map_err(|_| None)?;
        let boundary = self.projects.boundary_of(script.dir());
        let inside = std::fs::canonicalize(&boundary).is_ok_and(|b| real.starts_with(b));
        if !inside || real.components().any(|c| c.as_os_str() == ".git") {
            return Err(Some("is outside the repository"));
        }
        if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
            return Err(Some("is not a regular file"));
        }
        Ok((real, path, display))
    }
}

impl Checker<'_> {
    /// The `deployment:` and `endpoint:` of a command's `--file`: the CLI routes the job by them
    /// when `-d` (`--name`) is absent, so the kind is decided with them; both are noted on the
    /// command line, where a contradiction with `-d`/`--name` is reported.
    pub(super) fn route_by_file(&self, script: &SourceFile, invocation: &mut Invocation) {
        let Some(line) = invocation.command.as_mut() else {
            return;
        };
        let Some(value) = line.value_of("--file").filter(|v| v.known).cloned() else {
            return;
        };
        let Ok((real, _, _)) = self.followable(script, &value) else {
            return;
        };
        let Ok(Some(text)) = read_text(&real, false, registry::max_bytes(&real)) else {
            return;
        };
        let doc = Document::parse_str(&text);
        let Some(root) = doc.root().filter(|r| r.is_mapping()) else {
            return;
        };
        let name = |key: &str| {
            inputs_file::routing_name(root, key)
                .filter(|v| v.known)
                .map(|v| v.text.into_string())
        };
        line.file_deployment = name("deployment");
        line.file_endpoint = name("endpoint");
        if invocation.deployment_name.is_none()
            && let Some(deployment) = &line.file_deployment
        {
            invocation.deployment_name = Some(crate::model::Value::from_word(
                deployment.clone(),
                value.span,
            ));
        }
        if invocation.endpoint_name.is_none()
            && let Some(endpoint) = &line.file_endpoint
        {
            invocation.endpoint_name =
                Some(crate::model::Value::from_word(endpoint.clone(), value.span));
        }
    }
}
