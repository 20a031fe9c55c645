//! `--watch`: check, then check again whenever a file under the paths changes, until Ctrl-C
//! (as ruff's `--watch`). The watcher is `notify` (inotify, FSEvents, ReadDirectoryChangesW).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

enum Event {
    Changed,
    Stop,
}

/// How long a burst of events (an editor's save writes, renames and touches) is let settle.
const SETTLE: Duration = Duration::from_millis(200);

/// Whether an event is a change amlint may care about: not a read (a check reads every file),
/// not inside `.git`, not the report amlint itself writes.
fn relevant(event: &notify::Event, report: Option<&Path>) -> bool {
    let kind = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any
    ) || matches!(event.kind, EventKind::Modify(m) if !matches!(m, notify::event::ModifyKind::Metadata(_)));
    kind && event.paths.iter().any(|path| {
        !path
            .components()
            .any(|c| c == Component::Normal(".git".as_ref()))
            && report.is_none_or(|report| !path.ends_with(report))
    })
}

/// Run `check` now and after every change under `paths`; 0 on Ctrl-C, 2 when the paths cannot
/// be watched.
pub fn run(
    paths: &[PathBuf],
    report: Option<&Path>,
    mut check: impl FnMut() -> ExitCode,
) -> ExitCode {
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    }) {
        amlint::eprintln_guarded!("amlint: --watch cannot handle Ctrl-C: {e}");
        return ExitCode::from(2);
    }
    let report_name: Option<PathBuf> = report.and_then(|r| r.file_name()).map(PathBuf::from);
    let mut watcher =
        match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && relevant(&event, report_name.as_deref())
            {
                let _ = tx.send(Event::Changed);
            }
        }) {
            Ok(watcher) => watcher,
            Err(e) => {
                amlint::eprintln_guarded!("amlint: --watch: {e}");
                return ExitCode::from(2);
            }
        };
    for path in paths {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if let Err(e) = watcher.watch(path, mode) {
            amlint::eprintln_guarded!(
                "amlint: --watch: cannot watch `{}`: {e}",
                amlint::output::shown(&path.display().to_string())
            );
            return ExitCode::from(2);
        }
    }
    amlint::eprintln_guarded!("amlint: watching for changes (Ctrl-C to stop)");
    check();
    loop {
        match rx.recv() {
            Ok(Event::Changed) => {}
            Ok(Event::Stop) | Err(_) => return ExitCode::SUCCESS,
        }
        let settled = Instant::now() + SETTLE;
        loop {
            match rx.recv_timeout(settled.saturating_duration_since(Instant::now())) {
                Ok(Event::Changed) => {}
                Ok(Event::Stop) | Err(RecvTimeoutError::Disconnected) => return ExitCode::SUCCESS,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        amlint::eprintln_guarded!("amlint: file change detected; checking again");
        check();
    }
}
