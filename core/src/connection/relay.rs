//! A loopback relay between rust_socketio and the server, so a large string (a file's
//! base64) goes out without the library copying it.
//!
//! rust_socketio 0.6 holds four copies of an event's text while it emits it (its packet,
//! the packet's bytes, the engine packet, the WebSocket frame): a 100 MiB file costs over
//! 500 MiB. Instead, the supervisor takes each large string out of an event and puts a
//! short marker in its place ([`Blobs::stash`]); the library sends the small event to this
//! relay on 127.0.0.1, which passes every byte through to the server untouched except that
//! message, which it sends as one WebSocket message in fragments: the text before the
//! marker, the string in chunks, the text after it. The server sees the same event.
//!
//! The other way, long strings in the server's messages are kept by the relay and the
//! library gets a marker in their place (inbound.rs): a received file is held once, and
//! messages over the library's limits (16 MiB frames, 64 MiB messages) still arrive.
//!
//! The relay speaks only as much WebSocket as that needs: it rewrites the upgrade
//! request's path and `Host`, makes the TCP (and TLS) connection to the server itself,
//! and reads frame headers both ways, and the text of the server's messages.

mod inbound;
pub use inbound::Arrived;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use native_tls::TlsConnector;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use url::Url;

use crate::api::{ConnectionOptions, Protocol, Transport};
use crate::error::{Error, Result};

/// Strings at least this long are stashed and streamed (shorter ones cost nothing to copy).
pub const STASH_MIN: usize = 64 * 1024;
/// The size of one streamed fragment.
const FRAGMENT: usize = 256 * 1024;
/// Outgoing text frames up to this size are looked at for markers (markers ride in
/// small events; a larger frame is passed through without being read into memory).
const INSPECT_MAX: u64 = 1024 * 1024;
/// The largest frame passed to the library: its WebSocket reader refuses frames over
/// 16 MiB (a 12 MiB file's base64), though it takes messages of up to 64 MiB in fragments.
const INBOUND_FRAME_MAX: u64 = 4 * 1024 * 1024;
/// How much of a server's text message is read at a time.
const INBOUND_CHUNK: usize = 64 * 1024;
/// The longest upgrade request accepted from the library.
const HEAD_MAX: usize = 64 * 1024;
/// What a stashed string's place holds in the event: this, then 32 hex digits.
const MARKER: &str = "switchboard-relay-blob:";

/// Whether connections with these options go through a relay: those whose protocol sends
/// files, over WebSocket (the relay does not speak HTTP long-polling; a connection that
/// allows any transport goes straight to WebSocket).
pub fn wanted(options: &ConnectionOptions) -> bool {
    matches!(options.protocol, Protocol::Space | Protocol::FileExchange { .. }) && options.transport != Transport::Polling
}

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

/// Told how far the message carrying a file has streamed: `(file id, done, total)` bytes.
pub type Progress = Arc<dyn Fn(&str, u64, u64) + Send + Sync>;

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

/// Where the relay connects: the server's host, port, TLS and the `Host` header it expects.
#[derive(Clone)]
struct Upstream {
    host: String,
    port: u16,
    host_header: String,
    tls: Option<TlsConnector>,
}

/// A running relay for one connection attempt; stops (with its connections) when dropped.
pub struct Relay {
    address: String,
    blobs: Arc<Blobs>,
    arrived: Arc<Arrived>,
    failure: Arc<Mutex<Option<String>>>,
    task: JoinHandle<()>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Relay {
    /// Listen on a free loopback port for connections to `server` (an engine address,
    /// `http(s)://host:port/<engine path>?<query>`). `tls` is the connector for https
    /// (the system's roots when `None`). `label` names the connection in the app log;
    /// `progress` hears how far messages carrying files have streamed.
    pub async fn start(server: &str, tls: Option<TlsConnector>, label: String, progress: Progress) -> Result<Relay> {
        let url = Url::parse(server).map_err(|e| Error::InvalidUrl(format!("{server}: {e}")))?;
        let secure = match url.scheme() {
            "https" => true,
            "http" => false,
            other => return Err(Error::InvalidUrl(format!("the relay cannot reach “{other}” addresses"))),
        };
        let host = url.host_str().ok_or_else(|| Error::InvalidUrl(format!("{server}: no host")))?.to_owned();
        let port = url.port_or_known_default().unwrap_or(if secure { 443 } else { 80 });
        let host_header = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        let tls = match (secure, tls) {
            (false, _) => None,
            (true, Some(c)) => Some(c),
            (true, None) => Some(TlsConnector::new().map_err(|e| Error::InvalidOption(format!("TLS settings: {e}")))?),
        };
        let upstream = Upstream { host: host.trim_matches(|c| c == '[' || c == ']').to_owned(), port, host_header, tls };
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| Error::Connect(format!("could not open the local relay: {e}")))?;
        let local = listener.local_addr().map_err(|e| Error::Connect(format!("the local relay: {e}")))?;
        // Only the library, told this secret path, is relayed; another local program is not.
        let secret = random_hex();
        let mut path_and_query = url.path().to_owned();
        if let Some(q) = url.query() {
            path_and_query.push('?');
            path_and_query.push_str(q);
        }
        let address = format!("http://127.0.0.1:{}/{secret}{path_and_query}", local.port());
        let blobs = Arc::new(Blobs::default());
        let arrived = Arc::new(Arrived::new(label.clone()));
        let failure = Arc::new(Mutex::new(None));
        let shared = Shared {
            secret,
            upstream,
            blobs: blobs.clone(),
            arrived: arrived.clone(),
            failure: failure.clone(),
            label,
            progress,
        };
        let task = tokio::spawn(accept_loop(listener, Arc::new(shared)));
        Ok(Relay { address, blobs, arrived, failure, task })
    }

    /// The address to give rust_socketio instead of the server's.
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn blobs(&self) -> &Blobs {
        &self.blobs
    }

    /// Strings kept from the server's messages, to put back into events.
    pub fn arrived(&self) -> &Arrived {
        &self.arrived
    }

    /// Why the relay could not reach the server, if it could not (the library only sees
    /// "502 Bad Gateway"; the TLS or network error in words is here).
    pub fn take_failure(&self) -> Option<String> {
        self.failure.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// What every relayed connection of one relay shares.
struct Shared {
    secret: String,
    upstream: Upstream,
    blobs: Arc<Blobs>,
    arrived: Arc<Arrived>,
    failure: Arc<Mutex<Option<String>>>,
    label: String,
    progress: Progress,
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    // Connections end with the relay: dropping the set aborts them.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let shared = shared.clone();
                connections.spawn(async move {
                    if let Err(message) = serve(stream, &shared).await {
                        *shared.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(message);
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Relay one connection from the library; an error is why the server could not be reached.
async fn serve(down: TcpStream, shared: &Shared) -> std::result::Result<(), String> {
    let upstream = &shared.upstream;
    let _ = down.set_nodelay(true);
    let mut down = BufReader::new(down);
    let Some(head) = read_head(&mut down).await else { return Ok(()) };
    let Some(head) = rewrite_head(&head, &shared.secret, &upstream.host_header) else {
        let _ = down.get_mut().write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
        return Ok(());
    };
    let mut up = match connect(upstream).await {
        Ok(up) => up,
        Err(message) => {
            let _ = down.get_mut().write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
            return Err(message);
        }
    };
    up.write_all(&head).await.map_err(|e| format!("the server: {e}"))?;
    let (up_read, up_write) = tokio::io::split(up);
    let (down_read, down_write) = split_buffered(down);
    let inbound = async move {
        let mut up_read = BufReader::with_capacity(64 * 1024, up_read);
        let mut down_write = BufWriter::with_capacity(64 * 1024, down_write);
        let _ = pump_in(&mut up_read, &mut down_write, &shared.arrived).await;
        let _ = down_write.shutdown().await;
    };
    let outbound = async move {
        let mut up_write = BufWriter::with_capacity(64 * 1024, up_write);
        let mut down_read = BufReader::with_capacity(64 * 1024, down_read);
        let _ = pump_out(&mut down_read, &mut up_write, shared).await;
        let _ = up_write.shutdown().await;
    };
    // When either side closes, the other is over too.
    tokio::select! {
        _ = inbound => {}
        _ = outbound => {}
    }
    Ok(())
}

/// The buffered read half (keeping what was read past the request head) and the write half.
fn split_buffered(down: BufReader<TcpStream>) -> (impl AsyncRead + Unpin, tokio::net::tcp::OwnedWriteHalf) {
    let leftover = down.buffer().to_vec();
    let (read, write) = down.into_inner().into_split();
    (std::io::Cursor::new(leftover).chain(read), write)
}

/// The library's HTTP upgrade request, up to its blank line.
async fn read_head(down: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let n = down.read_until(b'\n', &mut head).await.ok()?;
        if n == 0 || head.len() > HEAD_MAX {
            return None;
        }
        if head.ends_with(b"\r\n\r\n") {
            return Some(head);
        }
    }
}

/// The request for the server: the secret taken off the path, `Host` the server's.
/// `None` when the path does not start with the secret.
fn rewrite_head(head: &[u8], secret: &str, host: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let request = lines.next()?;
    let mut parts = request.splitn(3, ' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let rest = target.strip_prefix('/')?.strip_prefix(secret)?;
    if !rest.starts_with('/') {
        return None;
    }
    let mut out = format!("{method} {rest} {version}\r\nHost: {host}\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        if !line.to_ascii_lowercase().starts_with("host:") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("\r\n");
    Some(out.into_bytes())
}

/// Either a plain or a TLS stream to the server.
trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

async fn connect(upstream: &Upstream) -> std::result::Result<Box<dyn Stream>, String> {
    let tcp = TcpStream::connect((upstream.host.as_str(), upstream.port)).await.map_err(|e| e.to_string())?;
    let _ = tcp.set_nodelay(true);
    match &upstream.tls {
        None => Ok(Box::new(tcp)),
        Some(connector) => {
            let connector = tokio_native_tls::TlsConnector::from(connector.clone());
            let tls = connector.connect(&upstream.host, tcp).await.map_err(|e| crate::connection::error_chain(&e))?;
            Ok(Box::new(tls))
        }
    }
}

/// A WebSocket frame header as the client wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FrameHead {
    fin: bool,
    opcode: u8,
    mask: Option<[u8; 4]>,
    len: u64,
    /// The header's bytes, to pass on unchanged.
    raw: Vec<u8>,
}

const OP_CONTINUATION: u8 = 0x0;
const OP_TEXT: u8 = 0x1;

/// Read one frame header; `None` at the end of the stream.
async fn read_frame_head(r: &mut (impl AsyncRead + Unpin)) -> std::io::Result<Option<FrameHead>> {
    let mut two = [0u8; 2];
    match r.read_exact(&mut two).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut raw = two.to_vec();
    let len = match two[1] & 0x7f {
        126 => {
            let mut b = [0u8; 2];
            r.read_exact(&mut b).await?;
            raw.extend_from_slice(&b);
            u64::from(u16::from_be_bytes(b))
        }
        127 => {
            let mut b = [0u8; 8];
            r.read_exact(&mut b).await?;
            raw.extend_from_slice(&b);
            u64::from_be_bytes(b)
        }
        n => u64::from(n),
    };
    let mask = if two[1] & 0x80 != 0 {
        let mut key = [0u8; 4];
        r.read_exact(&mut key).await?;
        raw.extend_from_slice(&key);
        Some(key)
    } else {
        None
    };
    Ok(Some(FrameHead { fin: two[0] & 0x80 != 0, opcode: two[0] & 0x0f, mask, len, raw }))
}

/// The header of a masked frame we write.
/// A frame header: masked (`key`) as a client writes it, or not, as a server does.
fn frame_head(fin: bool, opcode: u8, len: u64, key: Option<[u8; 4]>) -> Vec<u8> {
    let mut head = vec![if fin { 0x80 } else { 0 } | opcode];
    let masked = if key.is_some() { 0x80 } else { 0 };
    match len {
        0..=125 => head.push(masked | len as u8),
        126..=65_535 => {
            head.push(masked | 126);
            head.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            head.push(masked | 127);
            head.extend_from_slice(&len.to_be_bytes());
        }
    }
    if let Some(key) = key {
        head.extend_from_slice(&key);
    }
    head
}

fn apply_mask(bytes: &mut [u8], key: [u8; 4]) {
    for (i, b) in bytes.iter_mut().enumerate() {
        *b ^= key[i % 4];
    }
}

/// Copy the server's answer to the library: its HTTP response, then its frames: text
/// messages through the [`inbound::Scanner`], the others cut into frames of at most
/// [`INBOUND_FRAME_MAX`] (the same message, in more fragments).
async fn pump_in(
    up: &mut BufReader<impl AsyncRead + Unpin>,
    down: &mut BufWriter<impl AsyncWrite + Unpin>,
    arrived: &Arrived,
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
            let mut left = frame.len;
            while left > 0 {
                let n = left.min(INBOUND_CHUNK as u64) as usize;
                up.read_exact(&mut chunk[..n]).await?;
                text.scanner.feed(&chunk[..n], &mut text.out, arrived);
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
    scanner: inbound::Scanner,
    out: Vec<u8>,
}

impl TextOut {
    async fn write(&mut self, down: &mut (impl AsyncWrite + Unpin), fin: bool) -> std::io::Result<()> {
        let opcode = if self.started { OP_CONTINUATION } else { OP_TEXT };
        down.write_all(&frame_head(fin, opcode, self.out.len() as u64, None)).await?;
        down.write_all(&self.out).await?;
        self.out.clear();
        self.started = !fin;
        self.open = !fin;
        Ok(())
    }
}

async fn copy_exactly(from: &mut (impl AsyncRead + Unpin), to: &mut (impl AsyncWrite + Unpin), len: u64) -> std::io::Result<()> {
    let copied = tokio::io::copy(&mut (&mut *from).take(len), to).await?;
    if copied < len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Copy the library's frames to the server, streaming stashed strings where their markers are.
async fn pump_out(
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
    let report = |done: usize, total: usize| files.iter().for_each(|f| (shared.progress)(f, done as u64, total as u64));
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

fn random_hex() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

    #[tokio::test]
    async fn frame_heads_round_trip() {
        for len in [0usize, 125, 126, 65_535, 65_536, 300_000] {
            let head = frame_head(len % 2 == 0, OP_CONTINUATION, len as u64, Some([1, 2, 3, 4]));
            let read = read_frame_head(&mut &head[..]).await.unwrap().unwrap();
            assert_eq!((read.fin, read.opcode, read.mask, read.len), (len % 2 == 0, 0, Some([1, 2, 3, 4]), len as u64));
            assert_eq!(read.raw, head);
            let plain = frame_head(true, OP_TEXT, len as u64, None);
            let read = read_frame_head(&mut &plain[..]).await.unwrap().unwrap();
            assert_eq!((read.fin, read.opcode, read.mask, read.len), (true, OP_TEXT, None, len as u64));
        }
        assert!(read_frame_head(&mut &b""[..]).await.unwrap().is_none());
    }

    #[test]
    fn the_upgrade_request_loses_the_secret_and_gets_the_servers_host() {
        let head = b"GET /s3cret/socket.io/?EIO=4&transport=websocket&token=t HTTP/1.1\r\nHost: 127.0.0.1:5\r\nUpgrade: websocket\r\nX-A: 1\r\n\r\n";
        let out = String::from_utf8(rewrite_head(head, "s3cret", "example.org:8443").unwrap()).unwrap();
        assert_eq!(
            out,
            "GET /socket.io/?EIO=4&transport=websocket&token=t HTTP/1.1\r\nHost: example.org:8443\r\nUpgrade: websocket\r\nX-A: 1\r\n\r\n"
        );
        assert!(rewrite_head(b"GET /other/socket.io/ HTTP/1.1\r\n\r\n", "s3cret", "h").is_none());
        assert!(rewrite_head(b"GET /s3cretx/ HTTP/1.1\r\n\r\n", "s3cret", "h").is_none());
    }

    #[test]
    fn only_file_protocols_over_websocket_are_relayed() {
        let mut o = ConnectionOptions { protocol: Protocol::Space, ..Default::default() };
        assert!(wanted(&o));
        o.transport = Transport::Polling;
        assert!(!wanted(&o));
        assert!(!wanted(&ConnectionOptions::default()));
    }
}
