//! The long-polling transport: a reader task that keeps one GET open at a time, and a
//! writer task that sends what is queued in one POST (a large message in its own POST,
//! streamed with its length known in advance).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::io::Out;
use super::packet::{EngineVersion, Packet};
use super::payload;
use crate::error::{chain, connect_error, Error, Result};
use crate::options::Options;

#[derive(Clone)]
pub struct Polling {
    client: reqwest::Client,
    /// The endpoint with EIO, transport=polling and (after the handshake) sid.
    url: url::Url,
    version: EngineVersion,
    max_body: usize,
}

pub fn http_client(opts: &Options) -> Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    for (k, v) in &opts.headers {
        let name = reqwest::header::HeaderName::from_bytes(k.as_bytes())
            .map_err(|_| Error::InvalidOption(format!("“{k}” is not a valid header name")))?;
        let value = reqwest::header::HeaderValue::from_str(v)
            .map_err(|_| Error::InvalidOption(format!("the value of header “{k}” is not valid")))?;
        headers.append(name, value);
    }
    let mut b = reqwest::Client::builder().default_headers(headers).no_proxy().pool_max_idle_per_host(4);
    if let Some(tls) = opts.tls.connector()? {
        b = b.use_preconfigured_tls(tls);
    }
    b.build().map_err(|e| Error::InvalidOption(format!("HTTP client: {}", chain(&e))))
}

impl Polling {
    pub fn new(client: reqwest::Client, url: url::Url, version: EngineVersion, max_body: usize) -> Polling {
        Polling { client, url, version, max_body }
    }

    pub fn set_sid(&mut self, sid: &str, version: EngineVersion) {
        self.url.query_pairs_mut().append_pair("sid", sid);
        self.version = version;
    }

    fn request_url(&self) -> url::Url {
        let mut u = self.url.clone();
        // A cache breaker, as the JS client sends.
        u.query_pairs_mut().append_pair("t", &format!("{:x}", rand::random::<u32>()));
        u
    }

    /// One GET: the packets the server had for us. The handshake is the first.
    pub async fn get(&self) -> Result<Bytes> {
        let response = self.client.get(self.request_url()).send().await.map_err(|e| connect_error(http_error(&e)))?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            return Err(Error::Connect(format!("the server answered HTTP {status}{}", brief(&text))));
        }
        // The whole body is kept; sized once when the server says its length.
        let mut body = Vec::with_capacity(response.content_length().unwrap_or(0).min(self.max_body as u64) as usize);
        let mut stream = response.bytes_stream();
        while let Some(piece) = stream.next().await {
            let piece = piece.map_err(|e| Error::Transport(http_error(&e)))?;
            if body.len() + piece.len() > self.max_body {
                return Err(Error::TooLarge(format!(
                    "the server sent more than {} MiB at once (this connection's limit)",
                    self.max_body >> 20
                )));
            }
            body.extend_from_slice(&piece);
        }
        Ok(Bytes::from(body))
    }

    pub async fn get_packets(&self) -> Result<Vec<Packet>> {
        payload::decode(self.get().await?, self.version)
    }

    async fn post(&self, body: reqwest::Body, len: u64) -> std::result::Result<(), String> {
        let response = self
            .client
            .post(self.request_url())
            .header(reqwest::header::CONTENT_TYPE, "text/plain;charset=UTF-8")
            .header(reqwest::header::CONTENT_LENGTH, len)
            .body(body)
            .send()
            .await
            .map_err(|e| http_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            return Err(format!("the server refused a message with HTTP {status}{}", brief(&text)));
        }
        Ok(())
    }
}

fn http_error(e: &reqwest::Error) -> String {
    chain(e)
}

fn brief(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        return String::new();
    }
    let mut end = t.len().min(200);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    format!(": {}", &t[..end])
}

const MAX_BATCH: usize = 16;
const MAX_BATCH_BYTES: usize = 512 * 1024;

fn batch_size(p: &Packet) -> usize {
    match p {
        Packet::Message(d) => d.len() + 2,
        _ => 2,
    }
}

/// Start the reader (until `stop` is set or the server ends the session) and the writer.
pub fn spawn(
    polling: Polling,
    incoming: mpsc::Sender<Result<Packet>>,
) -> (mpsc::UnboundedSender<Out>, Arc<AtomicBool>, JoinHandle<()>, JoinHandle<()>) {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::unbounded_channel();
    let reader = tokio::spawn(read(polling.clone(), incoming.clone(), stop.clone()));
    let writer = tokio::spawn(write(polling, rx, incoming));
    (tx, stop, reader, writer)
}

async fn read(polling: Polling, incoming: mpsc::Sender<Result<Packet>>, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::SeqCst) {
        match polling.get_packets().await {
            Ok(packets) => {
                for p in packets {
                    let close = p == Packet::Close;
                    if incoming.send(Ok(p)).await.is_err() || close {
                        return;
                    }
                }
            }
            Err(e) => {
                let _ = incoming.send(Err(e)).await;
                return;
            }
        }
    }
}

async fn write(polling: Polling, mut rx: mpsc::UnboundedReceiver<Out>, incoming: mpsc::Sender<Result<Packet>>) {
    let mut next = rx.recv().await;
    while let Some(out) = next.take() {
        let result = match out {
            Out::Large { text, progress } => post_large(&polling, text, progress).await,
            Out::Packet(p) => {
                // Everything already queued goes in the same POST (not a large one).
                let mut batch = vec![p];
                let mut close = false;
                // python-engineio takes at most 16 packets per payload; the JS client's
                // default maxPayload is about 1 MB.
                let mut size = batch_size(&batch[0]);
                while batch.len() < MAX_BATCH && size < MAX_BATCH_BYTES {
                    let Ok(more) = rx.try_recv() else { break };
                    match more {
                        Out::Packet(p) => {
                            size += batch_size(&p);
                            batch.push(p)
                        }
                        Out::Close => {
                            batch.push(Packet::Close);
                            close = true;
                            break;
                        }
                        large => {
                            next = Some(large);
                            break;
                        }
                    }
                }
                let body = payload::encode(&batch, polling.version);
                let len = body.len() as u64;
                let r = polling.post(reqwest::Body::from(body), len).await;
                if close {
                    return;
                }
                r
            }
            Out::Close => {
                let body = payload::encode(&[Packet::Close], polling.version);
                let len = body.len() as u64;
                let _ = polling.post(reqwest::Body::from(body), len).await;
                return;
            }
        };
        if let Err(e) = result {
            let _ = incoming.send(Err(Error::Transport(e))).await;
            return;
        }
        if next.is_none() {
            next = rx.recv().await;
        }
    }
}

/// One message in its own POST, streamed: `4` and its text (v3: with its length first).
async fn post_large(
    polling: &Polling,
    text: crate::stream::LargeText,
    progress: Option<super::io::Progress>,
) -> std::result::Result<(), String> {
    let prefix = match polling.version {
        EngineVersion::V4 => "4".to_owned(),
        EngineVersion::V3 => format!("{}:4", text.utf16_len + 1),
    };
    let total = prefix.len() as u64 + text.len;
    let mut done = prefix.len() as u64;
    let head = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(Bytes::from(prefix)) });
    let chunks = tokio_stream_of(text.chunks).map(move |piece| {
        if let Ok(p) = &piece {
            done += p.len() as u64;
            if let Some(report) = &progress {
                report(done, total);
            }
        }
        piece
    });
    polling.post(reqwest::Body::wrap_stream(head.chain(chunks)), total).await
}

fn tokio_stream_of<T: Send + 'static>(mut rx: mpsc::Receiver<T>) -> impl futures_util::Stream<Item = T> + Send {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
