//! The server's side of the relay ([`pump_in`]): long strings in the server's text
//! messages are kept here and a short marker goes to the library in their place, so a received file's text
//! is held once (not in the library's frame, message, packet and parsed value) and a
//! message the library would refuse (over 64 MiB) reaches it small. The supervisor puts
//! the strings back into the event's arguments ([`Arrived::restore`]).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};

use super::frames::{frame_head, read_frame_head, OP_CONTINUATION, OP_TEXT};
use super::{copy_exactly, random_hex, Shared, STASH_MIN};

/// The largest frame passed to the library: its WebSocket reader refuses frames over
/// 16 MiB (a 12 MiB file's base64), though it takes messages of up to 64 MiB in fragments.
const INBOUND_FRAME_MAX: u64 = 4 * 1024 * 1024;
/// How much of a server's text message is read at a time.
const INBOUND_CHUNK: usize = 64 * 1024;

/// Copy the server's answer to the library: its HTTP response, then its frames: text
/// messages through the [`Scanner`], the others cut into frames of at most
/// [`INBOUND_FRAME_MAX`] (the same message, in more fragments).
pub(super) async fn pump_in(
    up: &mut BufReader<impl AsyncRead + Unpin>,
    down: &mut BufWriter<impl AsyncWrite + Unpin>,
    shared: &Shared,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        if up.read_until(b'\n', &mut head).await? == 0 {
            down.write_all(&head).await?;
            return down.flush().await;
        }
    }
    down.write_all(&head).await?;
    down.flush().await?;
    if !head.starts_with(b"HTTP/1.1 101") {
        // Not upgraded (an error page): the rest as it comes.
        tokio::io::copy_buf(up, down).await?;
        return down.flush().await;
    }
    let mut text = TextOut::default();
    let mut chunk = vec![0u8; INBOUND_CHUNK];
    while let Some(frame) = read_frame_head(up).await? {
        let data = frame.opcode < 0x8 && frame.mask.is_none();
        if data && (frame.opcode == OP_TEXT || (frame.opcode == OP_CONTINUATION && text.open)) {
            text.open = true;
            text.size += frame.len;
            if text.size > shared.max_message {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "the server sent a message of over {}, more than this connection takes (its file limit, as text); the connection was closed",
                        crate::files::human_size(shared.max_message)
                    ),
                ));
            }
            let mut left = frame.len;
            while left > 0 {
                let n = left.min(INBOUND_CHUNK as u64) as usize;
                up.read_exact(&mut chunk[..n]).await?;
                text.scanner.feed(&chunk[..n], &mut text.out, &shared.arrived);
                if text.out.len() >= INBOUND_CHUNK * 16 {
                    text.write(down, false).await?;
                }
                left -= n as u64;
            }
            if frame.fin {
                text.scanner.finish(&mut text.out);
                text.write(down, true).await?;
            }
            if up.buffer().is_empty() {
                down.flush().await?;
            }
            continue;
        }
        // Control frames are short and never cut; a masked server frame is passed on as it is.
        let cut = data && frame.len > INBOUND_FRAME_MAX;
        if !cut {
            down.write_all(&frame.raw).await?;
            copy_exactly(up, down, frame.len).await?;
        } else {
            let (mut left, mut first) = (frame.len, true);
            while left > 0 {
                let n = left.min(INBOUND_FRAME_MAX);
                let opcode = if first { frame.opcode } else { OP_CONTINUATION };
                down.write_all(&frame_head(n == left && frame.fin, opcode, n, None)).await?;
                copy_exactly(up, down, n).await?;
                (left, first) = (left - n, false);
            }
        }
        if up.buffer().is_empty() {
            down.flush().await?;
        }
    }
    down.flush().await
}

/// The text message being passed to the library, rewritten by the scanner.
#[derive(Default)]
struct TextOut {
    /// A text message has begun and not ended (its continuation frames are text too).
    open: bool,
    /// Its first frame has gone out (the next ones are continuations).
    started: bool,
    /// Its bytes so far, as the server sent them.
    size: u64,
    scanner: Scanner,
    out: Vec<u8>,
}

impl TextOut {
    async fn write(&mut self, down: &mut (impl AsyncWrite + Unpin), fin: bool) -> std::io::Result<()> {
        let opcode = if self.started { OP_CONTINUATION } else { OP_TEXT };
        down.write_all(&frame_head(fin, opcode, self.out.len() as u64, None)).await?;
        down.write_all(&self.out).await?;
        self.out.clear();
        if fin {
            (self.started, self.open, self.size) = (false, false, 0);
        } else {
            self.started = true;
        }
        Ok(())
    }
}

/// What a kept string's place holds in the message: this, then 32 hex digits.
const MARKER: &str = "switchboard-relay-arrived:";

/// Long strings taken out of the server's messages, by marker id: their JSON text
/// (escapes and all) without the quotes.
#[derive(Default)]
pub struct Arrived {
    kept: Mutex<HashMap<String, Vec<u8>>>,
    /// The connection, for the app log.
    label: String,
}

impl Arrived {
    pub fn new(label: String) -> Self {
        Arrived { kept: Mutex::default(), label }
    }

    fn keep(&self, text: Vec<u8>) -> String {
        crate::applog::record(format!(
            "{}: kept a {} string from the server out of the library",
            self.label,
            crate::files::human_size(text.len() as u64)
        ));
        let id = random_hex();
        self.lock().insert(id.clone(), text);
        id
    }

    /// Put kept strings back where their markers are in `args`.
    pub fn restore(&self, args: &mut [Value]) {
        if self.lock().is_empty() {
            return;
        }
        for arg in args {
            self.restore_in(arg);
        }
    }

    fn restore_in(&self, value: &mut Value) {
        match value {
            Value::String(s) => {
                let Some(id) = s.strip_prefix(MARKER) else { return };
                let Some(text) = self.lock().remove(id) else { return };
                *s = json_text_to_string(text);
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.restore_in(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.restore_in(v)),
            _ => {}
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The string a JSON string's inner text stands for. Without escapes (base64) the bytes
/// become the string as they are, not copied.
fn json_text_to_string(text: Vec<u8>) -> String {
    if !text.contains(&b'\\') {
        return String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }
    let mut quoted = Vec::with_capacity(text.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(&text);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted).unwrap_or_else(|_| String::from_utf8_lossy(&text).into_owned())
}

/// Reads one text message as it streams in, passing its bytes on except the inside of
/// strings of [`STASH_MIN`] bytes or more, which are kept in [`Arrived`] behind a marker.
#[derive(Default)]
pub struct Scanner {
    in_string: bool,
    /// The last byte in the string was a backslash: the next one is escaped.
    escape: bool,
    /// The string so far, while it is short.
    pending: Vec<u8>,
    /// The string so far, once it is long.
    long: Option<Vec<u8>>,
}

impl Scanner {
    /// The next bytes of the message: what the library gets goes to `out`.
    pub fn feed(&mut self, mut input: &[u8], out: &mut Vec<u8>, arrived: &Arrived) {
        while !input.is_empty() {
            if !self.in_string {
                match input.iter().position(|&b| b == b'"') {
                    None => return out.extend_from_slice(input),
                    Some(p) => {
                        out.extend_from_slice(&input[..=p]);
                        input = &input[p + 1..];
                        self.in_string = true;
                    }
                }
            } else if self.escape {
                self.push(&input[..1]);
                self.escape = false;
                input = &input[1..];
            } else {
                match input.iter().position(|&b| b == b'"' || b == b'\\') {
                    None => return self.push(input),
                    Some(p) => {
                        self.push(&input[..p]);
                        if input[p] == b'\\' {
                            self.push(b"\\");
                            self.escape = true;
                        } else {
                            self.end_string(out, arrived);
                            out.push(b'"');
                        }
                        input = &input[p + 1..];
                    }
                }
            }
        }
    }

    /// The message ended: anything held back (an unterminated string) goes out as it was.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        out.append(&mut self.pending);
        if let Some(long) = self.long.take() {
            out.extend_from_slice(&long);
        }
        *self = Scanner::default();
    }

    fn push(&mut self, bytes: &[u8]) {
        match &mut self.long {
            Some(long) => long.extend_from_slice(bytes),
            None => {
                self.pending.extend_from_slice(bytes);
                if self.pending.len() >= STASH_MIN {
                    self.long = Some(std::mem::take(&mut self.pending));
                }
            }
        }
    }

    fn end_string(&mut self, out: &mut Vec<u8>, arrived: &Arrived) {
        self.in_string = false;
        match self.long.take() {
            Some(long) => {
                out.extend_from_slice(MARKER.as_bytes());
                out.extend_from_slice(arrived.keep(long).as_bytes());
            }
            None => out.append(&mut self.pending),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::relay::{Hooks, Upstream};
    use serde_json::json;
    use std::sync::Arc;

    fn shared(max_message: u64) -> Shared {
        let upstream = Upstream { host: "h".into(), port: 1, host_header: "h".into(), tls: None };
        let hooks = Hooks { progress: Arc::new(|_, _, _| {}), closed: Arc::new(|_| {}) };
        let (blobs, arrived, failure) = (Arc::default(), Arc::new(Arrived::default()), Arc::default());
        Shared { secret: "s".into(), upstream, blobs, arrived, failure, label: "t".into(), max_message, hooks }
    }

    /// The library's side of `pump_in`: the frames it got, as (fin, opcode, payload).
    async fn through_pump_in(server_bytes: Vec<u8>, shared: &Shared) -> (std::io::Result<()>, Vec<(bool, u8, Vec<u8>)>) {
        let mut up = BufReader::new(&server_bytes[..]);
        let mut down = BufWriter::new(Vec::new());
        let result = pump_in(&mut up, &mut down, shared).await;
        let written = down.into_inner();
        let body = &written[written.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
        let mut r = body;
        let mut frames = Vec::new();
        while let Some(head) = read_frame_head(&mut r).await.unwrap() {
            let (payload, rest) = r.split_at(head.len as usize);
            frames.push((head.fin, head.opcode, payload.to_vec()));
            r = rest;
        }
        (result, frames)
    }

    #[tokio::test]
    async fn the_servers_long_strings_are_kept_and_its_frames_stay_valid() {
        let content = "QUJD".repeat(3 * 1024 * 1024 / 4);
        let message = format!("42[\"file\",{{\"content\":\"{content}\"}}]").into_bytes();
        let mut server = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n".to_vec();
        // In two fragments, with a ping between them and a binary message after.
        let cut = message.len() / 2;
        server.extend(frame_head(false, OP_TEXT, cut as u64, None));
        server.extend(&message[..cut]);
        server.extend(frame_head(true, 0x9, 2, None));
        server.extend(b"hi");
        server.extend(frame_head(true, OP_CONTINUATION, (message.len() - cut) as u64, None));
        server.extend(&message[cut..]);
        server.extend(frame_head(true, 0x2, 3, None));
        server.extend([1, 2, 3]);
        let shared = shared(64 << 20);
        let (result, frames) = through_pump_in(server, &shared).await;
        result.unwrap();
        let ping = frames.iter().position(|f| f.1 == 0x9).unwrap();
        assert_eq!(frames[ping], (true, 0x9, b"hi".to_vec()));
        assert_eq!(frames.last().unwrap(), &(true, 0x2, vec![1, 2, 3]));
        let text: Vec<_> = frames.iter().filter(|f| f.1 == OP_TEXT || f.1 == OP_CONTINUATION).collect();
        assert_eq!(text[0].1, OP_TEXT);
        assert!(text[1..].iter().all(|f| f.1 == OP_CONTINUATION));
        assert_eq!(text.iter().filter(|f| f.0).count(), 1, "one message");
        let small: Vec<u8> = text.iter().flat_map(|f| f.2.clone()).collect();
        assert!(small.len() < 200, "{}", String::from_utf8_lossy(&small));
        let mut args: Vec<Value> = serde_json::from_slice(&small[2..]).unwrap();
        shared.arrived.restore(&mut args);
        assert_eq!(args, vec![json!("file"), json!({ "content": content })]);
    }

    #[tokio::test]
    async fn a_server_message_over_the_limit_closes_the_connection() {
        let mut server = b"HTTP/1.1 101 Switching Protocols\r\n\r\n".to_vec();
        server.extend(frame_head(true, OP_TEXT, 2000, None));
        server.extend(vec![b'x'; 2000]);
        let (result, _) = through_pump_in(server, &shared(1000)).await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("the connection was closed"), "{err}");
    }

    /// Scan `message` fed in pieces of `step` bytes; the library's text and the args restored.
    fn scan(message: &[u8], step: usize, arrived: &Arrived) -> Vec<u8> {
        let mut scanner = Scanner::default();
        let mut out = Vec::new();
        for piece in message.chunks(step) {
            scanner.feed(piece, &mut out, arrived);
        }
        scanner.finish(&mut out);
        out
    }

    #[test]
    fn long_strings_are_kept_and_restored_whatever_the_cuts() {
        let long = "a\"b\\c\n é 中 ".repeat(STASH_MIN / 10);
        let b64 = "QUJD".repeat(STASH_MIN / 2);
        let args = json!([{"content": long, "name": "x \"quoted\"", "list": [b64, "short"]}, 1, null]);
        let message = format!("42[\"file\",{}", &args.to_string()[1..]).into_bytes();
        for step in [1, 7, 4096, message.len()] {
            let arrived = Arrived::default();
            let out = scan(&message, step, &arrived);
            assert!(out.len() < 300, "step {step}: {}", String::from_utf8_lossy(&out));
            let mut got: Vec<Value> = serde_json::from_slice(&out[2..]).unwrap();
            got.remove(0);
            arrived.restore(&mut got);
            assert_eq!(Value::Array(got), args, "step {step}");
            assert!(arrived.lock().is_empty());
        }
    }

    #[test]
    fn short_messages_pass_unchanged() {
        let arrived = Arrived::default();
        for message in [&b"2"[..], b"40{\"sid\":\"abc\"}", b"42[\"m\",\"a\\\\\\\"b\",{\"k\":\"\"}]", b"42[\"unterminated"] {
            assert_eq!(scan(message, 3, &arrived), message);
        }
        let long_unterminated = [b"42[\"".as_slice(), &vec![b'x'; STASH_MIN + 5]].concat();
        assert_eq!(scan(&long_unterminated, 1000, &arrived), long_unterminated);
        assert!(arrived.lock().is_empty());
    }

    #[test]
    fn markers_that_were_never_kept_are_left_as_text() {
        let arrived = Arrived::default();
        let id = arrived.keep(b"x".to_vec());
        let mut args = vec![json!(format!("{MARKER}{}", "0".repeat(32))), json!(format!("{MARKER}{id}"))];
        arrived.restore(&mut args);
        assert_eq!(args, vec![json!(format!("{MARKER}{}", "0".repeat(32))), json!("x")]);
    }
}
