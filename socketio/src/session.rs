//! The task behind a `Client`: one attempt after another, the namespace's CONNECT, the
//! live connection (events, binary attachments, acks both ways), the offline buffer and
//! connection state recovery.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::io::Write;
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::backlog;
use crate::engine::packet::{Data, EngineVersion, Packet as EnginePacket};
use crate::engine::{self, Engine, EngineEvent, Out};
use crate::error::Error;
use crate::event::{AckFailure, CloseReason, Command, Emit, Event};
use crate::json::Json;
use crate::options::{backoff, Options};
use crate::packet::{self, EventData, Kind};
use crate::stream;

/// How a live connection ended.
enum Ended {
    Client,
    Server,
    Lost(String),
}

/// How an attempt to connect ended.
enum Attempt {
    /// The engine, the CONNECT answer, and messages that came before it.
    Open(Engine, Value, Vec<Data>),
    Refused(String, Value),
    Failed(Error),
    Stop,
}

/// A binary packet waiting for its attachments.
/// What an event other than a server's event or ack weighs in the reader's queue.
const SMALL: usize = 64;

struct Partial {
    packet: packet::Packet,
    attachments: Vec<Bytes>,
    /// Bytes so far: the packet's text and the attachments.
    size: usize,
}

pub(crate) struct Session {
    options: Options,
    events: backlog::Sender<Event>,
    /// Emits waiting for a connection, in order.
    buffer: VecDeque<(u64, Emit)>,
    /// Ack deadlines by emit id, and the same ordered by time.
    ack_deadlines: HashMap<u64, Instant>,
    timers: BTreeSet<(Instant, u64)>,
    /// Acks in flight on this connection: wire id to emit id.
    in_flight: HashMap<u64, u64>,
    next_wire_id: u64,
    /// The server's ack requests on this connection not answered yet.
    server_acks: HashSet<u64>,
    pid: Option<String>,
    offset: Option<String>,
    partial: Option<Partial>,
}

impl Session {
    pub(crate) fn new(options: Options, events: backlog::Sender<Event>) -> Session {
        Session {
            options,
            events,
            buffer: VecDeque::new(),
            ack_deadlines: HashMap::new(),
            timers: BTreeSet::new(),
            in_flight: HashMap::new(),
            next_wire_id: 0,
            server_acks: HashSet::new(),
            pid: None,
            offset: None,
            partial: None,
        }
    }

    /// Tell the reader something small (a state, a warning, an ack's failure).
    fn tell(&self, e: Event) {
        self.tell_weighing(e, SMALL);
    }

    /// Tell the reader an event or ack of `size` bytes on the wire (what it weighs in the
    /// reader's queue, without walking its values).
    fn tell_weighing(&self, e: Event, size: usize) {
        let _ = self.events.send_weighing(e, size);
    }

    pub(crate) async fn run(mut self, mut commands: UnboundedReceiver<Command>) {
        let mut failures: u32 = 0;
        loop {
            self.tell(Event::Connecting { attempt: failures + 1 });
            let reason = match self.attempt(&mut commands).await {
                Attempt::Stop => return self.tell(Event::Closed { reason: CloseReason::Client }),
                Attempt::Refused(message, data) => {
                    self.fail_everything();
                    return self.tell(Event::Closed { reason: CloseReason::Refused { message, data } });
                }
                Attempt::Failed(error) => {
                    let reason = error.to_string();
                    self.tell(Event::Failed { error });
                    reason
                }
                Attempt::Open(engine, answer, early) => {
                    failures = 0;
                    match self.live(engine, answer, early, &mut commands).await {
                        Ended::Client => return self.tell(Event::Closed { reason: CloseReason::Client }),
                        Ended::Server => {
                            self.fail_everything();
                            return self.tell(Event::Closed { reason: CloseReason::Server });
                        }
                        Ended::Lost(reason) => {
                            self.tell(Event::Lost { reason: reason.clone() });
                            reason
                        }
                    }
                }
            };
            failures += 1;
            let r = &self.options.reconnection;
            if !r.enabled || r.attempts.is_some_and(|n| failures > n) {
                self.fail_everything();
                return self.tell(Event::Closed { reason: CloseReason::Lost(reason) });
            }
            let delay = backoff(r, failures, rand::random::<f64>());
            self.tell(Event::Reconnecting { attempt: failures, delay });
            if !self.wait(delay, &mut commands).await {
                return self.tell(Event::Closed { reason: CloseReason::Client });
            }
        }
    }

    /// Wait between attempts, keeping emits; false when the client disconnected.
    async fn wait(&mut self, delay: Duration, commands: &mut UnboundedReceiver<Command>) -> bool {
        let until = Instant::now() + delay;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => return true,
                _ = self.next_timer() => self.expire_timers(),
                cmd = commands.recv() => match cmd {
                    None | Some(Command::Disconnect) => return false,
                    Some(Command::Emit(id, emit)) => self.keep(id, emit),
                    Some(Command::AckReply { .. }) => self.tell(Event::Warning { message: "the ack request belongs to a connection that was lost; it cannot be answered".into() }),
                    Some(Command::Flush) => {}
                },
            }
        }
    }

    /// Resolves at the first ack deadline (never when there is none).
    async fn next_timer(&self) {
        match self.timers.first() {
            Some(&(at, _)) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    }

    fn expire_timers(&mut self) {
        let now = Instant::now();
        while let Some(&(at, id)) = self.timers.first() {
            if at > now {
                break;
            }
            self.timers.remove(&(at, id));
            self.ack_deadlines.remove(&id);
            self.buffer.retain(|(b, _)| *b != id);
            self.in_flight.retain(|_, e| *e != id);
            self.tell(Event::AckFailed { id, failure: AckFailure::TimedOut });
        }
    }

    /// Keep an emit for the next connection (its ack clock runs from now, as in JS).
    fn keep(&mut self, id: u64, emit: Emit) {
        self.start_ack_clock(id, &emit);
        if self.buffer.len() >= self.options.buffer_limit.max(1) {
            if let Some((old, _)) = self.buffer.pop_front() {
                self.forget_ack(old);
                self.tell(Event::Dropped {
                    id: old,
                    reason: "the offline queue is full; the oldest unsent event was dropped".into(),
                });
            }
        }
        self.buffer.push_back((id, emit));
    }

    fn start_ack_clock(&mut self, id: u64, emit: &Emit) {
        if let Some(timeout) = emit.ack {
            if let std::collections::hash_map::Entry::Vacant(slot) = self.ack_deadlines.entry(id) {
                let at = Instant::now() + timeout;
                slot.insert(at);
                self.timers.insert((at, id));
            }
        }
    }

    fn forget_ack(&mut self, id: u64) -> bool {
        match self.ack_deadlines.remove(&id) {
            Some(at) => {
                self.timers.remove(&(at, id));
                true
            }
            None => false,
        }
    }

    /// The connection will not come back: every waiting emit and ack fails.
    fn fail_everything(&mut self) {
        for (id, _) in std::mem::take(&mut self.buffer) {
            self.forget_ack(id);
            self.tell(Event::Dropped { id, reason: "the connection is closed".into() });
        }
        self.fail_in_flight();
    }

    /// Acks sent on a lost connection can never be answered.
    fn fail_in_flight(&mut self) {
        let mut ids: Vec<u64> = std::mem::take(&mut self.in_flight).into_values().collect();
        ids.sort_unstable();
        for id in ids {
            if self.forget_ack(id) {
                self.tell(Event::AckFailed { id, failure: AckFailure::ConnectionLost });
            }
        }
        self.server_acks.clear();
        self.partial = None;
    }

    /// The CONNECT packet's payload: auth, plus the recovery session when there is one.
    fn connect_payload(&self) -> Option<Value> {
        let mut map = match &self.options.auth {
            Some(Value::Object(m)) => m.clone(),
            Some(other) => return Some(other.clone()),
            None => Map::new(),
        };
        if let (Some(pid), Some(offset)) = (&self.pid, &self.offset) {
            map.insert("pid".into(), Value::String(pid.clone()));
            map.insert("offset".into(), Value::String(offset.clone()));
        }
        (!map.is_empty() || self.options.auth.is_some()).then_some(Value::Object(map))
    }

    async fn attempt(&mut self, commands: &mut UnboundedReceiver<Command>) -> Attempt {
        let timeout = self.options.connect_timeout;
        let options = self.options.clone();
        let payload = self.connect_payload();
        let connecting = async move {
            let mut engine = engine::open(&options).await?;
            let ns = options.namespace.as_str();
            let connect = match engine.version {
                EngineVersion::V4 => Some(packet::encode(Kind::Connect, ns, None, 0, payload.as_ref())),
                // Socket.IO 2 joins `/` by itself and takes the query on other namespaces.
                EngineVersion::V3 if ns == "/" => None,
                EngineVersion::V3 => Some(match options.url.query() {
                    Some(q) if !q.is_empty() => format!("0{ns}?{q}"),
                    _ => format!("0{ns}"),
                }),
            };
            if let Some(text) = connect {
                let _ = engine.out.send(Out::Packet(EnginePacket::Message(Data::text(text))));
            }
            // Wait for the namespace's answer. What comes before it is kept for after it, as
            // the JS client does: a server recovering a session replays the missed events
            // first.
            let mut early: Vec<Data> = Vec::new();
            loop {
                match engine.events.recv().await {
                    Some(EngineEvent::Message(Data::Binary(b))) => early.push(Data::Binary(b)),
                    Some(EngineEvent::Message(Data::Text(t))) => {
                        let Ok(text) = std::str::from_utf8(&t) else { continue };
                        let Ok(p) = packet::decode(text) else {
                            early.push(Data::Text(t));
                            continue;
                        };
                        // Socket.IO 2 connects `/` first and holds other namespaces behind
                        // it: a refusal of `/` is a refusal of this connection too.
                        let refused_root =
                            p.kind == Kind::ConnectError && p.namespace == "/" && engine.version == EngineVersion::V3;
                        if p.namespace != ns && !refused_root {
                            continue;
                        }
                        match p.kind {
                            Kind::Connect => {
                                let data = p.data.map(packet::Payload::into_value).unwrap_or(Value::Null);
                                return Ok::<_, Error>(Ok((engine, data, early)));
                            }
                            Kind::ConnectError => return Ok(Err(refusal(p.data.map(packet::Payload::into_value)))),
                            _ => early.push(Data::Text(t)),
                        }
                    }
                    Some(EngineEvent::Closed(reason)) => {
                        return Err(Error::Connect(format!(
                            "the connection closed before the namespace answered: {reason}"
                        )))
                    }
                    None => return Err(Error::Connect("the connection closed before the namespace answered".into())),
                    // An upgrade that finishes first is reported in the Connected event.
                    Some(EngineEvent::Upgraded(name)) => engine.transport = name,
                }
            }
        };
        let connecting = tokio::time::timeout(timeout, connecting);
        tokio::pin!(connecting);
        loop {
            tokio::select! {
                done = &mut connecting => return match done {
                    Err(_) => Attempt::Failed(Error::Connect("the server did not answer in time".into())),
                    Ok(Err(e)) => Attempt::Failed(e),
                    Ok(Ok(Ok((engine, answer, early)))) => Attempt::Open(engine, answer, early),
                    Ok(Ok(Err((message, data)))) => Attempt::Refused(message, data),
                },
                _ = self.next_timer() => self.expire_timers(),
                cmd = commands.recv() => match cmd {
                    None | Some(Command::Disconnect) => return Attempt::Stop,
                    Some(Command::Emit(id, emit)) => self.keep(id, emit),
                    Some(Command::AckReply { .. }) => self.tell(Event::Warning { message: "the ack request belongs to a connection that was lost; it cannot be answered".into() }),
                    Some(Command::Flush) => {}
                },
            }
        }
    }

    async fn live(
        &mut self,
        mut engine: Engine,
        answer: Value,
        early: Vec<Data>,
        commands: &mut UnboundedReceiver<Command>,
    ) -> Ended {
        self.next_wire_id = 0;
        let ns = self.options.namespace.clone();
        let sid = match answer.get("sid").and_then(Value::as_str) {
            Some(s) => s.to_owned(),
            // Socket.IO 2 names a socket by its engine session (and namespace).
            None if ns == "/" => engine.sid.clone(),
            None => format!("{ns}#{}", engine.sid),
        };
        let pid = answer.get("pid").and_then(Value::as_str).map(str::to_owned);
        let recovered = pid.is_some() && pid == self.pid;
        if !recovered {
            self.offset = None;
        }
        self.pid = pid.clone();
        self.tell(Event::Connected { sid, pid, version: engine.version, transport: engine.transport, recovered });
        for data in early {
            if let Some(end) = self.on_engine(&engine, Some(EngineEvent::Message(data))) {
                return end;
            }
        }
        if self.options.flush_on_connect {
            self.flush(&engine).await;
        }
        loop {
            tokio::select! {
                _ = self.next_timer() => self.expire_timers(),
                cmd = commands.recv() => match cmd {
                    None | Some(Command::Disconnect) => {
                        let bye = packet::encode(Kind::Disconnect, &ns, None, 0, None::<&Value>);
                        let _ = engine.out.send(Out::Packet(EnginePacket::Message(Data::text(bye))));
                        let _ = engine.out.send(Out::Close);
                        // Let the engine's writer send both before it is dropped.
                        let _ = tokio::time::timeout(Duration::from_secs(2), async { while engine.events.recv().await.is_some() {} }).await;
                        self.fail_everything();
                        return Ended::Client;
                    }
                    Some(Command::Emit(id, emit)) => self.send(&engine, id, emit).await,
                    Some(Command::AckReply { ack, args, attachments }) => self.reply(&engine, ack, args, attachments),
                    Some(Command::Flush) => self.flush(&engine).await,
                },
                // The reader is behind: read nothing more until it catches up.
                _ = self.events.room(), if !self.events.has_room() => {}
                event = engine.events.recv(), if self.events.has_room() => {
                    // What the engine already has is handled in the same turn (a flood
                    // costs one wake-up per batch, not per event).
                    if let Some(end) = self.on_engine(&engine, event) {
                        return end;
                    }
                    for _ in 0..255 {
                        if !self.events.has_room() {
                            break;
                        }
                        let Ok(next) = engine.events.try_recv() else { break };
                        if let Some(end) = self.on_engine(&engine, Some(next)) {
                            return end;
                        }
                    }
                }
            }
        }
    }

    /// One engine event; `Some` when the connection is over.
    fn on_engine(&mut self, engine: &Engine, event: Option<EngineEvent>) -> Option<Ended> {
        match event {
            Some(EngineEvent::Message(data)) => {
                let end = self.on_message(data)?;
                if let Ended::Server = end {
                    let _ = engine.out.send(Out::Close);
                }
                self.fail_in_flight();
                Some(end)
            }
            Some(EngineEvent::Upgraded(name)) => {
                self.tell(Event::Transport { name });
                None
            }
            Some(EngineEvent::Closed(reason)) => {
                self.fail_in_flight();
                Some(Ended::Lost(reason))
            }
            None => {
                self.fail_in_flight();
                Some(Ended::Lost("the transport ended".into()))
            }
        }
    }

    async fn flush(&mut self, engine: &Engine) {
        while let Some((id, emit)) = self.buffer.pop_front() {
            self.send(engine, id, emit).await;
        }
    }

    /// Put one event on the wire: its packet (streamed when large), then its attachments.
    async fn send(&mut self, engine: &Engine, id: u64, emit: Emit) {
        if engine.out.is_closed() {
            // The transport ended and the session has not heard yet: the event waits for
            // the next connection, as one emitted offline does.
            return self.keep(id, emit);
        }
        self.start_ack_clock(id, &emit);
        let wire_id = emit.ack.map(|_| {
            let w = self.next_wire_id;
            self.next_wire_id += 1;
            w
        });
        let kind = if emit.attachments.is_empty() { Kind::Event } else { Kind::BinaryEvent };
        let head = packet::header(kind, &self.options.namespace, wire_id, emit.attachments.len());
        let Emit { event, args, attachments, progress, .. } = emit;
        let out = if stream::estimate(&args) < stream::STREAM_FROM {
            let mut text = head.into_bytes();
            if serde_json::to_writer(&mut text, &EventData { name: &event, args: &args }).is_err() {
                return self.tell(Event::Dropped { id, reason: "the arguments could not be written as JSON".into() });
            }
            Out::Packet(EnginePacket::Message(Data::Text(Bytes::from(text))))
        } else {
            let writer: stream::Writer = Box::new(move |w: &mut dyn Write| {
                w.write_all(head.as_bytes())?;
                serde_json::to_writer(w, &EventData { name: &event, args: &args }).map_err(std::io::Error::from)
            });
            let text = match stream::start(writer).await {
                Ok(t) => t,
                Err(e) => {
                    return self.tell(Event::Dropped { id, reason: format!("the arguments could not be written: {e}") })
                }
            };
            let report = progress.then(|| {
                let events = self.events.clone();
                let last = std::sync::Mutex::new(Instant::now() - Duration::from_secs(1));
                Box::new(move |done: u64, total: u64| {
                    // At most ten reports a second, and always the last.
                    if let Ok(mut at) = last.lock() {
                        if done < total && at.elapsed() < Duration::from_millis(100) {
                            return;
                        }
                        *at = Instant::now();
                    }
                    let _ = events.send_weighing(Event::Progress { id, done, total }, SMALL);
                }) as engine::Progress
            });
            Out::Large { text, progress: report }
        };
        if let Some(w) = wire_id {
            self.in_flight.insert(w, id);
        }
        if !put(engine, out, attachments) {
            // Gone between the check above and now: it cannot be sent again (it was moved).
            self.in_flight.retain(|_, e| *e != id);
            self.forget_ack(id);
            self.tell(Event::Dropped { id, reason: "the connection closed while sending".into() });
        }
    }

    fn reply(&mut self, engine: &Engine, ack: u64, args: Vec<Value>, attachments: Vec<Bytes>) {
        if !self.server_acks.remove(&ack) {
            return self.tell(Event::Warning {
                message: format!(
                    "ack request {ack} is not open on this connection (already answered, or from a lost connection)"
                ),
            });
        }
        let kind = if attachments.is_empty() { Kind::Ack } else { Kind::BinaryAck };
        let text = packet::encode(kind, &self.options.namespace, Some(ack), attachments.len(), Some(&args));
        put(engine, Out::Packet(EnginePacket::Message(Data::text(text))), attachments);
    }

    /// One Engine.IO message; `Some` when it ends the connection.
    fn on_message(&mut self, data: Data) -> Option<Ended> {
        let text = match data {
            Data::Binary(b) => {
                let Some(partial) = self.partial.as_mut() else {
                    self.tell(Event::Warning { message: "the server sent binary data no packet announced".into() });
                    return None;
                };
                partial.size += b.len();
                partial.attachments.push(b);
                if partial.attachments.len() == partial.packet.attachments {
                    if let Some(Partial { packet, attachments, size }) = self.partial.take() {
                        self.deliver(packet, attachments, size);
                    }
                }
                return None;
            }
            Data::Text(t) => t,
        };
        // What the event will weigh in the reader's queue (not its values walked again).
        let size = text.len();
        // A large packet's longest string is made from the message's own buffer.
        let decoded = crate::extract::decode_owned(text);
        let p = match decoded {
            Ok(p) => p,
            Err(e) => {
                self.tell(Event::Warning { message: e.to_string() });
                return None;
            }
        };
        if p.namespace != self.options.namespace {
            return None;
        }
        if let Some(words) = &p.repaired {
            self.tell(Event::Warning {
                message: format!("a packet strict JSON refuses was repaired to be shown: {words}"),
            });
        }
        match p.kind {
            Kind::Disconnect => return Some(Ended::Server),
            Kind::BinaryEvent | Kind::BinaryAck if p.attachments > 0 => {
                self.partial = Some(Partial { packet: p, attachments: Vec::new(), size });
            }
            _ => self.deliver(p, Vec::new(), size),
        }
        None
    }

    /// A whole packet, `size` bytes with its attachments.
    fn deliver(&mut self, p: packet::Packet, attachments: Vec<Bytes>, size: usize) {
        let binary = p.kind.is_binary();
        match p.kind {
            Kind::Event | Kind::BinaryEvent => match packet::event_of(p.data) {
                Ok((name, args)) => {
                    // Only a binary packet's placeholders stand for attachments; in a plain
                    // event such an object is data like any other.
                    if binary {
                        let values = args.iter().filter_map(Json::as_value);
                        if let Err(e) = packet::check_placeholders(values, attachments.len()) {
                            return self.tell(Event::Warning { message: format!("“{name}”: {e}") });
                        }
                    }
                    // Recovery: the server appends each event's offset as its last argument.
                    if self.pid.is_some() {
                        if let Some(offset) = args.last().and_then(Json::as_string) {
                            self.offset = Some(offset);
                        }
                    }
                    if let Some(ack) = p.id {
                        self.server_acks.insert(ack);
                    }
                    self.tell_weighing(Event::Event { name, args, attachments, ack: p.id }, size);
                }
                Err(e) => self.tell(Event::Warning { message: e.to_string() }),
            },
            Kind::Ack | Kind::BinaryAck => {
                let Some(wire) = p.id else { return };
                let Some(id) = self.in_flight.remove(&wire) else { return };
                if !self.forget_ack(id) {
                    return;
                }
                match packet::ack_args_of(p.data) {
                    Ok(args) => self.tell_weighing(Event::Ack { id, args, attachments }, size),
                    Err(e) => self.tell(Event::Warning { message: e.to_string() }),
                }
            }
            Kind::Connect | Kind::ConnectError | Kind::Disconnect => {}
        }
    }
}

/// A packet and its binary attachments, in order; false when the engine has stopped.
fn put(engine: &Engine, packet: Out, attachments: Vec<Bytes>) -> bool {
    let mut sent = engine.out.send(packet).is_ok();
    for a in attachments {
        sent &= engine.out.send(Out::Packet(EnginePacket::Message(Data::Binary(a)))).is_ok();
    }
    sent
}

/// The words and data of a CONNECT_ERROR (`{"message", "data"}` in v5, a string in v4).
fn refusal(data: Option<Value>) -> (String, Value) {
    match data {
        Some(Value::Object(map)) => {
            let message =
                map.get("message").and_then(Value::as_str).unwrap_or("the server refused the connection").to_owned();
            (message, map.get("data").cloned().unwrap_or(Value::Null))
        }
        Some(Value::String(s)) => (s, Value::Null),
        Some(other) => (other.to_string(), other),
        None => ("the server refused the connection".into(), Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refusals_in_words() {
        assert_eq!(
            refusal(Some(json!({"message": "bad token", "data": {"x": 1}}))),
            ("bad token".into(), json!({"x": 1}))
        );
        assert_eq!(refusal(Some(json!("nope"))).0, "nope");
        assert_eq!(refusal(None).0, "the server refused the connection");
    }

    #[test]
    fn placeholders_stand_for_attachments_only_in_binary_packets() {
        let (tx, mut rx) = crate::backlog::channel(16, usize::MAX);
        let mut session = Session::new(Options::new("http://127.0.0.1:1/").unwrap(), tx);
        // A plain event: the object is data, shown as sent.
        session.on_message(Data::text(r#"2["e",{"_placeholder":true,"num":0}]"#));
        match rx.try_recv() {
            Ok(Event::Event { name, args, attachments, .. }) => {
                assert_eq!((name.as_str(), attachments.len()), ("e", 0));
                assert_eq!(args, vec![json!({"_placeholder": true, "num": 0})]);
            }
            other => panic!("expected the event, got {other:?}"),
        }
        // A binary event naming an attachment it did not announce: a warning, no event.
        session.on_message(Data::text(r#"51-["e",{"_placeholder":true,"num":1}]"#));
        session.on_message(Data::Binary(Bytes::from_static(b"x")));
        assert!(matches!(rx.try_recv(), Ok(Event::Warning { .. })));
        assert!(rx.try_recv().is_err());
    }
}
