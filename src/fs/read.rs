//! Reading a file as amlint does: UTF-8 text within the size limit, binary files told apart,
//! and never blocking on what is not a regular file.

use std::path::Path;

use crate::fs::walk;

/// Read a file as UTF-8 text, within `limit` bytes. `Ok(None)` for a binary file. Only a
/// regular file is opened (a FIFO or a device could block or never end), and never more than
/// the limit is read, whatever the file's size says (`/proc` files say 0).
pub fn read_text(path: &Path, regular: bool, limit: u64) -> Result<Option<String>, String> {
    use std::io::Read;
    let too_large =
        |len: u64| format!("it is {len} bytes, larger than amlint's limit of {limit} bytes");
    let check = |m: std::fs::Metadata| -> Result<u64, String> {
        if !m.is_file() {
            Err("it is not a regular file".into())
        } else if m.len() > limit {
            Err(too_large(m.len()))
        } else {
            Ok(m.len())
        }
    };
    let (file, size) = if regular {
        // Seen to be a regular file (by the walk, or by the look at a named path): opened at
        // once, then asked what it is (one path lookup instead of two; a run opens every file
        // of a tree, a pre-commit run every staged file).
        let file = open_without_blocking(path, false).map_err(|e| walk::describe_io_error(&e))?;
        let size = check(file.metadata().map_err(|e| walk::describe_io_error(&e))?)?;
        (file, size)
    } else {
        // Looked up before opening: opening a FIFO would block until someone writes to it,
        // and opening a device can do something.
        let size = check(std::fs::metadata(path).map_err(|e| walk::describe_io_error(&e))?)?;
        let file = std::fs::File::open(path).map_err(|e| walk::describe_io_error(&e))?;
        (file, size)
    };
    // Sized from the length, so a file is read in one call and the one that sees its end.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| walk::describe_io_error(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    if looks_binary(&bytes) {
        return Ok(None);
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        format!(
            "it is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The text of the regular file at `path`, if it is one (not a link, which is not followed) of
/// at most `limit` bytes, in UTF-8: how discovery reads a listed file. Opened without blocking
/// and then asked what it is — one path lookup, where asking first took two.
pub fn read_regular(path: &Path, limit: u64) -> Option<String> {
    use std::io::Read;
    let file = open_without_blocking(path, true).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() > limit {
        return None;
    }
    let mut text = String::with_capacity(metadata.len() as usize + 1);
    file.take(limit + 1).read_to_string(&mut text).ok()?;
    (text.len() as u64 <= limit).then_some(text)
}

/// A NUL byte in the first 8 KiB: a binary file, as git decides it.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// Open `path` for reading without waiting: should a walked file have become a FIFO since the
/// walk saw it, the open returns at once (and the file is then found not to be regular).
/// `no_links`: a link is not followed (the open fails).
fn open_without_blocking(path: &Path, no_links: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let no_follow = if no_links { libc::O_NOFOLLOW } else { 0 };
        options.custom_flags(libc::O_NONBLOCK | no_follow);
    }
    #[cfg(not(unix))]
    if no_links && std::fs::symlink_metadata(path)?.is_symlink() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A walked file that is a FIFO by the time it is read (the walk saw a regular file) is
    /// opened without waiting for a writer, and found not to be regular.
    #[cfg(unix)]
    #[test]
    fn a_walked_file_that_became_a_fifo_is_not_waited_on() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let fifo = dir.path().join("inputs.yml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        assert_eq!(
            read_text(&fifo, true, 100),
            Err("it is not a regular file".to_string())
        );
        assert_eq!(
            read_text(&fifo, false, 100),
            Err("it is not a regular file".to_string())
        );
    }

    /// Discovery reads a listed file only if it is still a regular file within the limit: not
    /// a link (even to a regular file), a FIFO, or a bigger file.
    #[cfg(unix)]
    #[test]
    fn a_listed_file_is_read_only_as_a_regular_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("deployment.yml");
        std::fs::write(&file, "name: d\n").expect("written");
        assert_eq!(read_regular(&file, 100), Some("name: d\n".to_string()));
        assert_eq!(read_regular(&file, 7), None, "over the limit");
        let link = dir.path().join("link.yml");
        std::os::unix::fs::symlink(&file, &link).expect("linked");
        assert_eq!(read_regular(&link, 100), None);
        let fifo = dir.path().join("fifo.yml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(read_regular(&fifo, 100), None);
        }
    }

    #[test]
    fn a_walked_file_is_read_whole() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("inputs.yml");
        std::fs::write(&file, "inputs: {}\n").expect("written");
        assert_eq!(
            read_text(&file, true, 100),
            Ok(Some("inputs: {}\n".to_string()))
        );
    }
}
