//! The library's side of the relay: large strings taken out of events before the library
//! sees them ([`Blobs::stash`]), and streamed to the server as WebSocket fragments where
//! their markers are in the library's message.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};

use super::frames::{apply_mask, frame_head, read_frame_head, OP_CONTINUATION, OP_TEXT};
use super::{copy_exactly, random_hex, Shared, STASH_MIN};

/// The size of one streamed fragment.
const FRAGMENT: usize = 256 * 1024;
/// Outgoing text frames up to this size are looked at for markers (markers ride in
/// small events; a larger frame is passed through without being read into memory).
const INSPECT_MAX: u64 = 1024 * 1024;
/// What a stashed string's place holds in the event: this, then 32 hex digits.
const MARKER: &str = "switchboard-relay-blob:";

/// Large strings taken out of events, waiting for the relay to stream them, each with the
/// id of the file it carries (if any) for progress reports.
#[derive(Default)]
pub struct Blobs {
    waiting: Mutex<HashMap<String, Blob>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Blob {
    text: Bytes,
    file: Option<String>,
}

/// How often streaming progress is reported.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

impl Blobs {
    /// Replace every string of at least [`STASH_MIN`] bytes in `args` by a marker, keeping
    /// its JSON-escaped text here; `file` is the file the event carries. Returns the
    /// arguments and the markers' ids.
    pub fn stash(&self, mut args: Vec<Value>, file: Option<&str>) -> (Vec<Value>, Vec<String>) {
        let mut ids = Vec::new();
        for arg in &mut args {
            self.stash_in(arg, file, &mut ids);
        }
        (args, ids)
    }

    fn stash_in(&self, value: &mut Value, file: Option<&str>, ids: &mut Vec<String>) {
        match value {
            Value::String(s) if s.len() >= STASH_MIN => {
                let id = random_hex();
                let text = std::mem::replace(s, format!("{MARKER}{id}"));
                let blob = Blob { text: json_string_contents(text), file: file.map(str::to_owned) };
                self.lock().insert(id.clone(), blob);
                ids.push(id);
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.stash_in(v, file, ids)),
            Value::Object(map) => map.values_mut().for_each(|v| self.stash_in(v, file, ids)),
            _ => {}
        }
    }

    /// Drop strings whose event was never sent.
    pub fn forget(&self, ids: &[String]) {
        let mut waiting = self.lock();
        for id in ids {
            waiting.remove(id);
        }
    }

    fn take(&self, id: &str) -> Option<Blob> {
        self.lock().remove(id)
    }

    fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Blob>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Copy the library's frames to the server, streaming stashed strings where their markers are.
pub(super) async fn pump_out(
    down: &mut BufReader<impl AsyncRead + Unpin>,
    up: &mut BufWriter<impl AsyncWrite + Unpin>,
    shared: &Shared,
) -> std::io::Result<()> {
    while let Some(head) = read_frame_head(down).await? {
        let inspect = head.opcode == OP_TEXT && head.fin && head.len <= INSPECT_MAX && !shared.blobs.is_empty();
        if inspect {
            if let Some(key) = head.mask {
                let mut payload = vec![0u8; head.len as usize];
                down.read_exact(&mut payload).await?;
                let mut text = payload.clone();
                apply_mask(&mut text, key);
                match split_at_markers(&text, &shared.blobs) {
                    Some(parts) => write_fragments(up, &parts, shared).await?,
                    None => {
                        up.write_all(&head.raw).await?;
                        up.write_all(&payload).await?;
                    }
                }
                up.flush().await?;
                continue;
            }
        }
        up.write_all(&head.raw).await?;
        copy_exactly(down, up, head.len).await?;
        // Batch small frames, but never hold one back while the library is quiet.
        if down.buffer().is_empty() {
            up.flush().await?;
        }
    }
    Ok(())
}

/// A message's text cut where stashed strings go back in.
#[derive(Debug, PartialEq)]
enum Part {
    Text(Vec<u8>),
    Blob(Blob),
}

/// `None` when the message holds no marker of a waiting string.
fn split_at_markers(text: &[u8], blobs: &Blobs) -> Option<Vec<Part>> {
    let needle = format!("\"{MARKER}");
    let needle = needle.as_bytes();
    let mut parts = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while let Some(found) = find(&text[at..], needle).map(|i| i + at) {
        let id_start = found + needle.len();
        let id_end = id_start + 32;
        let blob = text
            .get(id_start..id_end)
            .filter(|_| text.get(id_end) == Some(&b'"'))
            .and_then(|id| std::str::from_utf8(id).ok())
            .and_then(|id| blobs.take(id));
        match blob {
            Some(blob) => {
                parts.push(Part::Text(text[from..=found].to_vec()));
                parts.push(Part::Blob(blob));
                from = id_end;
                at = id_end;
            }
            None => at = found + 1,
        }
    }
    if parts.is_empty() {
        return None;
    }
    parts.push(Part::Text(text[from..].to_vec()));
    Some(parts)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The pieces of one message, each at most [`FRAGMENT`] bytes, cut between UTF-8 characters.
fn pieces(parts: &[Part]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    for part in parts {
        let mut bytes: &[u8] = match part {
            Part::Text(t) => t,
            Part::Blob(b) => &b.text,
        };
        while !bytes.is_empty() {
            let mut cut = bytes.len().min(FRAGMENT);
            while cut < bytes.len() && cut > 0 && bytes[cut] & 0xC0 == 0x80 {
                cut -= 1;
            }
            out.push(&bytes[..cut]);
            bytes = &bytes[cut..];
        }
    }
    out
}

/// Send the parts as one text message in fragments, masked with a fresh key, telling
/// `progress` how far it is for the files it carries.
async fn write_fragments(up: &mut BufWriter<impl AsyncWrite + Unpin>, parts: &[Part], shared: &Shared) -> std::io::Result<()> {
    let pieces = pieces(parts);
    let files: Vec<&str> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Blob(Blob { file: Some(f), .. }) => Some(f.as_str()),
            _ => None,
        })
        .collect();
    let report = |done: usize, total: usize| files.iter().for_each(|f| (shared.hooks.progress)(f, done as u64, total as u64));
    let key: [u8; 4] = rand::random();
    let mut masked = Vec::with_capacity(FRAGMENT);
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let (mut done, mut last) = (0, std::time::Instant::now());
    report(0, total);
    for (i, piece) in pieces.iter().enumerate() {
        let opcode = if i == 0 { OP_TEXT } else { OP_CONTINUATION };
        masked.clear();
        masked.extend_from_slice(piece);
        apply_mask(&mut masked, key);
        up.write_all(&frame_head(i + 1 == pieces.len(), opcode, masked.len() as u64, Some(key))).await?;
        up.write_all(&masked).await?;
        done += piece.len();
        if last.elapsed() >= PROGRESS_EVERY {
            last = std::time::Instant::now();
            report(done, total);
        }
    }
    report(total, total);
    crate::applog::record(format!(
        "{}: sent a {} message in {} parts through the relay",
        shared.label,
        crate::files::human_size(total as u64),
        pieces.len()
    ));
    Ok(())
}

/// The text of a JSON string without its quotes. Base64 needs no escaping and is moved,
/// not copied.
fn json_string_contents(text: String) -> Bytes {
    if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        return Bytes::from(text.into_bytes());
    }
    let quoted = Value::String(text).to_string();
    Bytes::copy_from_slice(&quoted.as_bytes()[1..quoted.len() - 1])
}


#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn joined(parts: &[Part]) -> Vec<u8> {
        pieces(parts).concat()
    }

    #[test]
    fn large_strings_are_stashed_and_put_back_as_the_same_json() {
        let blobs = Blobs::default();
        let big = "a\"b\\c\nd é 中".repeat(STASH_MIN / 8);
        let args = vec![json!({"name": "x.txt", "data": big.clone(), "nested": [big.clone()]}), json!("small")];
        let expected = serde_json::to_vec(&json!(["send", args[0].clone(), "small"])).unwrap();
        let (stashed, ids) = blobs.stash(args, Some("f1"));
        assert_eq!(ids.len(), 2);
        let small = serde_json::to_vec(&json!(["send", stashed[0].clone(), stashed[1].clone()])).unwrap();
        assert!(small.len() < 300, "{}", String::from_utf8_lossy(&small));
        let parts = split_at_markers(&small, &blobs).expect("markers found");
        assert_eq!(parts.len(), 5);
        assert_eq!(joined(&parts), expected);
        assert!(blobs.is_empty(), "each string is streamed once");
    }

    #[test]
    fn small_strings_and_unknown_markers_are_left_alone() {
        let blobs = Blobs::default();
        let (args, ids) = blobs.stash(vec![json!("short"), json!({"k": "x".repeat(STASH_MIN - 1)})], None);
        assert!(ids.is_empty());
        assert_eq!(args[0], json!("short"));
        let text = format!("[\"e\",\"{MARKER}{}\"]", "0".repeat(32));
        assert!(split_at_markers(text.as_bytes(), &blobs).is_none());
        let (_, ids) = blobs.stash(vec![json!("y".repeat(STASH_MIN))], None);
        blobs.forget(&ids);
        assert!(blobs.is_empty());
    }

    #[test]
    fn base64_is_moved_not_escaped() {
        let text = "QUJD".repeat(1000);
        assert_eq!(&json_string_contents(text.clone())[..], text.as_bytes());
        assert_eq!(&json_string_contents("a\"\u{1}".into())[..], b"a\\\"\\u0001");
    }

    #[test]
    fn pieces_are_bounded_and_cut_between_characters() {
        let text = "é中".repeat(FRAGMENT / 2);
        let parts = vec![Part::Text(b"[\"".to_vec()), Part::Blob(Blob { text: Bytes::from(text.clone()), file: None }), Part::Text(b"\"]".to_vec())];
        let pieces = pieces(&parts);
        assert!(pieces.iter().all(|p| p.len() <= FRAGMENT));
        assert!(pieces.iter().all(|p| std::str::from_utf8(p).is_ok()));
        assert_eq!(pieces.concat(), format!("[\"{text}\"]").into_bytes());
    }
}
