//! The language server's stdio transport, with bounds: `lsp-server`'s own reader trusts the
//! client (a `Content-Length: 99999999999` header allocates that much, a bad header or invalid
//! JSON ends the connection). Here a header line, a header block and a message body are bounded;
//! a malformed message is answered with a JSON-RPC parse error or dropped, and the reader finds
//! the next message; only the end of the input ends the connection.

use std::io::{self, BufRead, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use lsp_server::{Connection, Message};
use serde::Serialize;

/// No LSP message of amlint's comes close: a document is limited to `MAX_FILE_BYTES` anyway.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;
/// A header line longer than this is not LSP framing.
const MAX_HEADER_LINE: usize = 4096;

/// What one read from the input gave.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A framed body that is not a JSON-RPC message: answered with a parse error.
    Invalid(String),
    /// Framing that makes no sense (a missing or huge `Content-Length`); the reader resyncs.
    Skipped(String),
}

/// Read one frame; `None` at the end of the input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let Some(line) = read_line(input)? else {
            return Ok(None);
        };
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        // A header after a body that had no line break (`…}Content-Length: 5`): resync on it.
        let line = match line.find("Content-Length:") {
            Some(at) => &line[at..],
            None => line,
        };
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Skipped(
            "a message without Content-Length".into(),
        )));
    };
    if length > MAX_MESSAGE_BYTES {
        return Ok(Some(Frame::Skipped(format!(
            "a message of {length} bytes, over the limit of {MAX_MESSAGE_BYTES}"
        ))));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).is_err() {
        return Ok(None);
    }
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Frame::Message(message),
        Err(e) => Frame::Invalid(e.to_string()),
    }))
}

/// One line, at most [`MAX_HEADER_LINE`] bytes (the rest of a longer line is dropped).
fn read_line(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let read = input
        .by_ref()
        .take(MAX_HEADER_LINE as u64)
        .read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") && read == MAX_HEADER_LINE {
        // Too long for a header: skip to the end of that line, bounded by what arrives.
        let mut rest = Vec::new();
        loop {
            rest.clear();
            let n = input
                .by_ref()
                .take(MAX_HEADER_LINE as u64)
                .read_until(b'\n', &mut rest)?;
            if n == 0 || rest.ends_with(b"\n") {
                break;
            }
        }
        return Ok(Some(String::new()));
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

fn write_frame(out: &mut impl Write, body: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// Where the server's messages go once initialised: each is serialised on the sender's thread,
/// straight from its typed form — a 500-finding `publishDiagnostics` never becomes a
/// `serde_json::Value` tree (building, copying and dropping one cost a third of a keystroke).
#[derive(Clone)]
pub struct Outbox(mpsc::Sender<String>);

impl Outbox {
    /// Queue one message for the client; a message that cannot be serialised is dropped, and a
    /// client that went away is noticed by the reader.
    pub fn send(&self, message: &impl Serialize) {
        if let Ok(body) = serde_json::to_string(message) {
            let _ = self.0.send(body);
        }
    }
}

/// Whether the reader holds input it has not turned into messages yet: bytes in its buffer, or
/// waiting in the pipe. A burst of edits written at once reaches the server a message at a time,
/// as the reader parses them; while this says so, more are on their way, and checking the text
/// of one in the middle would be wasted.
#[derive(Clone, Default)]
pub struct Incoming(Arc<AtomicBool>);

impl Incoming {
    pub fn more_on_the_way(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// The standard input, read through a buffer the reader can look into ([`Incoming`]). On Unix
/// a duplicate of its descriptor, so that no buffer of `Stdin`'s own holds bytes unseen.
struct Input {
    buffered: io::BufReader<Box<dyn Read + Send>>,
    #[cfg(unix)]
    fd: Option<std::os::fd::RawFd>,
}

impl Input {
    fn stdin() -> Input {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            if let Ok(owned) = io::stdin().as_fd().try_clone_to_owned() {
                return Input::from_fd(owned);
            }
        }
        Input {
            buffered: io::BufReader::with_capacity(1 << 16, Box::new(io::stdin())),
            #[cfg(unix)]
            fd: None,
        }
    }

    /// Reading from the descriptor `owned` (stdin's duplicate; a pipe in tests).
    #[cfg(unix)]
    fn from_fd(owned: std::os::fd::OwnedFd) -> Input {
        use std::os::fd::AsRawFd;
        let fd = owned.as_raw_fd();
        let file: Box<dyn Read + Send> = Box::new(std::fs::File::from(owned));
        Input {
            buffered: io::BufReader::with_capacity(1 << 16, file),
            fd: Some(fd),
        }
    }

    /// Input is in hand: in the buffer, or readable from the pipe at once.
    fn more_in_hand(&self) -> bool {
        if !self.buffered.buffer().is_empty() {
            return true;
        }
        #[cfg(unix)]
        if let Some(fd) = self.fd {
            let mut ready = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid `pollfd`, for a descriptor this reader owns (`buffered` holds
            // it open); a zero timeout never waits.
            let polled = unsafe { libc::poll(&mut ready, 1, 0) };
            return polled > 0 && ready.revents & libc::POLLIN != 0;
        }
        false
    }
}

/// A connection over stdin/stdout through the bounded reader; join the threads at the end.
///
/// The handshake goes through the `Connection` (lsp-server's `initialize_start`/`finish`); once
/// the server drops the connection's sender, the writer goes on with the [`Outbox`], so what
/// was sent before comes out first.
pub fn stdio() -> (Connection, Outbox, Incoming, Threads) {
    let (server, client) = Connection::memory();
    let (outbox, bodies) = mpsc::channel::<String>();
    let stdout = Arc::new(Mutex::new(crate::output::protocol_stdout()));
    let writer_out = Arc::clone(&stdout);
    let receiver = client.receiver;
    let writer = thread::spawn(move || {
        let handshake = receiver
            .into_iter()
            .filter_map(|message| serde_json::to_string(&message).ok());
        for body in handshake.chain(bodies) {
            let Ok(mut out) = writer_out.lock() else {
                return;
            };
            if write_frame(&mut *out, &body).is_err() {
                return;
            }
        }
    });
    let sender = client.sender;
    let incoming = Incoming::default();
    let reading = incoming.0.clone();
    let reader = thread::spawn(move || {
        let mut input = Input::stdin();
        while let Ok(Some(frame)) = read_frame(&mut input.buffered) {
            // Said before the message goes: the server, having taken it, knows whether to wait
            // for the next.
            reading.store(input.more_in_hand(), Ordering::Release);
            match frame {
                Frame::Message(message) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if sender.send(message).is_err() || exit {
                        break;
                    }
                }
                Frame::Invalid(why) => {
                    let error = serde_json::json!({
                        "jsonrpc": "2.0",
                        "id": null,
                        "error": {"code": -32700, "message": format!("parse error: {why}")},
                    });
                    if let Ok(mut out) = stdout.lock() {
                        let _ = write_frame(&mut *out, &error.to_string());
                    }
                }
                Frame::Skipped(why) => crate::eprintln_guarded!("amlint server: dropped {why}"),
            }
        }
        // The input ended (or `exit` came): nothing more is on its way.
        reading.store(false, Ordering::Release);
    });
    (server, Outbox(outbox), incoming, Threads { reader, writer })
}

/// The transport's threads.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Wait for the writer to flush what the server sent. The reader ends with the input, or
    /// with `exit`; a client that never closes its end is not waited for.
    pub fn join(self) -> Result<(), String> {
        drop(self.reader);
        self.writer
            .join()
            .map_err(|_| "the writer thread panicked".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).unwrap() {
            out.push(match frame {
                Frame::Message(_) => "message".to_string(),
                Frame::Invalid(_) => "invalid".to_string(),
                Frame::Skipped(_) => "skipped".to_string(),
            });
        }
        out
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    /// The reader knows whether more input is in hand after a frame: the rest of a burst in its
    /// buffer or in the pipe, and nothing once it has read all that was written.
    #[cfg(unix)]
    #[test]
    fn the_reader_knows_when_more_input_is_in_hand() {
        let (reader, mut writer) = io::pipe().unwrap();
        let mut input = Input::from_fd(reader.into());
        let frame = format!("Content-Length: {}\r\n\r\n{EXIT}", EXIT.len());
        writer.write_all(frame.repeat(2).as_bytes()).unwrap();
        assert!(input.more_in_hand(), "in the pipe");
        assert!(matches!(
            read_frame(&mut input.buffered),
            Ok(Some(Frame::Message(_)))
        ));
        assert!(input.more_in_hand(), "the second frame is in the buffer");
        assert!(matches!(
            read_frame(&mut input.buffered),
            Ok(Some(Frame::Message(_)))
        ));
        assert!(!input.more_in_hand(), "all that was written is read");
        writer.write_all(frame.as_bytes()).unwrap();
        assert!(input.more_in_hand(), "written since");
    }

    #[test]
    fn malformed_frames_are_dropped_and_reading_goes_on() {
        let good = format!("Content-Length: {}\r\n\r\n{EXIT}", EXIT.len());
        assert_eq!(frames(&good), ["message"]);
        let huge = format!("Content-Length: 99999999999\r\n\r\n{{}}\r\n{good}");
        assert_eq!(frames(&huge), ["skipped", "message"]);
        let bad_json = format!("Content-Length: 5\r\n\r\n{{x:1}}{good}");
        assert_eq!(frames(&bad_json), ["invalid", "message"]);
        let no_length = format!("X-Nothing: 1\r\n\r\n{good}");
        assert_eq!(frames(&no_length), ["skipped", "message"]);
        let long_line = format!("{}\r\n{good}", "a".repeat(10_000));
        assert_eq!(frames(&long_line), ["message"]);
    }
}
