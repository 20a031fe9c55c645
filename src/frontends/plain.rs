//! Files of one language, read whole: shell scripts, PowerShell scripts, Python modules, JSON
//! request bodies.

use crate::frontends::Region;
use crate::frontends::registry::{Container, FileKind, Language};
use crate::limits::MAX_FILE_BYTES;

pub static SHELL: Container = Container {
    kind: FileKind::SHELL,
    extensions: &["sh", "bash", "zsh", "ksh"],
    max_bytes: MAX_FILE_BYTES,
    regions: |file| vec![Region::whole(Language::SHELL, &file.text)],
};

pub static POWERSHELL: Container = Container {
    kind: FileKind::POWERSHELL,
    extensions: &["ps1", "psm1"],
    max_bytes: MAX_FILE_BYTES,
    regions: |file| vec![Region::whole(Language::POWERSHELL, &file.text)],
};

pub static PYTHON: Container = Container {
    kind: FileKind::PYTHON,
    extensions: &["py"],
    max_bytes: MAX_FILE_BYTES,
    regions: |file| vec![Region::whole(Language::PYTHON, &file.text)],
};

pub static JSON: Container = Container {
    kind: FileKind::JSON,
    extensions: &["json"],
    max_bytes: MAX_FILE_BYTES,
    regions: |file| vec![Region::whole(Language::JSON, &file.text)],
};
