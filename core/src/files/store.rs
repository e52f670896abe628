//! The files of this run, sent and received, shared by `Core` (which reads files to send
//! and saves received ones) and the protocol translators (which put files in events and
//! take them out). Received files wait on disk (`kept`); the window only ever sees `FileInfo`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::kept::{head, Kept};
use super::text::looks_like_text;
use super::transfer::{Encoding, Incoming};
use super::{human_size, read, save, sha256_hex};
use crate::api::files::{FileDirection, FileInfo, FileState};
use crate::api::ConnId;
use crate::error::{Error, FileError, Result};

/// How much of a file a preview shows.
pub const PREVIEW_BYTES: usize = 256 * 1024;

struct Entry {
    info: FileInfo,
    /// Where a sent file is read from (kept for Retry).
    source: Option<PathBuf>,
    /// A sent file's encoded content between reading and sending.
    content: Option<String>,
    /// Where a received file's bytes wait (`None`: it did not arrive intact).
    kept: Option<PathBuf>,
    cancel: Arc<AtomicBool>,
}

/// A sent file's content, taken by its protocol to put in an event.
#[derive(Debug)]
pub struct Outgoing {
    pub info: FileInfo,
    pub content: String,
}

#[derive(Default)]
pub struct FileStore {
    files: Mutex<HashMap<String, Entry>>,
    next: std::sync::atomic::AtomicU64,
    kept: Kept,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore").field("files", &self.lock().len()).finish()
    }
}

/// Retry needs to know what kind of file it is.
#[derive(Debug, Clone)]
pub struct RetryInfo {
    pub info: FileInfo,
    pub source: Option<PathBuf>,
}

impl FileStore {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // A panic elsewhere while holding the lock leaves plain data behind: keep going.
        self.files.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn new_id(&self, direction: FileDirection) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        match direction {
            FileDirection::Sent => format!("out-{n}"),
            FileDirection::Received => format!("in-{n}"),
        }
    }

    fn with<T>(&self, file_id: &str, f: impl FnOnce(&mut Entry) -> Result<T>) -> Result<T> {
        let mut files = self.lock();
        let entry = files.get_mut(file_id).ok_or_else(|| Error::file(format!("there is no file “{file_id}”")))?;
        f(entry)
    }

    pub fn info(&self, file_id: &str) -> Result<FileInfo> {
        self.with(file_id, |e| Ok(e.info.clone()))
    }

    /// A file the person wants to send, checked before anything is read. With `file_id`
    /// (Retry) the same entry starts over.
    pub fn begin_send(
        &self,
        conn: &ConnId,
        path: &Path,
        target: &str,
        max_bytes: u64,
        file_id: Option<&str>,
    ) -> Result<(FileInfo, Arc<AtomicBool>)> {
        let source = read::check(path, max_bytes)?;
        let file_id = file_id.map(str::to_owned).unwrap_or_else(|| self.new_id(FileDirection::Sent));
        let info = FileInfo {
            file_id: file_id.clone(),
            conn: conn.clone(),
            direction: FileDirection::Sent,
            mime: Some(mime_for(&source.name).to_owned()),
            is_text: mime_for(&source.name).starts_with("text/") || mime_for(&source.name) == "application/json",
            name: source.name,
            size: source.size,
            sender: None,
            time: Some(crate::time::now_ms()),
            sha256: None,
            state: FileState::Reading { done: 0, total: source.size },
            saved_path: None,
            target: target.to_owned(),
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let entry = Entry {
            info: info.clone(),
            source: Some(path.to_owned()),
            content: None,
            kept: None,
            cancel: cancel.clone(),
        };
        self.lock().insert(file_id, entry);
        Ok((info, cancel))
    }

    /// Change a file's state; returns the new info (`None` for an unknown file).
    pub fn set_state(&self, file_id: &str, state: FileState) -> Option<FileInfo> {
        self.with(file_id, |e| {
            e.info.state = state;
            if matches!(e.info.state, FileState::Failed { .. } | FileState::Cancelled) {
                e.content = None;
            }
            Ok(e.info.clone())
        })
        .ok()
    }

    /// How far a file's message has streamed out; `None` once it is no longer sending
    /// (the server may confirm before the last progress report arrives).
    pub fn sending_progress(&self, file_id: &str, done: u64, total: u64) -> Option<FileInfo> {
        self.with(file_id, |e| match e.info.state {
            FileState::Sending { .. } => {
                e.info.state = FileState::Sending { done, total };
                Ok(Some(e.info.clone()))
            }
            _ => Ok(None),
        })
        .ok()
        .flatten()
    }

    /// The file was read and encoded; its content waits for the protocol to take it.
    pub fn ready(&self, file_id: &str, content: String, sha256: String) -> Option<FileInfo> {
        self.with(file_id, |e| {
            e.info.sha256 = Some(sha256);
            if !e.cancel.load(Ordering::Relaxed) {
                e.content = Some(content);
            }
            Ok(e.info.clone())
        })
        .ok()
    }

    /// The content to send, marking the file as sending; `None` when it was cancelled.
    pub fn take_outgoing(&self, file_id: &str) -> Option<Outgoing> {
        self.with(file_id, |e| {
            if e.cancel.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let content = e.content.take();
            Ok(content.map(|content| {
                e.info.state = FileState::Sending { done: 0, total: 0 };
                Outgoing { info: e.info.clone(), content }
            }))
        })
        .ok()
        .flatten()
    }

    /// Cancel a file that has not gone out yet.
    pub fn cancel(&self, file_id: &str) -> Result<FileInfo> {
        self.with(file_id, |e| match e.info.state {
            FileState::Reading { .. } => {
                e.cancel.store(true, Ordering::Relaxed);
                e.content = None;
                e.info.state = FileState::Cancelled;
                Ok(e.info.clone())
            }
            _ => Err(Error::file(format!("“{}” has already been sent and cannot be cancelled", e.info.name))),
        })
    }

    /// Whether a file being read was cancelled.
    pub fn cancelled(&self, file_id: &str) -> bool {
        self.with(file_id, |e| Ok(e.cancel.load(Ordering::Relaxed))).unwrap_or(true)
    }

    pub fn retry_info(&self, file_id: &str) -> Result<RetryInfo> {
        self.with(file_id, |e| Ok(RetryInfo { info: e.info.clone(), source: e.source.clone() }))
    }

    /// A file arrived. Decoded now; a damaged one is kept as failed, with the reason.
    pub fn receive(
        &self,
        conn: &ConnId,
        incoming: Incoming,
        content: &str,
        encoding: Encoding,
        max_bytes: u64,
    ) -> FileInfo {
        let file_id = self.new_id(FileDirection::Received);
        let decoded = decode(content, encoding, incoming.announced_size, max_bytes);
        let bytes = decoded.as_ref().ok();
        let size = bytes.map(|b| b.len() as u64).or(incoming.announced_size).unwrap_or(0);
        let is_text = bytes.is_some_and(|b| looks_like_text(b));
        let sha256 = bytes.map(|b| sha256_hex(b));
        let (state, kept) = match decoded.and_then(|bytes| self.kept.keep(&file_id, &bytes)) {
            Ok(path) => (FileState::Received, Some(path)),
            Err(e) => (FileState::Failed { reason: reason_of(e) }, None),
        };
        let mime = incoming.mime.clone().filter(|m| !m.trim().is_empty());
        let info = FileInfo {
            file_id: file_id.clone(),
            conn: conn.clone(),
            direction: FileDirection::Received,
            name: incoming.name,
            size,
            mime,
            sender: incoming.sender,
            time: incoming.time,
            sha256,
            state,
            saved_path: None,
            is_text,
            target: incoming.target,
        };
        let entry = Entry { info: info.clone(), source: None, content: None, kept, cancel: Arc::default() };
        self.lock().insert(file_id, entry);
        info
    }

    /// A received file arrived again (the protocol asked for it): same entry, new content.
    pub fn receive_again(&self, file_id: &str, content: &str, encoding: Encoding, max_bytes: u64) -> Option<FileInfo> {
        let kept = decode(content, encoding, None, max_bytes)
            .and_then(|bytes| self.kept.keep(file_id, &bytes).map(|path| (path, bytes)));
        self.with(file_id, |e| {
            match kept {
                Ok((path, bytes)) => {
                    e.info.size = bytes.len() as u64;
                    e.info.sha256 = Some(sha256_hex(&bytes));
                    e.info.is_text = looks_like_text(&bytes);
                    e.info.state = FileState::Received;
                    e.kept = Some(path);
                }
                Err(err) => e.info.state = FileState::Failed { reason: reason_of(err) },
            }
            Ok(e.info.clone())
        })
        .ok()
    }

    /// Where a received file's bytes wait, and its info.
    fn kept(&self, file_id: &str) -> Result<(PathBuf, FileInfo)> {
        self.with(file_id, |e| match &e.kept {
            Some(path) => Ok((path.clone(), e.info.clone())),
            None => Err(Error::file(format!("“{}” did not arrive intact; use Retry", e.info.name))),
        })
    }

    /// A received file's bytes, all of them.
    pub fn bytes(&self, file_id: &str) -> Result<Vec<u8>> {
        let (path, _) = self.kept(file_id)?;
        head(&path, usize::MAX)
    }

    /// Save a received file into the folder of `chosen` (from the save dialog) under a
    /// cleaned form of the chosen name; never outside that folder, never over a file.
    pub fn save(&self, file_id: &str, chosen: &Path) -> Result<FileInfo> {
        let (kept, _) = self.kept(file_id)?;
        // The name as written: `dir/..`, `dir/.` and `dir/` name no file (and `dir/.` would
        // otherwise read as the file `dir` in its parent).
        let written = chosen.to_string_lossy();
        let last = written.rsplit(['/', std::path::MAIN_SEPARATOR]).next().unwrap_or("");
        if matches!(last, "" | "." | "..") {
            return Err(Error::file(format!("{} does not name a file to save", chosen.display())));
        }
        let folder = chosen
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or_else(|| Error::file(format!("{} is not inside a folder", chosen.display())))?;
        let name = chosen.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::File::open(&kept).map_err(FileError::io("the received file is gone from the disk"))?;
        let written = save::save_into(folder, &name, bytes)?;
        self.with(file_id, |e| {
            e.info.saved_path = Some(written.display().to_string());
            Ok(e.info.clone())
        })
    }

    /// Where a received file was saved (Open is only for saved files).
    pub fn saved_path(&self, file_id: &str) -> Result<PathBuf> {
        self.with(file_id, |e| {
            e.info
                .saved_path
                .as_ref()
                .map(PathBuf::from)
                .ok_or_else(|| Error::file(format!("save “{}” before opening it", e.info.name)))
        })
    }

    /// The start of a received file as text; `None` when it is not text.
    pub fn preview(&self, file_id: &str) -> Result<(Option<String>, bool)> {
        let (kept, info) = self.kept(file_id)?;
        let start = head(&kept, PREVIEW_BYTES)?;
        if !looks_like_text(&start) {
            return Ok((None, false));
        }
        Ok((Some(String::from_utf8_lossy(&start).into_owned()), info.size > PREVIEW_BYTES as u64))
    }
}

/// An error as the reason shown on a failed file (without the "could not be used" lead).
pub fn reason_of(e: Error) -> String {
    match e {
        Error::File(m) => m.to_string(),
        other => other.to_string(),
    }
}

/// Decode received content as `encoding` says, within the server's size limit.
pub fn decode(content: &str, encoding: Encoding, announced: Option<u64>, max_bytes: u64) -> Result<Vec<u8>> {
    // Checked before decoding, so an oversized file never takes that memory.
    let estimated = match encoding {
        Encoding::Base64 => content.len() as u64 / 4 * 3,
        Encoding::TextOrBase64 => content.len() as u64,
    };
    if estimated > max_bytes.saturating_add(3) {
        return Err(Error::file(format!(
            "the file is about {}, more than this server's limit of {}",
            human_size(estimated),
            human_size(max_bytes)
        )));
    }
    match encoding {
        Encoding::Base64 => read::decode(content, announced),
        Encoding::TextOrBase64 => Ok(binary_in_base64(content).unwrap_or_else(|| content.as_bytes().to_vec())),
    }
}

/// The bytes of `content` when it is base64 of data that is not text.
fn binary_in_base64(content: &str) -> Option<Vec<u8>> {
    let trimmed = content.trim();
    if trimmed.len() < 8 || !trimmed.len().is_multiple_of(4) {
        return None;
    }
    if !trimmed.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')) {
        return None;
    }
    let bytes = read::decode(trimmed, None).ok()?;
    (!looks_like_text(&bytes)).then_some(bytes)
}

/// A MIME type from the name, for servers that want one.
pub fn mime_for(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "txt" | "log" | "md" | "csv" => "text/plain",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{engine::general_purpose::STANDARD, Engine};

    fn incoming(name: &str, size: Option<u64>) -> Incoming {
        Incoming { name: name.into(), announced_size: size, target: "room".into(), ..Default::default() }
    }

    #[test]
    fn received_files_are_decoded_hashed_and_kept() {
        let store = FileStore::new();
        let data = vec![0u8, 1, 2, 255, 254];
        let info =
            store.receive(&"c".into(), incoming("a.bin", Some(5)), &STANDARD.encode(&data), Encoding::Base64, 1024);
        assert_eq!(info.state, FileState::Received);
        assert_eq!(info.size, 5);
        assert_eq!(info.sha256.as_deref(), Some(sha256_hex(&data).as_str()));
        assert!(!info.is_text);
        assert_eq!(store.bytes(&info.file_id).unwrap(), data);
        assert_eq!(store.preview(&info.file_id).unwrap(), (None, false));
    }

    #[test]
    fn damaged_and_oversized_files_fail_with_the_reason() {
        let store = FileStore::new();
        let bad = store.receive(&"c".into(), incoming("x", None), "@@@@", Encoding::Base64, 1024);
        assert!(matches!(&bad.state, FileState::Failed { reason } if reason.contains("base64")), "{bad:?}");
        let short = store.receive(&"c".into(), incoming("x", Some(9)), "aGVsbG8=", Encoding::Base64, 1024);
        assert!(matches!(&short.state, FileState::Failed { reason } if reason.contains("damaged")), "{short:?}");
        assert_eq!(short.size, 9);
        let big = store.receive(&"c".into(), incoming("x", None), &"A".repeat(4000), Encoding::Base64, 1024);
        assert!(matches!(&big.state, FileState::Failed { reason } if reason.contains("limit")), "{big:?}");
        assert!(store.bytes(&bad.file_id).unwrap_err().to_string().contains("Retry"));
    }

    #[test]
    fn text_or_base64_tells_binary_from_text() {
        assert_eq!(decode("hello world", Encoding::TextOrBase64, None, 100).unwrap(), b"hello world");
        // Base64 is taken as the binary it encodes only when that is not text.
        let png = [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2];
        assert_eq!(decode(&STANDARD.encode(png), Encoding::TextOrBase64, None, 100).unwrap(), png);
        // Base64 of text stays the text it is.
        let text_b64 = STANDARD.encode("plain words");
        assert_eq!(decode(&text_b64, Encoding::TextOrBase64, None, 100).unwrap(), text_b64.as_bytes());
    }

    #[test]
    fn previews_are_text_only_and_cut() {
        let store = FileStore::new();
        let long = "é".repeat(PREVIEW_BYTES); // two bytes each: the cut splits one
        let info =
            store.receive(&"c".into(), incoming("a.txt", None), &STANDARD.encode(&long), Encoding::Base64, u64::MAX);
        assert!(info.is_text);
        let (text, truncated) = store.preview(&info.file_id).unwrap();
        assert!(truncated);
        assert!(text.unwrap().starts_with("éé"));
        assert!(!looks_like_text(b"a\0b"));
        assert!(looks_like_text("tab\tand\nlines".as_bytes()));
    }

    #[test]
    fn saving_needs_intact_bytes_and_opening_needs_saving() {
        let store = FileStore::new();
        let dir = tempfile::tempdir().unwrap();
        let info =
            store.receive(&"c".into(), incoming("../evil.txt", None), &STANDARD.encode("hi"), Encoding::Base64, 100);
        assert!(store.saved_path(&info.file_id).unwrap_err().to_string().contains("save"));
        // The dialog's name is cleaned too; the file lands in the dialog's folder.
        let saved = store.save(&info.file_id, &dir.path().join("a\u{7}b.txt")).unwrap();
        let path = PathBuf::from(saved.saved_path.unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"hi");
        assert_eq!(path.parent().unwrap(), dir.path().canonicalize().unwrap());
        assert!(!path.file_name().unwrap().to_string_lossy().contains('\u{7}'));
        assert_eq!(store.saved_path(&info.file_id).unwrap(), path);
        // A path that names no file is refused, and nothing is written beside the folder.
        let inner = dir.path().join("inner");
        std::fs::create_dir(&inner).unwrap();
        for chosen in
            [format!("{}/.", inner.display()), format!("{}/..", inner.display()), format!("{}/", inner.display())]
        {
            let e = store.save(&info.file_id, Path::new(&chosen)).unwrap_err();
            assert!(e.to_string().contains("does not name a file"), "{chosen}: {e}");
        }
        assert!(!dir.path().join("inner (2)").exists() && !dir.path().join("inner").is_file());
    }

    #[test]
    fn sending_can_be_cancelled_until_taken() {
        let store = FileStore::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "data").unwrap();
        let (info, _) = store.begin_send(&"c".into(), &path, "room", 100, None).unwrap();
        assert_eq!(info.mime.as_deref(), Some("text/plain"));
        store.cancel(&info.file_id).unwrap();
        store.ready(&info.file_id, "ZGF0YQ==".into(), "sha".into());
        assert!(store.take_outgoing(&info.file_id).is_none());
        let (again, _) = store.begin_send(&"c".into(), &path, "room", 100, Some(&info.file_id)).unwrap();
        assert_eq!(again.file_id, info.file_id);
        store.ready(&info.file_id, "ZGF0YQ==".into(), "sha".into());
        let out = store.take_outgoing(&info.file_id).unwrap();
        assert_eq!(out.content, "ZGF0YQ==");
        assert_eq!(out.info.state, FileState::Sending { done: 0, total: 0 });
        let moving = store.sending_progress(&info.file_id, 5, 10).unwrap();
        assert_eq!(moving.state, FileState::Sending { done: 5, total: 10 });
        store.set_state(&info.file_id, FileState::Sent);
        assert!(store.sending_progress(&info.file_id, 10, 10).is_none(), "a confirmed file stays confirmed");
        assert!(store.cancel(&info.file_id).is_err(), "too late once taken");
    }
}
