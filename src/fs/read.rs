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
        // The walk saw a regular file: opened at once, then asked what it is (one path lookup
        // instead of two; the walk opens every file of a tree).
        let file = open_without_blocking(path).map_err(|e| walk::describe_io_error(&e))?;
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

/// A NUL byte in the first 8 KiB: a binary file, as git decides it.
pub fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// Open `path` for reading without waiting: should a walked file have become a FIFO since the
/// walk saw it, the open returns at once (and the file is then found not to be regular).
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
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
