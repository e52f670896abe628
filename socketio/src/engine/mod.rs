//! One Engine.IO session: the handshake, the transport (WebSocket, long-polling, or
//! polling upgraded to WebSocket), and the heartbeat. It runs as its own task and hands
//! the Socket.IO layer only message packets and the reason it ended.

pub mod io;
pub mod packet;
pub mod payload;
pub mod polling;
pub mod queue;
pub mod ws;
/// The WebSocket transport (own implementation, see `ws`).
pub use ws as websocket;

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::error::{Error, Result};
use crate::options::{Options, Transport, Version};
pub use io::{EngineEvent, Out, Progress};
use packet::{EngineVersion, Handshake, Packet};

/// Packets read from the transport and not yet handled by the engine's task.
const INCOMING_WAITING: usize = 64;
/// Messages the engine hands the Socket.IO layer before it stops reading (by count and by
/// bytes: 1,024 small events, or 16 of 64 KiB).
const EVENTS_WAITING: usize = 1024;
const EVENT_BYTES_WAITING: u32 = 1 << 20;

/// An open Engine.IO session. Dropping it stops its task.
pub struct Engine {
    pub sid: String,
    pub version: EngineVersion,
    pub transport: &'static str,
    pub handshake: Handshake,
    pub out: mpsc::UnboundedSender<Out>,
    pub events: queue::Receiver<EngineEvent>,
    task: JoinHandle<()>,
}

impl Drop for Engine {
    fn drop(&mut self) {
        // The task sends a CLOSE when `out` closes; give it a moment, then stop it.
        let task = self.task.abort_handle();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(2)).await;
            task.abort();
        });
    }
}

fn endpoint(opts: &Options, transport: &str, eio: &str, sid: Option<&str>) -> url::Url {
    let mut u = opts.url.clone();
    let scheme = match (transport, u.scheme()) {
        ("websocket", "http") | ("websocket", "ws") => "ws",
        ("websocket", _) => "wss",
        (_, "ws") | (_, "http") => "http",
        _ => "https",
    };
    let _ = u.set_scheme(scheme);
    {
        let mut q = u.query_pairs_mut();
        q.append_pair("EIO", eio);
        q.append_pair("transport", transport);
        if let Some(sid) = sid {
            q.append_pair("sid", sid);
        }
        if eio == "3" && transport == "polling" {
            q.append_pair("b64", "1");
        }
    }
    u
}

fn asked_version(opts: &Options) -> &'static str {
    match opts.version {
        Version::V3 => "3",
        Version::V4 | Version::Auto => "4",
    }
}

/// The version the server speaks: the one asked for, or in auto mode the one the
/// handshake shows (Engine.IO 3 servers send no `maxPayload`).
fn spoken_version(opts: &Options, hs: &Handshake, polling_v3_framing: bool) -> EngineVersion {
    match opts.version {
        Version::V3 => EngineVersion::V3,
        Version::V4 => EngineVersion::V4,
        Version::Auto if polling_v3_framing || hs.max_payload.is_none() => EngineVersion::V3,
        Version::Auto => EngineVersion::V4,
    }
}

/// Does a polling body use Engine.IO 3's `<length>:` framing?
fn v3_framing(body: &[u8]) -> bool {
    matches!(body.first(), Some(0) | Some(1))
        || body.iter().position(|&b| b == b':').is_some_and(|p| p > 0 && body[..p].iter().all(u8::is_ascii_digit))
}

/// Open an Engine.IO session with the server. With any transport allowed, a server that
/// takes WebSocket only (its answer to the polling handshake: Node "Transport unknown",
/// python "Invalid transport") is
/// opened over WebSocket.
pub async fn open(opts: &Options) -> Result<Engine> {
    match open_with(opts).await {
        Err(Error::Connect(words))
            if opts.transport == Transport::Any
                && (words.contains("Transport unknown") || words.contains("Invalid transport")) =>
        {
            let mut ws = opts.clone();
            ws.transport = Transport::Websocket;
            open_with(&ws).await
        }
        other => other,
    }
}

async fn open_with(opts: &Options) -> Result<Engine> {
    let eio = asked_version(opts);
    let (incoming_tx, incoming_rx) = mpsc::channel(INCOMING_WAITING);
    let (events_tx, events_rx) = queue::channel(EVENTS_WAITING, EVENT_BYTES_WAITING);
    match opts.transport {
        Transport::Websocket => {
            let mut ws = websocket::connect(opts, endpoint(opts, "websocket", eio, None)).await?;
            let hs = match websocket::next_packet(&mut ws, EngineVersion::V4).await? {
                Packet::Open(data) => Handshake::parse(&data)?,
                other => return Err(Error::Protocol(format!("the server did not open the session: {other:?}"))),
            };
            let version = spoken_version(opts, &hs, false);
            let (out, reader, writer) = websocket::spawn(ws, version, incoming_tx.clone());
            let current = Current::Ws { out, tasks: [reader, writer] };
            let task = Task::new(hs.clone(), version, current, incoming_tx, incoming_rx, events_tx, None);
            Ok(Engine::start(hs, version, "websocket", task, events_rx))
        }
        Transport::Polling | Transport::Any => {
            let client = polling::http_client(opts)?;
            let mut poll = polling::Polling::new(
                client,
                endpoint(opts, "polling", eio, None),
                EngineVersion::V4,
                opts.max_message_bytes,
            );
            let body = poll.get().await?;
            let framing = v3_framing(&body);
            let first_version = match (opts.version, framing) {
                (Version::V3, _) | (Version::Auto, true) => EngineVersion::V3,
                _ => EngineVersion::V4,
            };
            let mut packets = payload::decode(body, first_version)?.into_iter();
            let hs = match packets.next() {
                Some(Packet::Open(data)) => Handshake::parse(&data)?,
                other => return Err(Error::Protocol(format!("the server did not open the session: {other:?}"))),
            };
            let version = spoken_version(opts, &hs, framing);
            for p in packets {
                let _ = incoming_tx.send(Ok(p)).await;
            }
            poll.set_sid(&hs.sid, version);
            let (out, stop, reader, writer) = polling::spawn(poll, incoming_tx.clone());
            let current = Current::Polling { out, stop, tasks: [reader, writer] };
            let probe = (opts.transport == Transport::Any && hs.upgrades.iter().any(|u| u == "websocket")).then(|| {
                let opts = opts.clone();
                let url = endpoint(&opts, "websocket", version.query_value(), Some(&hs.sid));
                tokio::spawn(async move { probe(&opts, url, version).await })
            });
            let task = Task::new(hs.clone(), version, current, incoming_tx, incoming_rx, events_tx, probe);
            Ok(Engine::start(hs, version, "polling", task, events_rx))
        }
    }
}

impl Engine {
    fn start(
        hs: Handshake,
        version: EngineVersion,
        transport: &'static str,
        mut task: Task,
        events: queue::Receiver<EngineEvent>,
    ) -> Engine {
        let (out, out_rx) = mpsc::unbounded_channel();
        task.out_rx = Some(out_rx);
        Engine { sid: hs.sid.clone(), version, transport, handshake: hs, out, events, task: tokio::spawn(task.run()) }
    }
}

/// Open a WebSocket beside the polling session and check it with a probe ping.
async fn probe(opts: &Options, url: url::Url, version: EngineVersion) -> Result<websocket::Ws> {
    let attempt = async {
        let mut ws = websocket::connect(opts, url).await?;
        websocket::send_packet(&mut ws, &Packet::Ping(bytes::Bytes::from_static(b"probe")), version).await?;
        match websocket::next_packet(&mut ws, version).await? {
            Packet::Pong(d) if d.as_ref() == b"probe" => Ok(ws),
            other => Err(Error::Protocol(format!("the upgrade probe was answered with {other:?}"))),
        }
    };
    tokio::time::timeout(Duration::from_secs(10), attempt)
        .await
        .unwrap_or_else(|_| Err(Error::Transport("the upgrade probe timed out".into())))
}

enum Current {
    Ws {
        out: mpsc::UnboundedSender<Out>,
        tasks: [JoinHandle<()>; 2],
    },
    Polling {
        out: mpsc::UnboundedSender<Out>,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
        tasks: [JoinHandle<()>; 2],
    },
}

impl Current {
    fn out(&self) -> &mpsc::UnboundedSender<Out> {
        match self {
            Current::Ws { out, .. } | Current::Polling { out, .. } => out,
        }
    }
    fn abort(&self) {
        let tasks = match self {
            Current::Ws { tasks, .. } | Current::Polling { tasks, .. } => tasks,
        };
        for t in tasks {
            t.abort();
        }
    }
}

struct Task {
    hs: Handshake,
    version: EngineVersion,
    current: Current,
    incoming_tx: mpsc::Sender<Result<Packet>>,
    incoming_rx: mpsc::Receiver<Result<Packet>>,
    events: queue::Sender<EngineEvent>,
    out_rx: Option<mpsc::UnboundedReceiver<Out>>,
    probe: Option<JoinHandle<Result<websocket::Ws>>>,
}

impl Task {
    fn new(
        hs: Handshake,
        version: EngineVersion,
        current: Current,
        incoming_tx: mpsc::Sender<Result<Packet>>,
        incoming_rx: mpsc::Receiver<Result<Packet>>,
        events: queue::Sender<EngineEvent>,
        probe: Option<JoinHandle<Result<websocket::Ws>>>,
    ) -> Task {
        Task { hs, version, current, incoming_tx, incoming_rx, events, out_rx: None, probe }
    }

    fn send(&self, out: Out) {
        let _ = self.current.out().send(out);
    }

    async fn run(mut self) {
        let reason = self.serve().await;
        let _ = self.events.send(EngineEvent::Closed(reason), 0).await;
        // Let the writer send what it has (a CLOSE) before the transport goes.
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.current.abort();
        if let Some(p) = self.probe.take() {
            p.abort();
        }
    }

    /// Serve until the session ends; returns why.
    async fn serve(&mut self) -> String {
        let Some(mut out_rx) = self.out_rx.take() else { return "internal: no output".into() };
        let interval = Duration::from_millis(self.hs.ping_interval);
        let allowance = interval + Duration::from_millis(self.hs.ping_timeout);
        // Both versions expect to hear from the server in time; Engine.IO 3 clients send
        // the pings. One timer serves both and the upgrade's checks: a packet only notes
        // when it came (no timer work per packet), and the timer looks when it fires.
        let mut heard = Instant::now();
        let mut next_ping = heard + interval;
        let timer = tokio::time::sleep_until(heard + interval.min(allowance));
        tokio::pin!(timer);
        // While switching to WebSocket: the probed socket, and what waits for it.
        let mut switching: Option<websocket::Ws> = None;
        let mut held: Vec<Out> = Vec::new();
        loop {
            tokio::select! {
                out = out_rx.recv() => match out {
                    None | Some(Out::Close) => {
                        self.send(Out::Close);
                        return "closed by the client".into();
                    }
                    Some(o) if switching.is_some() => held.push(o),
                    Some(o) => self.send(o),
                },
                item = self.incoming_rx.recv() => {
                    let mut item = item;
                    // What is already read is handled in one turn (at most 256, so
                    // the other branches still get their turn in a flood).
                    for turn in 0..256 {
                        match item {
                            Some(Ok(p)) => {
                                heard = Instant::now();
                                if let Some(end) = self.on_packet(p, switching.is_some(), &mut held).await {
                                    return end;
                                }
                            }
                            Some(Err(e)) => return e.to_string(),
                            None => return "the transport ended".into(),
                        }
                        if turn == 255 {
                            break;
                        }
                        match self.incoming_rx.try_recv() {
                            Ok(next) => item = Some(next),
                            Err(_) => break,
                        }
                    }
                }
                _ = &mut timer => {
                    let now = Instant::now();
                    if now >= heard + allowance {
                        return "the server stopped answering (ping timeout)".into();
                    }
                    if self.version == EngineVersion::V3 && now >= next_ping {
                        next_ping = now + interval;
                        let ping = Out::Packet(Packet::Ping(bytes::Bytes::new()));
                        if switching.is_some() { held.push(ping) } else { self.send(ping) }
                    }
                    if let Some(ws) = switching.take() {
                        match self.polling_done() {
                            true => {
                                if let Err(e) = self.switch(ws, &mut held).await {
                                    return e;
                                }
                            }
                            false => switching = Some(ws),
                        }
                    }
                    let mut wake = heard + allowance;
                    if self.version == EngineVersion::V3 {
                        wake = wake.min(next_ping);
                    }
                    if switching.is_some() {
                        wake = wake.min(now + Duration::from_millis(20));
                    }
                    timer.as_mut().reset(wake);
                }
                probed = async { self.probe.as_mut().expect("guarded").await }, if self.probe.is_some() => {
                    self.probe = None;
                    if let Ok(Ok(ws)) = probed {
                        if let Current::Polling { stop, .. } = &self.current {
                            // No new poll; the server ends the one in flight with a NOOP.
                            stop.store(true, std::sync::atomic::Ordering::SeqCst);
                            switching = Some(ws);
                            timer.as_mut().reset(Instant::now() + Duration::from_millis(20));
                        }
                    }
                }
            }
        }
    }

    /// The last poll of a transport being switched away from has ended and was handled.
    fn polling_done(&self) -> bool {
        matches!(&self.current, Current::Polling { tasks, .. } if tasks[0].is_finished() && self.incoming_rx.is_empty())
    }

    /// One packet from the server; `Some(reason)` when it ends the session.
    async fn on_packet(&mut self, p: Packet, switching: bool, held: &mut Vec<Out>) -> Option<String> {
        match p {
            Packet::Ping(d) => {
                let pong = Out::Packet(Packet::Pong(d));
                if switching {
                    held.push(pong)
                } else {
                    self.send(pong)
                }
            }
            Packet::Close => return Some("the server closed the session".into()),
            Packet::Message(data) => {
                let weight = data.len();
                if self.events.send(EngineEvent::Message(data), weight).await.is_err() {
                    return Some("closed by the client".into());
                }
            }
            Packet::Open(_) | Packet::Pong(_) | Packet::Upgrade | Packet::Noop => {}
        }
        None
    }

    /// Finish the upgrade: the polling writer sends what it has, then `5` goes over the
    /// WebSocket, which carries everything from now on.
    async fn switch(&mut self, mut ws: websocket::Ws, held: &mut Vec<Out>) -> std::result::Result<(), String> {
        if let Current::Polling { tasks, .. } = &mut self.current {
            let writer = std::mem::replace(&mut tasks[1], tokio::spawn(async {}));
            // Dropping the polling sender lets its writer finish its queue and end.
            let old = std::mem::replace(
                &mut self.current,
                Current::Ws {
                    out: mpsc::unbounded_channel().0,
                    tasks: [tokio::spawn(async {}), tokio::spawn(async {})],
                },
            );
            drop(old);
            let _ = tokio::time::timeout(Duration::from_secs(10), writer).await;
        }
        websocket::send_packet(&mut ws, &Packet::Upgrade, self.version).await.map_err(|e| e.to_string())?;
        let (out, reader, writer) = websocket::spawn(ws, self.version, self.incoming_tx.clone());
        self.current = Current::Ws { out, tasks: [reader, writer] };
        for o in held.drain(..) {
            self.send(o);
        }
        let _ = self.events.send(EngineEvent::Upgraded("websocket"), 0).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_carry_the_engine_query() {
        let mut o = Options::new("https://h:1/admin").unwrap();
        o.url.query_pairs_mut().append_pair("token", "a b");
        assert_eq!(
            endpoint(&o, "polling", "4", None).as_str(),
            "https://h:1/socket.io/?token=a+b&EIO=4&transport=polling"
        );
        assert_eq!(
            endpoint(&o, "websocket", "3", Some("s")).as_str(),
            "wss://h:1/socket.io/?token=a+b&EIO=3&transport=websocket&sid=s"
        );
        assert!(endpoint(&o, "polling", "3", None).as_str().ends_with("&b64=1"));
    }

    #[test]
    fn v3_framing_is_recognised() {
        assert!(v3_framing(b"96:0{\"sid\":1}"));
        assert!(!v3_framing(b"0{\"sid\":\"a:b\"}"));
        assert!(v3_framing(&[0, 1, 255]));
    }
}
