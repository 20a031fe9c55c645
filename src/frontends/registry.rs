//! The front-end registry: every kind of file amlint reads (a **container**: how a file is cut
//! into regions, by its extension) and every language a region can be written in (a
//! **front-end**: how a region is read into invocations, by the names fences and CI steps give
//! it). Each is defined in its own file; this is the one list of them. Adding a language is its
//! file plus one line in [`FRONTENDS`]; adding a container, its file plus one line in
//! [`CONTAINERS`] (the test at the bottom reads a toy language through the same calls).

use std::path::Path;

use crate::frontends::{Region, Sink};
use crate::source::SourceFile;

/// The language a region is written in, by the name the registry knows it by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Language(pub &'static str);

impl Language {
    pub const SHELL: Language = Language("shell");
    pub const POWERSHELL: Language = Language("powershell");
    pub const PYTHON: Language = Language("python");
    /// An inputs file, batch YAML or a CI pipeline: decided by its content.
    pub const YAML: Language = Language("yaml");
    /// JSON that may hold REST request bodies (a request file, a Data Factory pipeline).
    pub const JSON: Language = Language("json");
}

/// What a language front-end reads a region with: invocations and the spans to mask go to the
/// sink; an `Err` says why the region is beyond what the front-end reads safely.
pub type ReadRegion = fn(&Region<'_>, &Path, &mut Sink<'_>) -> Result<(), String>;

/// A language front-end.
pub struct Frontend {
    pub language: Language,
    /// The names a Markdown fence's info string gives the language (`bash`, `pwsh`, `py`).
    pub names: &'static [&'static str],
    /// A cheap test on the text: a region that fails it holds no invocation.
    pub mentions: fn(&str) -> bool,
    /// How its regions are read; `None` for a language whose text is itself a container (YAML:
    /// an inputs file, batch YAML or a CI pipeline, which the engine reads through
    /// `yaml_file`).
    pub read: Option<ReadRegion>,
}

/// What a file is, by its name: the container that reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileKind(pub &'static str);

impl FileKind {
    pub const YAML: FileKind = FileKind("yaml");
    pub const SHELL: FileKind = FileKind("shell");
    pub const POWERSHELL: FileKind = FileKind("powershell");
    pub const MARKDOWN: FileKind = FileKind("markdown");
    pub const PYTHON: FileKind = FileKind("python");
    pub const NOTEBOOK: FileKind = FileKind("notebook");
    /// A `.json` file: checked when it holds a batch job request body.
    pub const JSON: FileKind = FileKind("json");
    /// Anything else: checked only when named explicitly, by content (as YAML, or commands).
    pub const OTHER: FileKind = FileKind("other, by content");

    /// The kind of the file at `path`, by its extension (in any case).
    pub fn of(path: &Path) -> FileKind {
        container_of(path).map_or(FileKind::OTHER, |c| c.kind)
    }

    /// The name `--show-files` prints.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// A container: which files it reads, and how it cuts one into regions.
pub struct Container {
    pub kind: FileKind,
    /// File extensions, lower case, without the dot.
    pub extensions: &'static [&'static str],
    /// The largest file it reads (notebooks carry their outputs, so they get more).
    pub max_bytes: u64,
    pub regions: for<'f> fn(&'f SourceFile) -> Vec<Region<'f>>,
}

/// Every language front-end, one line each.
pub static FRONTENDS: &[&Frontend] = &[
    &super::shell::FRONTEND,
    &super::powershell::FRONTEND,
    &super::python::FRONTEND,
    &super::yaml_file::FRONTEND,
    &super::rest::FRONTEND,
];

/// Every container, one line each. A file of no container's extension is checked only when
/// named, as [`OTHER`].
pub static CONTAINERS: &[&Container] = &[
    &super::yaml_file::CONTAINER,
    &super::plain::SHELL,
    &super::plain::POWERSHELL,
    &super::markdown::CONTAINER,
    &super::plain::PYTHON,
    &super::notebook::CONTAINER,
    &super::plain::JSON,
];

/// What a named file of no known kind is read as: YAML (an inputs file named with `--file`), or
/// commands when it is not YAML (`yaml_file` decides).
pub static OTHER: Container = Container {
    kind: FileKind::OTHER,
    extensions: &[],
    max_bytes: crate::limits::MAX_FILE_BYTES,
    regions: |file| vec![Region::whole(Language::YAML, &file.text)],
};

/// The container of a file, by its extension; `None` for a file a walk does not pick up.
pub fn container_of(path: &Path) -> Option<&'static Container> {
    let extension = crate::fs::paths::extension(path)?
        .to_str()?
        .to_ascii_lowercase();
    CONTAINERS
        .iter()
        .copied()
        .find(|c| c.extensions.contains(&extension.as_str()))
}

/// Whether a folder walk picks the file up.
pub fn is_candidate(path: &Path) -> bool {
    container_of(path).is_some()
}

/// The largest file at `path` amlint reads.
pub fn max_bytes(path: &Path) -> u64 {
    container_of(path).map_or(OTHER.max_bytes, |c| c.max_bytes)
}

/// The regions of a file, as its container cuts it.
pub fn regions<'f>(file: &'f SourceFile, kind: FileKind) -> Vec<Region<'f>> {
    let container = CONTAINERS
        .iter()
        .copied()
        .find(|c| c.kind == kind)
        .unwrap_or(&OTHER);
    (container.regions)(file)
}

/// Where `language` stands in the registry: the order regions of several languages are read in.
pub fn rank(language: Language) -> usize {
    FRONTENDS
        .iter()
        .position(|f| f.language == language)
        .unwrap_or(FRONTENDS.len())
}

/// The language a fence's info string (`bash`, `py`) names, among `frontends`.
pub fn language_named_in(frontends: &[&Frontend], name: &str) -> Option<Language> {
    frontends
        .iter()
        .find(|f| f.names.contains(&name))
        .map(|f| f.language)
}

/// The language a fence's info string names.
pub fn language_named(name: &str) -> Option<Language> {
    language_named_in(FRONTENDS, name)
}

/// The front-end of `language`, among `frontends`.
pub fn frontend_in<'r>(frontends: &[&'r Frontend], language: Language) -> Option<&'r Frontend> {
    frontends.iter().copied().find(|f| f.language == language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontends::{Sink, read_in};
    use crate::model::{Invocation, Origin, Value};
    use crate::span::Span;

    #[test]
    fn every_extension_names_one_container_and_every_language_one_front_end() {
        let mut extensions: Vec<&str> = CONTAINERS
            .iter()
            .flat_map(|c| c.extensions)
            .copied()
            .collect();
        let count = extensions.len();
        extensions.sort_unstable();
        extensions.dedup();
        assert_eq!(extensions.len(), count, "an extension in two containers");
        let mut names: Vec<&str> = FRONTENDS.iter().flat_map(|f| f.names).copied().collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a fence name in two front-ends");
        assert_eq!(FileKind::of(Path::new("x/inputs.YML")), FileKind::YAML);
        assert_eq!(FileKind::of(Path::new("run.ipynb")), FileKind::NOTEBOOK);
        assert_eq!(FileKind::of(Path::new("inputs.txt")), FileKind::OTHER);
        assert!(is_candidate(Path::new("request-body.json")));
        assert!(!is_candidate(Path::new("inputs.txt")));
        assert_eq!(language_named("pwsh"), Some(Language::POWERSHELL));
        assert_eq!(language_named("ipython"), Some(Language::PYTHON));
    }

    /// Discovery lists the files whose Python may define deployments by the extensions the walk
    /// knows (`fs` sits below the registry): those of the containers that read Python.
    #[test]
    fn discovery_lists_the_files_of_every_container_of_python() {
        let mut python: Vec<&str> = [FileKind::PYTHON, FileKind::NOTEBOOK, FileKind::MARKDOWN]
            .iter()
            .flat_map(|kind| {
                CONTAINERS
                    .iter()
                    .find(|c| c.kind == *kind)
                    .unwrap()
                    .extensions
            })
            .copied()
            .collect();
        python.sort_unstable();
        let mut listed = crate::fs::walk::DEFINITIONS_EXTENSIONS.to_vec();
        listed.sort_unstable();
        assert_eq!(python, listed);
        assert!(crate::fs::walk::is_discovery_name(Path::new("a/Deploy.PY")));
        assert!(crate::fs::walk::is_discovery_name(Path::new("nb.ipynb")));
        assert!(!crate::fs::walk::is_discovery_name(Path::new("run.sh")));
    }

    /// A toy language, defined here as a new front-end's file would define it: a line
    /// `invoke NAME` invokes the endpoint NAME. Given to the same lookups and the same reader
    /// the engine uses, its regions are read, at their place in the file.
    #[test]
    fn a_toy_language_is_one_definition_and_one_registry_line() {
        const TOY: Language = Language("toy");
        static TOY_FRONTEND: Frontend = Frontend {
            language: TOY,
            names: &["toy"],
            mentions: |text| text.contains("invoke "),
            read: Some(|region, dir, sink| {
                let mut at = 0;
                for line in crate::source::lines_inclusive(&region.text) {
                    if let Some(name) = line.trim_end().strip_prefix("invoke ") {
                        let start = region.offset(at + "invoke ".len());
                        let span = Span::new(start, start + name.len());
                        let mut invocation = Invocation::new(Origin::CommandLine, dir);
                        invocation.endpoint_name = Some(Value::from_word(name.to_string(), span));
                        sink.invocation(invocation);
                    }
                    at += line.len();
                }
                Ok(())
            }),
        };
        let registry: &[&Frontend] = &[&TOY_FRONTEND, &crate::frontends::shell::FRONTEND];
        assert_eq!(language_named_in(registry, "toy"), Some(TOY));
        let text = "# notes\ninvoke scoring\n";
        let region = Region::whole(TOY, text);
        let mut found = Vec::new();
        let mut take = |i: Invocation| found.push(i);
        let mut sink = Sink::new(&mut take);
        read_in(registry, &region, Path::new("."), &mut sink).expect("read");
        drop(sink);
        let [invocation] = found.as_slice() else {
            panic!("one invocation, not {}", found.len())
        };
        let name = invocation.endpoint_name.as_ref().expect("a name");
        assert_eq!(name.text, "scoring");
        assert_eq!(&text[name.span.start..name.span.end], "scoring");
    }
}
