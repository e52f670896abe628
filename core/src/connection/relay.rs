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

mod frames;
mod inbound;
mod outbound;
pub use inbound::Arrived;
pub use outbound::Blobs;
use inbound::pump_in;
use outbound::pump_out;

use std::sync::{Arc, Mutex};

use native_tls::TlsConnector;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use url::Url;

use crate::api::{ConnectionOptions, Protocol, Transport};
use crate::error::{Error, Result};

/// Strings at least this long are stashed and streamed (shorter ones cost nothing to copy).
pub const STASH_MIN: usize = 64 * 1024;
/// The longest upgrade request accepted from the library.
const HEAD_MAX: usize = 64 * 1024;

/// Whether connections with these options go through a relay: those whose protocol sends
/// files, over WebSocket (the relay does not speak HTTP long-polling; a connection that
/// allows any transport goes straight to WebSocket).
pub fn wanted(options: &ConnectionOptions) -> bool {
    matches!(options.protocol, Protocol::Space | Protocol::FileExchange { .. }) && options.transport != Transport::Polling
}

/// What the relay tells its connection's supervisor.
#[derive(Clone)]
pub struct Hooks {
    /// How far the message carrying a file has streamed: `(file id, done, total)` bytes.
    pub progress: Arc<dyn Fn(&str, u64, u64) + Send + Sync>,
    /// The relay closed the connection (the server sent too much); why, in words.
    pub closed: Arc<dyn Fn(String) + Send + Sync>,
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
    /// a text message from the server over `max_message` bytes closes the connection (the
    /// library would have refused it whole; the relay would otherwise keep it all).
    pub async fn start(server: &str, tls: Option<TlsConnector>, label: String, max_message: u64, hooks: Hooks) -> Result<Relay> {
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
            max_message,
            hooks,
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
    max_message: u64,
    hooks: Hooks,
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
        if let Err(e) = pump_in(&mut up_read, &mut down_write, shared).await {
            if e.kind() == std::io::ErrorKind::InvalidData {
                (shared.hooks.closed)(e.to_string());
            }
        }
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

async fn copy_exactly(from: &mut (impl AsyncRead + Unpin), to: &mut (impl AsyncWrite + Unpin), len: u64) -> std::io::Result<()> {
    let copied = tokio::io::copy(&mut (&mut *from).take(len), to).await?;
    if copied < len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

fn random_hex() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}


#[cfg(test)]
mod tests {
    use super::*;

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
