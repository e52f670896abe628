//! One Socket.IO connection on rust_socketio's async client, supervised by a task of ours:
//! we report its states, retry a failed first connect and a dropped connection with
//! backoff (rust_socketio does neither in a way we can observe), keep an outbox of what was
//! emitted while offline, and keep our own ack table with timeouts.

pub mod cert;
pub mod options;
pub mod payload;
pub mod relay;
pub mod reserved;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::FutureExt;
use rust_socketio::asynchronous::Client as SioClient;
use rust_socketio::{Event, Payload};
use serde_json::Value;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::api::{ConnId, ConnState, ConnectionOptions, Direction, Transport, Update};
use crate::error::Error;
use crate::files::store::FileStore;
use crate::redact::Redactor;
use reserved::Builtin;

/// Where updates go (the window's batcher, or the CLI's stdout).
pub type Sink = UnboundedSender<Update>;

/// How long a connect attempt may take before it counts as failed.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// Default time an emit waits for its ack.
pub const DEFAULT_ACK_TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many emits wait in the outbox while offline; older ones are reported lost.
const OUTBOX_LIMIT: usize = 10_000;
/// How often protocols are asked about their timeouts.
const TICK: Duration = Duration::from_secs(1);
/// Our ack timer fires this long after rust_socketio's own deadline.
const ACK_GRACE: Duration = Duration::from_millis(50);

/// The delay before retry number `attempt` (1-based): 0.5 s doubling to 10 s.
pub fn backoff(attempt: u32) -> Duration {
    let ms = 500u64.saturating_mul(1u64 << attempt.saturating_sub(1).min(16));
    Duration::from_millis(ms.min(10_000))
}

pub fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// What the caller asks of a running connection.
#[derive(Debug)]
enum Command {
    /// `file`: the id of a file the event carries (its sending progress is reported).
    Emit { event: String, args: Vec<Value>, ack: Option<(u64, Duration)>, file: Option<String> },
    /// A protocol request, translated by the supervisor (which holds the token).
    Protocol(crate::protocol::ProtocolAction),
    Disconnect,
}

/// What rust_socketio's callbacks (and our timers) tell the supervisor. `gen` is the
/// connect attempt, so notices from an abandoned client are ignored.
#[derive(Debug)]
enum Wire {
    Event { name: String, args: Vec<Value> },
    Opened { gen: u64 },
    Refused { gen: u64, message: String },
    Closed { gen: u64, reason: String },
    Trouble { gen: u64, message: String },
    Ack { emit_id: u64, args: Vec<Value> },
    AckTimeout { emit_id: u64 },
    /// A protocol warning, shown once per `key`.
    Warning { key: String, message: String },
    /// How far the relay has streamed the message carrying file `file_id`.
    Sending { file_id: String, done: u64, total: u64 },
}

/// A handle on a running connection. Dropping it stops the connection.
pub struct Connection {
    commands: UnboundedSender<Command>,
    task: Option<JoinHandle<()>>,
    /// The options it was opened with (simulated participants copy them).
    pub options: ConnectionOptions,
}

impl Connection {
    /// Start connecting now; states and events go to `sink`.
    pub fn spawn(id: ConnId, options: ConnectionOptions, token: Option<String>, sink: Sink, files: Arc<FileStore>) -> Self {
        let (commands, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(Supervisor::new(id, options.clone(), token, sink, files).run(rx));
        Self { commands, task: Some(task), options }
    }

    /// Emit now, or as soon as the connection is back.
    pub fn emit(&self, event: String, args: Vec<Value>, ack: Option<(u64, Duration)>) -> Result<(), Error> {
        self.commands
            .send(Command::Emit { event, args, ack, file: None })
            .map_err(|_| Error::NotConnected("the connection has ended".into()))
    }

    /// Send a protocol request now, or as soon as the connection is back.
    pub fn protocol(&self, action: crate::protocol::ProtocolAction) -> Result<(), Error> {
        send_protocol(&self.commands, action)
    }

    /// A handle for sending protocol requests later (a file once it has been read).
    pub fn requests(&self) -> Requests {
        Requests(self.commands.clone())
    }

    /// Close the connection and stop retrying; resolves when it is closed.
    pub async fn disconnect(mut self) {
        let _ = self.commands.send(Command::Disconnect);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// Sends protocol requests to a connection; fails once that connection has ended.
#[derive(Clone)]
pub struct Requests(UnboundedSender<Command>);

impl Requests {
    pub fn protocol(&self, action: crate::protocol::ProtocolAction) -> Result<(), Error> {
        send_protocol(&self.0, action)
    }
}

fn send_protocol(commands: &UnboundedSender<Command>, action: crate::protocol::ProtocolAction) -> Result<(), Error> {
    commands.send(Command::Protocol(action)).map_err(|_| Error::NotConnected("the connection has ended".into()))
}

impl Drop for Connection {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Disconnect);
    }
}

/// Why a live connection ended.
enum Ended {
    /// The person asked; stop.
    ByRequest,
    /// The server refused or closed the session; stop, with the reason.
    Final(String),
    /// The connection was lost; retry, with the reason.
    Lost(String),
}

struct Supervisor {
    id: ConnId,
    options: ConnectionOptions,
    token: Option<String>,
    sink: Sink,
    redactor: Redactor,
    namespace: String,
    wire_tx: UnboundedSender<Wire>,
    wire_rx: UnboundedReceiver<Wire>,
    outbox: VecDeque<Command>,
    pending_acks: HashMap<u64, Duration>,
    /// The one emit whose ack is awaited now, and those waiting their turn. rust_socketio
    /// picks ack ids at random in 0..999 and answers every pending ack that shares an id,
    /// so two acks in flight could swap answers; one at a time they cannot.
    ack_in_flight: Option<u64>,
    ack_waiting: VecDeque<Command>,
    /// Set once rust_socketio's WebSocket reader broke on binary data: from then on a
    /// connection that may use any transport uses long-polling, which reads binary safely.
    polling_only: bool,
    /// Events already warned about (a server may send the same shape on every event).
    warned: std::collections::HashSet<String>,
    /// The server protocol's translator (state that survives reconnects).
    translator: crate::protocol::Translator,
    /// The local relay of the live attempt, when its large strings are streamed (relay.rs).
    relay: Option<relay::Relay>,
    /// The run's files (sending progress goes there).
    files: Arc<FileStore>,
    gen: u64,
}

impl Supervisor {
    fn new(id: ConnId, options: ConnectionOptions, token: Option<String>, sink: Sink, files: Arc<FileStore>) -> Self {
        let (wire_tx, wire_rx) = mpsc::unbounded_channel();
        let namespace = options::target(&options).map(|t| t.namespace).unwrap_or_else(|_| "/".into());
        let translator =
            crate::protocol::Translator::new(&options.protocol, token.clone(), files.clone(), options.max_file_bytes());
        Self {
            id,
            redactor: Redactor::new(token.clone()),
            options,
            token,
            sink,
            namespace,
            wire_tx,
            wire_rx,
            outbox: VecDeque::new(),
            pending_acks: HashMap::new(),
            ack_in_flight: None,
            ack_waiting: VecDeque::new(),
            polling_only: false,
            warned: Default::default(),
            translator,
            relay: None,
            files,
            gen: 0,
        }
    }

    fn state(&self, state: ConnState) {
        crate::applog::record(self.redactor.text(&format!("{}: {state:?}", self.id)));
        let _ = self.sink.send(Update::Connection { id: self.id.clone(), state });
    }

    fn error(&self, error: Error) {
        let error = match error {
            Error::Connect(m) => Error::Connect(self.redactor.text(&m)),
            other => other,
        };
        crate::applog::record(format!("{}: error: {}", self.id, self.redactor.text(&error.to_string())));
        let _ = self.sink.send(Update::Error { id: Some(self.id.clone()), error });
    }

    /// Show an event in the console (long strings cut: a file's content is not for reading there).
    fn event(&self, direction: Direction, name: &str, args: &[Value]) {
        let args = self.translator.redact_raw(args.iter().map(payload::console_view).collect());
        let _ = self.sink.send(Update::Event {
            id: self.id.clone(),
            direction,
            namespace: self.namespace.clone(),
            event: self.redactor.text(name),
            args: args.into_iter().map(|a| self.redactor.value(a)).collect(),
            time: now_ms(),
        });
    }

    async fn run(mut self, mut commands: UnboundedReceiver<Command>) {
        // Retries since the last time the server accepted us.
        let mut retries: u32 = 0;
        loop {
            self.gen += 1;
            self.state(ConnState::Connecting { attempt: retries + 1 });
            let outcome = match self.open().await {
                Ok((client, relay)) => {
                    self.relay = relay;
                    let outcome = self.live(&client, &mut commands, &mut retries).await;
                    // Some servers hold a closing long-poll open for up to a minute; never wait on it.
                    let _ = tokio::time::timeout(Duration::from_secs(2), client.disconnect()).await;
                    // Strings the lost connection did not stream go with it; protocols resend.
                    self.relay = None;
                    outcome
                }
                Err(Error::Connect(m)) if m.to_lowercase().contains("certificate") => {
                    // Retrying cannot help: show the certificate so the person can decide
                    // (the TLS library's own words stay in the app's log).
                    crate::applog::record(format!("{}: {}", self.id, self.redactor.text(&m)));
                    match self.offer_certificate(false).await {
                        true => Ended::Final(
                            "The server's certificate is not trusted by this system; compare its fingerprint and accept it if you trust it".into(),
                        ),
                        false => Ended::Final(format!("Could not connect: {m}")),
                    }
                }
                Err(Error::Connect(m)) => Ended::Lost(m),
                Err(other) => Ended::Final(other.to_string()),
            };
            let reason = match outcome {
                Ended::ByRequest => {
                    self.state(ConnState::Disconnected { reason: String::new() });
                    return;
                }
                Ended::Final(reason) => {
                    self.state(ConnState::Disconnected { reason: self.redactor.text(&reason) });
                    return self.drain(commands).await;
                }
                Ended::Lost(reason) => reason,
            };
            self.translator.on_lost();
            self.expire_all_acks();
            if !self.options.reconnect {
                self.state(ConnState::Disconnected { reason: self.redactor.text(&reason) });
                return self.drain(commands).await;
            }
            retries += 1;
            let delay = backoff(retries);
            self.state(ConnState::Reconnecting { attempt: retries, delay_ms: delay.as_millis() as u64 });
            let sleep = tokio::time::sleep(delay);
            tokio::pin!(sleep);
            loop {
                tokio::select! {
                    _ = &mut sleep => break,
                    cmd = commands.recv() => match cmd {
                        None | Some(Command::Disconnect) => {
                            self.state(ConnState::Disconnected { reason: String::new() });
                            return;
                        }
                        Some(cmd) => {
                            for emit in self.accept(cmd) {
                                self.queue(emit);
                            }
                        }
                    },
                    wire = self.wire_rx.recv() => if let Some(w) = wire {
                        for emit in self.on_stale_wire(w) {
                            self.queue(emit);
                        }
                    },
                }
            }
        }
    }

    /// After a final disconnect, emits fail in words until the handle is dropped.
    async fn drain(&mut self, mut commands: UnboundedReceiver<Command>) {
        while let Some(cmd) = commands.recv().await {
            match cmd {
                Command::Disconnect => return,
                Command::Emit { .. } | Command::Protocol(_) => {
                    self.error(Error::NotConnected("the connection is closed".into()))
                }
            }
        }
    }

    /// A command taken while offline: protocol requests are translated now (so pending
    /// messages show at once); what they emit waits in the outbox.
    fn accept(&mut self, cmd: Command) -> Vec<Command> {
        match cmd {
            Command::Protocol(action) => {
                let id = self.id.clone();
                match self.translator.on_action(&id, action) {
                    Ok(reaction) => self.react(reaction),
                    Err(e) => {
                        self.error(e);
                        Vec::new()
                    }
                }
            }
            other => vec![other],
        }
    }

    fn queue(&mut self, emit: Command) {
        if self.outbox.len() >= OUTBOX_LIMIT {
            self.outbox.pop_front();
            self.error(Error::Send("the offline queue is full; the oldest unsent event was dropped".into()));
        }
        self.outbox.push_back(emit);
    }

    /// Build a client for this attempt (behind a relay when large strings may go out) and
    /// connect its engine; the namespace answer arrives later as `Opened` or `Refused`.
    async fn open(&self) -> Result<(SioClient, Option<relay::Relay>), Error> {
        let mut effective = self.options.clone();
        if self.polling_only {
            effective.transport = Transport::Polling;
        }
        let pinned = match self.options.trusted_cert_sha256.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(accepted) => self.accepted_certificate(accepted).await?,
            None => None,
        };
        let relay = match relay::wanted(&effective) {
            true => Some(self.start_relay(&effective, pinned.as_deref()).await?),
            false => None,
        };
        let via = relay.as_ref().map(|r| r.address());
        let (builder, _) = options::builder(&effective, self.token.as_deref(), pinned.as_deref(), via)?;
        let gen = self.gen;
        let w = self.wire_tx.clone();
        let builder = builder
            .on_any(move |event, payload, _| {
                let w = w.clone();
                async move {
                    // `Message` is how rust_socketio names both the server's `message` event
                    // and an event whose only element is its name (zero arguments, ambiguous).
                    let name = match event {
                        Event::Custom(name) => name,
                        other => other.as_str().to_owned(),
                    };
                    if matches!(payload, Payload::Binary(_)) {
                        let (name, lost) = payload::unmangle_binary_event(&name);
                        if lost {
                            let _ = w.send(Wire::Warning {
                                key: format!("binary:{name}"),
                                message: format!(
                                    "“{name}” carried more arguments than its first binary one; this client library (rust_socketio 0.6) delivers only that one"
                                ),
                            });
                        }
                        let _ = w.send(Wire::Event { name, args: payload::args_of(payload) });
                    } else {
                        let _ = w.send(Wire::Event { name, args: payload::args_of(payload) });
                    }
                }
                .boxed()
            })
            .on(Event::Error, builtin(self.wire_tx.clone(), gen, BuiltinEvent::Error))
            .on(Event::Close, builtin(self.wire_tx.clone(), gen, BuiltinEvent::Close))
            .on(Event::Connect, builtin(self.wire_tx.clone(), gen, BuiltinEvent::Open));
        match tokio::time::timeout(CONNECT_TIMEOUT, builder.connect()).await {
            Ok(Ok(client)) => Ok((client, relay)),
            Ok(Err(e)) => {
                // Behind a relay the library only saw "502"; the relay knows why.
                let raw = relay.as_ref().and_then(|r| r.take_failure()).unwrap_or_else(|| error_chain(&e));
                Err(Error::Connect(describe_connect_error(&raw)))
            }
            Err(_) => Err(Error::Connect("the server did not answer in time".into())),
        }
    }

    /// A relay for this attempt, its progress and notices going to the supervisor.
    async fn start_relay(&self, effective: &ConnectionOptions, pinned: Option<&[u8]>) -> Result<relay::Relay, Error> {
        let server = options::connect_target(effective, self.token.as_deref())?.address;
        let tls = options::tls_connector(effective, pinned)?;
        let (progress, closed) = (self.wire_tx.clone(), self.wire_tx.clone());
        let hooks = relay::Hooks {
            progress: Arc::new(move |file_id: &str, done: u64, total: u64| {
                let _ = progress.send(Wire::Sending { file_id: file_id.to_owned(), done, total });
            }),
            closed: Arc::new(move |message: String| {
                let _ = closed.send(Wire::Warning { key: "relay-closed".into(), message });
            }),
        };
        // What the library itself would take (64 MiB), or a file at the limit as base64.
        let max_message = (effective.max_file_bytes() / 3 * 4 + (1 << 20)).max(64 << 20);
        relay::Relay::start(&server, tls, self.id.clone(), max_message, hooks).await
    }

    /// The server's certificate (host and port of an https/wss URL), fetched off the async threads.
    async fn server_certificate(&self) -> Option<Result<Vec<u8>, Error>> {
        let url = url::Url::parse(&self.options.url).ok()?;
        if !matches!(url.scheme(), "https" | "wss") {
            return None;
        }
        let host = url.host_str()?.trim_matches(|c| c == '[' || c == ']').to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let fetched = tokio::task::spawn_blocking(move || cert::fetch(&host, port)).await;
        Some(fetched.unwrap_or_else(|e| Err(Error::Connect(e.to_string()))))
    }

    /// Tell the window the fingerprint of a certificate the system did not accept.
    /// Whether one was shown.
    async fn offer_certificate(&self, changed: bool) -> bool {
        match self.server_certificate().await {
            Some(Ok(der)) => {
                let sha256 = cert::fingerprint(&der);
                self.sink.send(Update::Certificate { id: self.id.clone(), sha256, changed }).is_ok()
            }
            _ => false,
        }
    }

    /// The DER of the accepted certificate when the server still shows it; a different one
    /// ends the connection in words (it may not be the same server).
    async fn accepted_certificate(&self, accepted: &str) -> Result<Option<Vec<u8>>, Error> {
        match self.server_certificate().await {
            None => Ok(None),
            Some(Err(e)) => Err(e),
            Some(Ok(der)) if cert::same_fingerprint(&cert::fingerprint(&der), accepted) => Ok(Some(der)),
            Some(Ok(der)) => {
                let sha256 = cert::fingerprint(&der);
                let _ = self.sink.send(Update::Certificate { id: self.id.clone(), sha256: sha256.clone(), changed: true });
                Err(Error::InvalidOption(format!(
                    "the server's certificate is not the one you accepted (it is now {sha256}); accept it again only if you trust this change"
                )))
            }
        }
    }

    /// Serve one live client until it ends.
    async fn live(
        &mut self,
        client: &SioClient,
        commands: &mut UnboundedReceiver<Command>,
        retries: &mut u32,
    ) -> Ended {
        let mut opened = false;
        let deadline = tokio::time::sleep(CONNECT_TIMEOUT);
        tokio::pin!(deadline);
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                _ = tick.tick(), if opened => {
                    let id = self.id.clone();
                    let reaction = self.translator.on_tick(&id, now_ms());
                    for emit in self.react(reaction) {
                        self.send(client, emit).await;
                    }
                }
                _ = &mut deadline, if !opened => {
                    return Ended::Lost("the server did not accept the namespace in time".into());
                }
                cmd = commands.recv(), if opened => match cmd {
                    None | Some(Command::Disconnect) => return Ended::ByRequest,
                    Some(emit) => self.send(client, emit).await,
                },
                wire = self.wire_rx.recv() => {
                    let Some(wire) = wire else { return Ended::Lost("internal channel closed".into()) };
                    match wire {
                        Wire::Opened { gen } if gen == self.gen => {
                            opened = true;
                            *retries = 0;
                            self.state(ConnState::Connected { sid: None });
                            let reaction = self.translator.on_connected(&self.id);
                            for emit in self.react(reaction) {
                                self.send(client, emit).await;
                            }
                            while let Some(emit) = self.outbox.pop_front() {
                                self.send(client, emit).await;
                            }
                        }
                        Wire::Refused { gen, message } if gen == self.gen => {
                            return Ended::Final(format!("The server refused the connection: {message}"));
                        }
                        Wire::Closed { gen, reason } if gen == self.gen => {
                            return match reason.as_str() {
                                "io server disconnect" => Ended::Final("The server closed the connection".into()),
                                _ => Ended::Lost("The connection was lost".into()),
                            };
                        }
                        Wire::Trouble { gen, message } if gen == self.gen => {
                            if message.starts_with("EngineIO Error") {
                                // rust_socketio's WebSocket reader lost a binary frame to a race
                                // and the connection is dead without a close: start over,
                                // on long-polling when the person allowed any transport.
                                if self.options.transport == Transport::Any {
                                    self.polling_only = true;
                                }
                                return Ended::Lost("The connection broke while receiving binary data".into());
                            }
                            // Other transport trouble: shown; the close that follows decides.
                            self.error(Error::Connect(message));
                        }
                        other => {
                            for emit in self.on_stale_wire(other) {
                                self.send(client, emit).await;
                            }
                        }
                    }
                    if self.ack_in_flight.is_none() {
                        if let Some(next) = self.ack_waiting.pop_front() {
                            self.send(client, next).await;
                        }
                    }
                }
            }
        }
    }

    /// Send a protocol's updates; returns its emits for the caller to send or queue.
    fn react(&mut self, reaction: crate::protocol::Reaction) -> Vec<Command> {
        let files: Vec<Option<String>> = (0..reaction.emits.len()).map(|i| reaction.file_of(i).map(str::to_owned)).collect();
        for update in reaction.updates {
            let _ = self.sink.send(update);
        }
        reaction
            .emits
            .into_iter()
            .zip(files)
            .map(|((event, args), file)| Command::Emit { event, args, ack: None, file })
            .collect()
    }

    /// Wire messages that do not depend on the current attempt; returns protocol emits.
    fn on_stale_wire(&mut self, wire: Wire) -> Vec<Command> {
        match wire {
            Wire::Event { name, mut args } => {
                self.restore_arrived(&mut args);
                let reaction = self.translator.on_event(&self.id, &name, &args);
                self.event(Direction::In, &name, &args);
                return self.react(reaction);
            }
            Wire::Ack { emit_id, mut args } => {
                self.restore_arrived(&mut args);
                // A second delivery (rust_socketio can match one answer to two pending
                // acks when its random ids collide) or a late one is ignored.
                if self.pending_acks.remove(&emit_id).is_some() {
                    self.ack_done(emit_id);
                    let args = args.into_iter().map(|a| self.redactor.value(a)).collect();
                    let _ = self.sink.send(Update::Ack { id: self.id.clone(), emit_id, args });
                }
            }
            Wire::AckTimeout { emit_id } => {
                if let Some(timeout) = self.pending_acks.remove(&emit_id) {
                    self.ack_done(emit_id);
                    self.ack_timeout(emit_id, timeout);
                }
            }
            Wire::Sending { file_id, done, total } => {
                if let Some(file) = self.files.sending_progress(&file_id, done, total) {
                    let _ = self.sink.send(Update::File { file });
                }
            }
            Wire::Warning { key, message } => {
                if self.warned.insert(key) {
                    crate::applog::record(format!("{}: warning: {}", self.id, self.redactor.text(&message)));
                    let _ = self.sink.send(Update::Warning { id: self.id.clone(), message: self.redactor.text(&message) });
                }
            }
            Wire::Opened { .. } | Wire::Refused { .. } | Wire::Closed { .. } | Wire::Trouble { .. } => {}
        }
        Vec::new()
    }

    fn ack_done(&mut self, emit_id: u64) {
        if self.ack_in_flight == Some(emit_id) {
            self.ack_in_flight = None;
        }
    }

    fn ack_timeout(&self, emit_id: u64, timeout: Duration) {
        let _ = self.sink.send(Update::AckTimeout {
            id: self.id.clone(),
            emit_id,
            timeout_ms: timeout.as_millis() as u64,
        });
    }

    /// A lost connection will never answer its pending acks: report them now.
    fn expire_all_acks(&mut self) {
        self.ack_in_flight = None;
        // Emits still waiting for their turn were never sent: keep them for the next connection.
        while let Some(waiting) = self.ack_waiting.pop_back() {
            self.outbox.push_front(waiting);
        }
        for (emit_id, timeout) in std::mem::take(&mut self.pending_acks) {
            self.ack_timeout(emit_id, timeout);
        }
    }

    async fn send(&mut self, client: &SioClient, cmd: Command) {
        let (event, args, ack, file) = match cmd {
            Command::Emit { event, args, ack, file } => (event, args, ack, file),
            Command::Protocol(action) => {
                let id = self.id.clone();
                match self.translator.on_action(&id, action) {
                    Ok(reaction) => {
                        for emit in self.react(reaction) {
                            Box::pin(self.send(client, emit)).await;
                        }
                    }
                    Err(e) => self.error(e),
                }
                return;
            }
            Command::Disconnect => return,
        };
        if ack.is_some() && self.ack_in_flight.is_some() {
            self.ack_waiting.push_back(Command::Emit { event, args, ack, file });
            return;
        }
        // The console's copy is made first (cut short), so a file's content is never copied.
        let shown: Vec<Value> = args.iter().map(payload::console_view).collect();
        // Large strings stay out of the library's copies; the relay streams them.
        let (args, stashed) = match &self.relay {
            Some(relay) => relay.blobs().stash(args, file.as_deref()),
            None => (args, Vec::new()),
        };
        let payload = match payload::payload_for(args, ack.is_some()) {
            Ok(p) => p,
            Err(e) => {
                self.forget_stashed(&stashed);
                return self.error(e);
            }
        };
        let result = match ack {
            None => client.emit(event.as_str(), payload).await,
            Some((emit_id, timeout)) => {
                self.pending_acks.insert(emit_id, timeout);
                self.ack_in_flight = Some(emit_id);
                let w = self.wire_tx.clone();
                // Our own timer: rust_socketio never reports (or drops) a timed-out ack.
                let timer = self.wire_tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(timeout + ACK_GRACE).await;
                    let _ = timer.send(Wire::AckTimeout { emit_id });
                });
                // The library's deadline passes just before ours, so a late answer is
                // dropped by it and can never reach the next ack that reuses its id.
                client
                    .emit_with_ack(event.as_str(), payload, timeout, move |p: Payload, _| {
                        let w = w.clone();
                        async move {
                            let _ = w.send(Wire::Ack { emit_id, args: payload::ack_args_of(p) });
                        }
                        .boxed()
                    })
                    .await
            }
        };
        match result {
            Ok(()) => self.event(Direction::Out, &event, &shown),
            Err(e) => {
                self.forget_stashed(&stashed);
                if let Some((emit_id, _)) = ack {
                    self.pending_acks.remove(&emit_id);
                    self.ack_done(emit_id);
                }
                self.error(Error::Send(e.to_string()))
            }
        }
    }

    /// Put back the long strings the relay kept out of the library's way.
    fn restore_arrived(&self, args: &mut [Value]) {
        if let Some(relay) = &self.relay {
            relay.arrived().restore(args);
        }
    }

    fn forget_stashed(&self, ids: &[String]) {
        if let Some(relay) = &self.relay {
            relay.blobs().forget(ids);
        }
    }
}

/// rust_socketio's built-in events whose names a server may also use.
#[derive(Clone, Copy)]
enum BuiltinEvent {
    Error,
    Close,
    Open,
}

/// A callback for one of rust_socketio's built-in events that splits server events from
/// the library's own notices.
fn builtin(
    w: UnboundedSender<Wire>,
    gen: u64,
    which: BuiltinEvent,
) -> impl FnMut(Payload, SioClient) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync + 'static {
    move |payload, _| {
        let w = w.clone();
        async move {
            let args = payload::args_of(payload);
            let classified = match which {
                BuiltinEvent::Error => reserved::classify_error(args),
                BuiltinEvent::Close => reserved::classify_close(args),
                BuiltinEvent::Open => reserved::classify_open(args),
            };
            let wire = match (classified, which) {
                (Builtin::ServerEvent(name, args), _) => Wire::Event { name, args },
                (Builtin::Notice(_), BuiltinEvent::Open) => Wire::Opened { gen },
                (Builtin::Notice(reason), BuiltinEvent::Close) => Wire::Closed { gen, reason },
                (Builtin::Notice(message), BuiltinEvent::Error) => {
                    match message.strip_prefix("Received an ConnectError frame: ") {
                        Some(rest) => Wire::Refused { gen, message: refusal_text(rest) },
                        None => Wire::Trouble { gen, message },
                    }
                }
            };
            let _ = w.send(wire);
        }
        .boxed()
    }
}

/// The words of a CONNECT_ERROR payload (`{"message": ...}` or a string).
fn refusal_text(raw: &str) -> String {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(map)) => match map.get("message") {
            Some(Value::String(s)) => s.clone(),
            _ => raw.to_owned(),
        },
        Ok(Value::String(s)) => s,
        _ => raw.to_owned(),
    }
}

/// An error with its causes: rust_socketio's own text is often just "EngineIO Error".
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

/// rust_socketio's connect errors, in words a person can act on (the raw text follows).
fn describe_connect_error(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let advice = if lower.contains("wrong version number") {
        "the server at this address does not use TLS; try http:// instead of https://"
    } else if lower.contains("certificate") || lower.contains("self signed") || lower.contains("self-signed") {
        "the server's certificate is not trusted; add its CA file or accept invalid certificates for this server"
    } else if lower.contains("connection refused") {
        "nothing is listening at that address"
    } else if lower.contains("dns error") || lower.contains("failed to lookup") || lower.contains("name or service not known") {
        "the host name could not be found"
    } else if lower.contains("404") || lower.contains("status code: 400") {
        "the server answered but not as Socket.IO; check the engine path"
    } else {
        return raw.to_owned();
    };
    format!("{advice} ({raw})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(2), Duration::from_millis(1000));
        assert_eq!(backoff(5), Duration::from_millis(8000));
        assert_eq!(backoff(6), Duration::from_millis(10_000));
        assert_eq!(backoff(400), Duration::from_millis(10_000));
    }

    #[test]
    fn connect_errors_in_words() {
        assert!(describe_connect_error("x: SSL routines:ssl3_get_record:wrong version number").starts_with("the server at this address does not use TLS"));
        assert!(describe_connect_error("certificate verify failed: self signed certificate").starts_with("the server's certificate is not trusted"));
        assert!(describe_connect_error("tcp connect error: Connection refused (os error 111)").starts_with("nothing is listening"));
        assert_eq!(describe_connect_error("something else"), "something else");
    }

    #[test]
    fn refusal_payloads_in_words() {
        assert_eq!(refusal_text(r#"{"message":"bad token"}"#), "bad token");
        assert_eq!(refusal_text(r#""nope""#), "nope");
        assert_eq!(refusal_text("garbage"), "garbage");
    }
}
