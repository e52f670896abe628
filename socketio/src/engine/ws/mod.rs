//! The WebSocket transport, written here on tokio (RFC 6455): the handshake, then a reader
//! task that reads each message into one buffer of exactly its size and a writer task
//! that masks and sends packets, and streams large text messages as fragments.
//!
//! Why not tokio-tungstenite: its read buffer hands a message out as a slice of a buffer
//! it keeps reading into, so a 133 MiB message stays allocated while the event parsed from
//! it and the file decoded from that exist too (3.7 copies of a file received, measured);
//! here the reader owns each message alone, and a long string is taken out of it in place.

pub mod frame;
pub mod handshake;
mod low_water;
mod pace;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, ReadHalf, WriteHalf};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::io::Out;
use super::packet::{self, EngineVersion, Frame, Packet};
use crate::error::{connect_error, Error, Result};
use crate::options::Options;

/// A TCP or TLS stream.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// An open WebSocket.
pub struct Ws {
    reader: Reader,
    writer: Writer,
}

struct Reader {
    r: BufReader<ReadHalf<Box<dyn Stream>>>,
    /// The socket's wakeup threshold, raised while reads pause.
    low_water: low_water::LowWater,
    max: u64,
    /// A fragmented message being put together: its opcode and bytes so far.
    partial: Option<(u8, Vec<u8>)>,
}

struct Writer {
    w: WriteHalf<Box<dyn Stream>>,
    scratch: Vec<u8>,
    /// Frames sent so far (the reader paces reads only while this stands still).
    sent: Arc<AtomicU64>,
}

/// What a read gave.
enum Msg {
    Text(Vec<u8>),
    Binary(Vec<u8>),
    Ping(Vec<u8>),
}

/// Open the WebSocket (`url` already carries EIO, transport and sid).
pub async fn connect(opts: &Options, url: url::Url) -> Result<Ws> {
    let host = url.host_str().ok_or_else(|| Error::InvalidOption(format!("{url}: no host")))?.to_owned();
    let tls = url.scheme() == "wss";
    let port = url.port().unwrap_or(if tls { 443 } else { 80 });
    let bare = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let tcp =
        TcpStream::connect((bare.as_str(), port)).await.map_err(|e| connect_error(format!("{host}:{port}: {e}")))?;
    let _ = tcp.set_nodelay(true);
    let low_water = low_water::LowWater::of(&tcp);
    let stream: Box<dyn Stream> = match tls {
        false => Box::new(tcp),
        true => {
            let connector = match opts.tls.connector()? {
                Some(c) => c,
                None => {
                    native_tls::TlsConnector::new().map_err(|e| Error::InvalidOption(format!("TLS settings: {e}")))?
                }
            };
            let tls = tokio_native_tls::TlsConnector::from(connector)
                .connect(&bare, tcp)
                .await
                .map_err(|e| connect_error(crate::error::chain(&e)))?;
            Box::new(tls)
        }
    };
    let (r, w) = tokio::io::split(stream);
    let mut ws = Ws {
        reader: Reader {
            r: BufReader::with_capacity(64 * 1024, r),
            low_water,
            max: opts.max_message_bytes.max(1024) as u64,
            partial: None,
        },
        writer: Writer { w, scratch: Vec::new(), sent: Arc::default() },
    };
    let key = handshake::new_key();
    let request = handshake::request(&url, &key, &opts.headers)?;
    ws.writer.w.write_all(request.as_bytes()).await.map_err(|e| connect_error(e.to_string()))?;
    ws.writer.w.flush().await.map_err(|e| connect_error(e.to_string()))?;
    // The answer's head, line by line; what follows it stays buffered for the frames.
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let n = ws.reader.r.read_until(b'\n', &mut head).await.map_err(|e| connect_error(e.to_string()))?;
        if n == 0 {
            return Err(Error::Connect("the server closed the connection during the WebSocket handshake".into()));
        }
        if head.len() > 32 * 1024 {
            return Err(Error::Connect("the server's answer to the WebSocket request is too long".into()));
        }
        if &head[before..] == b"\r\n" || &head[before..] == b"\n" {
            break;
        }
    }
    handshake::check_response(&head, &key)?;
    Ok(ws)
}

impl Reader {
    /// The next data message (or a ping to answer).
    async fn read(&mut self) -> Result<Msg> {
        loop {
            let h = frame::read_header(&mut self.r, self.max).await?;
            match h.opcode {
                frame::PING | frame::PONG | frame::CLOSE => {
                    let mut payload = Vec::new();
                    frame::read_payload(&mut self.r, &h, &mut payload).await?;
                    match h.opcode {
                        frame::PING => return Ok(Msg::Ping(payload)),
                        frame::CLOSE => return Err(Error::Transport("the server closed the WebSocket".into())),
                        _ => continue,
                    }
                }
                frame::CONTINUATION => {
                    let Some((_, buf)) = self.partial.as_mut() else {
                        return Err(Error::Protocol("a WebSocket continuation frame without a start".into()));
                    };
                    if buf.len() as u64 + h.len > self.max {
                        return Err(Error::TooLarge(format!(
                            "the server sent a message over this connection's limit of {} MiB",
                            self.max >> 20
                        )));
                    }
                    frame::read_payload(&mut self.r, &h, buf).await?;
                }
                opcode => {
                    if self.partial.is_some() {
                        return Err(Error::Protocol("a new WebSocket message inside a fragmented one".into()));
                    }
                    let mut buf = Vec::new();
                    frame::read_payload(&mut self.r, &h, &mut buf).await?;
                    self.partial = Some((opcode, buf));
                }
            }
            if h.fin {
                if let Some((opcode, buf)) = self.partial.take() {
                    return Ok(match opcode {
                        frame::TEXT => Msg::Text(buf),
                        _ => Msg::Binary(buf),
                    });
                }
            }
        }
    }
}

impl Writer {
    /// One masked frame; the payload is masked a piece at a time, never copied whole.
    async fn frame(&mut self, fin: bool, opcode: u8, payload: &[u8]) -> std::io::Result<()> {
        let mask: [u8; 4] = rand::random();
        self.sent.fetch_add(1, Ordering::Relaxed);
        let head = frame::encode_header(fin, opcode, payload.len() as u64, mask);
        self.w.write_all(&head).await?;
        for (i, piece) in payload.chunks(16 * 1024).enumerate() {
            self.scratch.clear();
            self.scratch.extend_from_slice(piece);
            frame::apply_mask(&mut self.scratch, mask, i * 16 * 1024);
            self.w.write_all(&self.scratch).await?;
        }
        Ok(())
    }

    async fn packet(&mut self, p: &Packet, version: EngineVersion) -> std::io::Result<()> {
        match packet::encode(p, version) {
            Frame::Text(t) => self.frame(true, frame::TEXT, &t).await?,
            Frame::Binary(b) => self.frame(true, frame::BINARY, &b).await?,
        }
        self.w.flush().await
    }

    async fn close(&mut self) {
        let _ = self.frame(true, frame::CLOSE, &1000u16.to_be_bytes()).await;
        let _ = self.w.flush().await;
        let _ = self.w.shutdown().await;
    }
}

/// The packet in a data message (`decode_text` checks that text is UTF-8).
fn packet_of(msg: Msg, version: EngineVersion) -> Option<Result<Packet>> {
    match msg {
        Msg::Text(buf) => Some(packet::decode_text(Bytes::from(buf))),
        Msg::Binary(buf) => Some(packet::decode_binary(Bytes::from(buf), version)),
        Msg::Ping(_) => None,
    }
}

/// Read the next packet straight from the socket (during a handshake or a probe).
pub async fn next_packet(ws: &mut Ws, version: EngineVersion) -> Result<Packet> {
    loop {
        match ws.reader.read().await? {
            Msg::Ping(p) => ws.writer.frame(true, frame::PONG, &p).await.map_err(frame::io_error)?,
            msg => {
                if let Some(packet) = packet_of(msg, version) {
                    return packet;
                }
            }
        }
    }
}

pub async fn send_packet(ws: &mut Ws, p: &Packet, version: EngineVersion) -> Result<()> {
    ws.writer.packet(p, version).await.map_err(frame::io_error)
}

/// Start the reader and writer tasks; packets go to `incoming`, the writer takes `Out`s.
pub fn spawn(
    ws: Ws,
    version: EngineVersion,
    incoming: mpsc::Sender<Result<Packet>>,
) -> (mpsc::UnboundedSender<Out>, JoinHandle<()>, JoinHandle<()>) {
    let Ws { reader, writer } = ws;
    let (tx, rx) = mpsc::unbounded_channel();
    let (pongs_tx, pongs_rx) = mpsc::unbounded_channel();
    let sent = writer.sent.clone();
    let reader = tokio::spawn(read(reader, sent, version, incoming.clone(), pongs_tx));
    let writer = tokio::spawn(write(writer, version, rx, pongs_rx, incoming));
    (tx, reader, writer)
}

async fn read(
    mut reader: Reader,
    sent: Arc<AtomicU64>,
    version: EngineVersion,
    incoming: mpsc::Sender<Result<Packet>>,
    pongs: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut pace = pace::Pace::new(std::time::Instant::now());
    loop {
        if reader.r.buffer().is_empty()
            && pace.pause_before_read(std::time::Instant::now(), sent.load(Ordering::Relaxed), pace::read_by_all())
        {
            reader.low_water.hold();
            tokio::time::sleep(crate::flood::PAUSE).await;
            reader.low_water.release();
        }
        let item = match reader.read().await {
            Ok(Msg::Ping(p)) => {
                let _ = pongs.send(p);
                continue;
            }
            Ok(msg) => match packet_of(msg, version).inspect(|_| pace.read_one()) {
                Some(packet) => packet,
                None => continue,
            },
            Err(e) => Err(e),
        };
        let end = item.is_err();
        if incoming.send(item).await.is_err() || end {
            return;
        }
    }
}

async fn write(
    mut writer: Writer,
    version: EngineVersion,
    mut rx: mpsc::UnboundedReceiver<Out>,
    mut pongs: mpsc::UnboundedReceiver<Vec<u8>>,
    incoming: mpsc::Sender<Result<Packet>>,
) {
    loop {
        let out = tokio::select! {
            biased;
            pong = pongs.recv() => match pong {
                Some(p) => {
                    let _ = writer.frame(true, frame::PONG, &p).await;
                    let _ = writer.w.flush().await;
                    continue;
                }
                None => continue,
            },
            out = rx.recv() => out,
        };
        let result = match out {
            None => return writer.close().await,
            Some(Out::Close) => {
                let _ = writer.packet(&Packet::Close, version).await;
                return writer.close().await;
            }
            Some(Out::Packet(p)) => writer.packet(&p, version).await.map_err(|e| e.to_string()),
            Some(Out::Large { text, progress }) => stream_text(&mut writer, text, progress).await,
        };
        if let Err(e) = result {
            let _ = incoming.send(Err(Error::Transport(format!("sending failed: {e}")))).await;
            return;
        }
    }
}

/// One text message in fragments, the Engine.IO type digit first.
async fn stream_text(
    writer: &mut Writer,
    mut text: crate::stream::LargeText,
    progress: Option<super::io::Progress>,
) -> std::result::Result<(), String> {
    let total = text.len + 1;
    let mut pending: Option<Bytes> = Some(Bytes::from_static(b"4"));
    let mut first = true;
    let mut done = 0u64;
    let progress = progress.map(Arc::new);
    loop {
        let next = match text.chunks.recv().await {
            Some(Ok(piece)) => Some(piece),
            Some(Err(e)) => return Err(format!("writing the message failed: {e}")),
            None => None,
        };
        let Some(current) = pending.take() else { break };
        let opcode = if first { frame::TEXT } else { frame::CONTINUATION };
        first = false;
        done += current.len() as u64;
        writer.frame(next.is_none(), opcode, &current).await.map_err(|e| e.to_string())?;
        if let Some(p) = &progress {
            p(done, total);
        }
        pending = next;
    }
    writer.w.flush().await.map_err(|e| e.to_string())
}
