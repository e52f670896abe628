//! The WebSocket transport on tokio-tungstenite: a reader task that decodes each message
//! into a packet, and a writer task that sends packets and streams large text messages
//! as fragments (a text frame that is not final, then continuation frames).

use bytes::Bytes;
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data as OpData, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame as WsFrame;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::packet::{self, EngineVersion, Frame, Packet};
use super::Out;
use crate::error::{chain, connect_error, Error, Result};
use crate::options::Options;

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Open the WebSocket (`url` already carries EIO, transport and sid).
pub async fn connect(opts: &Options, url: url::Url) -> Result<Ws> {
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| Error::InvalidOption(format!("{url}: {e}")))?;
    for (k, v) in &opts.headers {
        let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| Error::InvalidOption(format!("“{k}” is not a valid header name")))?;
        let value = HeaderValue::from_str(v).map_err(|_| Error::InvalidOption(format!("the value of header “{k}” is not valid")))?;
        request.headers_mut().append(name, value);
    }
    let limit = opts.max_message_bytes.max(1024);
    let config = WebSocketConfig::default().max_message_size(Some(limit)).max_frame_size(Some(limit));
    let connector = opts.tls.connector()?.map(tokio_tungstenite::Connector::NativeTls);
    let (ws, _) = tokio_tungstenite::connect_async_tls_with_config(request, Some(config), true, connector)
        .await
        .map_err(|e| connect_error(describe(&e)))?;
    Ok(ws)
}

fn describe(e: &tokio_tungstenite::tungstenite::Error) -> String {
    use tokio_tungstenite::tungstenite::Error as E;
    match e {
        E::Http(response) => format!("the server answered the WebSocket request with HTTP {}", response.status()),
        other => chain(other),
    }
}

/// Read the next packet straight from the stream (during a handshake or a probe).
pub async fn next_packet(ws: &mut Ws, version: EngineVersion) -> Result<Packet> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => return packet::decode_text(Bytes::from(t)),
            Some(Ok(Message::Binary(b))) => return packet::decode_binary(b, version),
            Some(Ok(Message::Close(_))) | None => return Err(Error::Transport("the server closed the WebSocket".into())),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(Error::Transport(describe(&e))),
        }
    }
}

pub async fn send_packet(ws: &mut Ws, p: &Packet, version: EngineVersion) -> Result<()> {
    ws.send(message(packet::encode(p, version)))
        .await
        .map_err(|e| Error::Transport(describe(&e)))
}

fn message(frame: Frame) -> Message {
    match frame {
        // Engine.IO text is UTF-8 by construction (our own JSON and digits).
        Frame::Text(t) => match Utf8Bytes::try_from(t.clone()) {
            Ok(s) => Message::Text(s),
            // Never happens: our text is JSON and digits.
            Err(_) => Message::text(String::from_utf8_lossy(&t).into_owned()),
        },
        Frame::Binary(b) => Message::Binary(b),
    }
}

/// Start the reader and writer tasks; packets go to `incoming`, the writer takes `Out`s.
pub fn spawn(
    ws: Ws,
    version: EngineVersion,
    incoming: mpsc::Sender<Result<Packet>>,
) -> (mpsc::UnboundedSender<Out>, JoinHandle<()>, JoinHandle<()>) {
    let (sink, stream) = ws.split();
    let (tx, rx) = mpsc::unbounded_channel();
    let reader = tokio::spawn(read(stream, version, incoming.clone()));
    let writer = tokio::spawn(write(sink, version, rx, incoming));
    (tx, reader, writer)
}

async fn read(mut stream: SplitStream<Ws>, version: EngineVersion, incoming: mpsc::Sender<Result<Packet>>) {
    loop {
        let item = match stream.next().await {
            Some(Ok(Message::Text(t))) => packet::decode_text(Bytes::from(t)),
            Some(Ok(Message::Binary(b))) => packet::decode_binary(b, version),
            Some(Ok(Message::Close(_))) | None => Err(Error::Transport("the server closed the WebSocket".into())),
            Some(Ok(_)) => continue,
            Some(Err(e)) => Err(Error::Transport(describe(&e))),
        };
        let end = item.is_err();
        if incoming.send(item).await.is_err() || end {
            return;
        }
    }
}

async fn write(
    mut sink: SplitSink<Ws, Message>,
    version: EngineVersion,
    mut rx: mpsc::UnboundedReceiver<Out>,
    incoming: mpsc::Sender<Result<Packet>>,
) {
    while let Some(out) = rx.recv().await {
        let result = match out {
            Out::Packet(p) => sink.send(message(packet::encode(&p, version))).await.map_err(|e| describe(&e)),
            Out::Large { text, progress } => stream_text(&mut sink, text, progress).await,
            Out::Close => {
                let _ = sink.send(message(packet::encode(&Packet::Close, version))).await;
                let _ = sink.close().await;
                return;
            }
        };
        if let Err(e) = result {
            let _ = incoming.send(Err(Error::Transport(e))).await;
            return;
        }
    }
    let _ = sink.close().await;
}

/// One text message in fragments, the Engine.IO type digit first.
async fn stream_text(
    sink: &mut SplitSink<Ws, Message>,
    mut text: crate::stream::LargeText,
    progress: Option<super::Progress>,
) -> std::result::Result<(), String> {
    let total = text.len + 1;
    let mut pending: Option<Bytes> = Some(Bytes::from_static(b"4"));
    let mut first = true;
    let mut done = 0u64;
    loop {
        let next = match text.chunks.recv().await {
            Some(Ok(piece)) => Some(piece),
            Some(Err(e)) => return Err(format!("writing the message failed: {e}")),
            None => None,
        };
        let Some(current) = pending.take() else { break };
        let is_final = next.is_none();
        let opcode = if first { OpCode::Data(OpData::Text) } else { OpCode::Data(OpData::Continue) };
        first = false;
        done += current.len() as u64;
        sink.send(Message::Frame(WsFrame::message(current, opcode, is_final)))
            .await
            .map_err(|e| describe(&e))?;
        if let Some(p) = &progress {
            p(done, total);
        }
        pending = next;
    }
    Ok(())
}
