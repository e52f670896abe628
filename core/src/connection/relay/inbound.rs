//! The server's side of the relay: long strings in the server's text messages are kept
//! here and a short marker goes to the library in their place, so a received file's text
//! is held once (not in the library's frame, message, packet and parsed value) and a
//! message the library would refuse (over 64 MiB) reaches it small. The supervisor puts
//! the strings back into the event's arguments ([`Arrived::restore`]).

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;

use super::{random_hex, STASH_MIN};

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
    use serde_json::json;

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
