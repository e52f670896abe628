//! The task behind a `Connection`: it runs the `socketio` client, reports states and
//! events as `Update`s, translates the server protocol, keeps protocol emits made offline
//! until the protocol has rejoined, and tags acks and file progress with the API's ids.
//! Certificates it meets are offered or checked (`certificates.rs`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use socketio::{AckFailure, CloseReason, Emit, Event, Json};
use tokio::sync::mpsc::UnboundedReceiver;

use super::command::Command;
use super::connect_error::{describe_connect_error, short_connect_error};
use super::{options, payload};
use crate::api::{ConnId, ConnState, ConnectionOptions, Direction, Update};
use crate::error::Error;
use crate::files::store::FileStore;
use crate::redact::Redactor;
use crate::time::now_ms;

pub use crate::sink::Sink;

/// How often protocols are asked about their timeouts.
const TICK: Duration = Duration::from_secs(1);

/// What an emit of ours was, by the client's id.
struct Sent {
    event: String,
    emit_id: Option<u64>,
    timeout: Duration,
    file: Option<String>,
}

pub(super) struct Supervisor {
    pub(super) id: ConnId,
    pub(super) options: ConnectionOptions,
    token: Option<String>,
    sink: Sink,
    log: LogReader,
    redactor: Redactor,
    namespace: String,
    /// The server protocol's translator (state that survives reconnects).
    translator: Box<dyn crate::protocol::Translator>,
    /// The run's files (sending progress goes there).
    files: Arc<FileStore>,
    /// Our emits still waiting for an ack, progress or a drop notice.
    sent: HashMap<u64, Sent>,
    connected: bool,
    /// Why the last attempt failed or the connection was lost, shown while retrying.
    last_failure: Option<String>,
    /// Attempts failed since the last connect.
    failed_attempts: u32,
    /// The live connection's sid and Engine.IO version (repeated when the transport changes).
    sid: Option<String>,
    engine: Option<u8>,
    /// Events already warned about (a server may send the same shape on every event).
    warned: std::collections::HashSet<String>,
}

/// This connection's lines of the app log, the last `n` (what a protocol may send its server).
type LogReader = Box<dyn Fn(usize) -> Vec<String> + Send + Sync>;

/// What a translator is told of the world: the time now, and this connection's log.
fn context(log: &LogReader) -> crate::protocol::Context<'_> {
    crate::protocol::Context { now_ms: now_ms(), recent_log: &**log }
}

impl Supervisor {
    pub(super) fn new(
        id: ConnId,
        options: ConnectionOptions,
        token: Option<String>,
        sink: Sink,
        files: Arc<FileStore>,
    ) -> Self {
        let namespace = options::target(&options).map(|t| t.namespace).unwrap_or_else(|_| "/".into());
        let translator =
            crate::protocol::translator_for(&options.protocol, token.clone(), files.clone(), options.max_file_bytes());
        let conn = id.clone();
        let log: LogReader = Box::new(move |n| crate::applog::recent_of(&conn, n));
        Self {
            id,
            redactor: Redactor::new(token.clone()),
            log,
            options,
            token,
            sink,
            namespace,
            translator,
            files,
            sent: HashMap::new(),
            connected: false,
            last_failure: None,
            failed_attempts: 0,
            sid: None,
            engine: None,
            warned: Default::default(),
        }
    }

    /// Every update of this connection leaves through here, redacted.
    pub(super) fn out(&self, update: Update) {
        let _ = self.sink.send(self.redactor.update(update));
    }

    /// A line of this connection in the app log (the log keeps it redacted).
    fn log(&self, line: String) {
        crate::applog::record(self.redactor.text(&format!("{}: {line}", self.id)));
    }

    fn state(&self, state: ConnState) {
        self.log(format!("{state:?}"));
        self.out(Update::Connection { id: self.id.clone(), state });
    }

    fn error(&self, error: Error) {
        self.log(format!("error: {error}"));
        self.out(Update::Error { id: Some(self.id.clone()), error });
    }

    /// A protocol request that cannot be sent: its answer when the caller gave it an id.
    fn refused(&self, request: Option<u64>, error: Error) {
        match request {
            Some(request) => {
                self.log(format!("request {request} refused: {error}"));
                self.out(crate::protocol::asked::refused(&self.id, request, error.words()));
            }
            None => self.error(error),
        }
    }

    fn warn(&mut self, key: String, message: &str) {
        if self.warned.insert(key) {
            self.log(format!("warning: {message}"));
            self.out(Update::Warning { id: self.id.clone(), message: message.to_owned() });
        }
    }

    /// Show an event in the console (long strings cut: a file's content is not for reading there).
    fn event(&self, direction: Direction, name: &str, args: Vec<Json>, ack: Option<u64>, emit_id: Option<u64>) {
        let args = match self.sink.cuts_long_strings() {
            true => args.into_iter().map(payload::cut_long_json).collect(),
            false => args,
        };
        let args = self.translator.redact_raw(args);
        self.out(Update::Event {
            id: self.id.clone(),
            direction,
            namespace: self.namespace.clone(),
            event: name.to_owned(),
            args,
            ack,
            emit_id,
            time: now_ms(),
        });
    }

    pub(super) async fn run(mut self, mut commands: UnboundedReceiver<Command>) {
        let pinned = match self.options.trusted_cert_sha256.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(accepted) => match self.accepted_certificate(accepted).await {
                Ok(der) => der,
                Err(e) => return self.end(e.to_string(), commands).await,
            },
            None => None,
        };
        let client_options = match options::client_options(&self.options, self.token.as_deref(), pinned.as_deref()) {
            Ok(o) => o,
            Err(e) => return self.end(e.to_string(), commands).await,
        };
        let (client, mut events) = match socketio::Client::connect(client_options) {
            Ok(c) => c,
            Err(e) => return self.end(e.to_string(), commands).await,
        };
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                _ = tick.tick(), if self.connected => {
                    let id = self.id.clone();
                    let reaction = self.translator.on_tick(&id, &context(&self.log));
                    self.react(&client, reaction);
                }
                cmd = commands.recv() => match cmd {
                    None | Some(Command::Disconnect) => {
                        client.disconnect().await;
                        self.state(ConnState::Disconnected { reason: String::new() });
                        return;
                    }
                    Some(cmd) => self.command(&client, cmd),
                },
                // The window or the CLI is behind: read nothing more until it catches up.
                _ = self.sink.room(), if !self.sink.has_room() => {}
                event = events.recv(), if self.sink.has_room() => {
                    let Some(event) = event else {
                        return self.end("the connection ended".into(), commands).await;
                    };
                    if let Some(reason) = self.on_event(&client, event).await {
                        drop(client);
                        return self.end(reason, commands).await;
                    }
                }
            }
        }
    }

    /// The connection is over: say why, then refuse what is asked until the handle goes.
    async fn end(&mut self, reason: String, mut commands: UnboundedReceiver<Command>) {
        self.state(ConnState::Disconnected { reason: self.redactor.text(&reason) });
        while let Some(cmd) = commands.recv().await {
            match cmd {
                Command::Disconnect => return,
                Command::Protocol(_, request) => {
                    self.refused(request, Error::NotConnected("the connection is closed".into()))
                }
                _ => self.error(Error::NotConnected("the connection is closed".into())),
            }
        }
    }

    fn command(&mut self, client: &socketio::Client, cmd: Command) {
        match cmd {
            Command::Emit { event, args, ack, file } => self.send(client, event, args, ack, file),
            Command::AckReply { ack, args } => {
                let shown = args.clone();
                match payload::to_wire(args)
                    .map_err(|e| e.to_string())
                    .and_then(|(args, bin)| client.ack_reply(ack, args, bin).map_err(|e| e.to_string()))
                {
                    Ok(()) => self.event(
                        Direction::Out,
                        &format!("ack #{ack}"),
                        socketio::json::from_values(shown),
                        None,
                        None,
                    ),
                    Err(e) => self.error(Error::Send(e)),
                }
            }
            Command::Protocol(action, request) => {
                let id = self.id.clone();
                match self.translator.on_action(&id, request, action, &context(&self.log)) {
                    Ok(reaction) => self.react(client, reaction),
                    Err(e) => self.refused(request, e),
                }
            }
            Command::Disconnect => {}
        }
    }

    /// Send a protocol's updates and its emits.
    fn react(&mut self, client: &socketio::Client, reaction: crate::protocol::Reaction) {
        let files: Vec<Option<String>> =
            (0..reaction.emits.len()).map(|i| reaction.file_of(i).map(str::to_owned)).collect();
        for update in reaction.updates {
            self.out(update);
        }
        for ((event, args), file) in reaction.emits.into_iter().zip(files) {
            self.send(client, event, args, None, file);
        }
    }

    fn send(
        &mut self,
        client: &socketio::Client,
        event: String,
        args: Vec<Value>,
        ack: Option<(u64, Duration)>,
        file: Option<String>,
    ) {
        // The console's copy is made first (cut short), so a file's content is never copied.
        let shown: Vec<Value> = args.iter().map(payload::console_view).collect();
        let (args, attachments) = match payload::to_wire(args) {
            Ok(w) => w,
            Err(e) => return self.error(e),
        };
        let emit = Emit { event: event.clone(), args, attachments, ack: ack.map(|(_, t)| t), progress: file.is_some() };
        match client.emit(emit) {
            Ok(n) => {
                self.event(Direction::Out, &event, socketio::json::from_values(shown), None, ack.map(|(e, _)| e));
                if ack.is_some() || file.is_some() {
                    let (emit_id, timeout) = ack.map(|(e, t)| (Some(e), t)).unwrap_or((None, Duration::ZERO));
                    self.sent.insert(n, Sent { event, emit_id, timeout, file });
                }
            }
            Err(e) => self.error(Error::Send(e.to_string())),
        }
    }

    /// One event from the client; `Some(reason)` when the connection is over.
    async fn on_event(&mut self, client: &socketio::Client, event: Event) -> Option<String> {
        match event {
            Event::Connecting { attempt } => self.state(ConnState::Connecting { attempt }),
            Event::Connected { sid, version, transport, recovered, .. } => {
                self.connected = true;
                self.failed_attempts = 0;
                let engine = match version {
                    socketio::EngineVersion::V3 => 3,
                    socketio::EngineVersion::V4 => 4,
                };
                self.engine = Some(engine);
                self.sid = Some(sid.clone());
                self.state(ConnState::Connected {
                    sid: Some(sid),
                    engine: Some(engine),
                    transport: Some(transport.into()),
                    recovered,
                    upgraded: false,
                });
                let id = self.id.clone();
                let reaction = self.translator.on_connected(&id, &context(&self.log));
                self.react(client, reaction);
                // What waited offline goes after the protocol's own first emits.
                client.flush();
            }
            // The upgrade to WebSocket: the same connection, on a new transport.
            Event::Transport { name } => self.state(ConnState::Connected {
                sid: self.sid.clone(),
                engine: self.engine,
                transport: Some(name.into()),
                recovered: false,
                upgraded: true,
            }),
            Event::Event { name, args, attachments, ack } => {
                let args = payload::from_wire(args, &attachments);
                if !self.translator.reads_events() {
                    // Shown as it came: its values are never built.
                    self.event(Direction::In, &name, args, ack, None);
                    return None;
                }
                let values: Vec<Value> = args.into_iter().map(Json::into_value).collect();
                let id = self.id.clone();
                let reaction = self.translator.on_event(&id, &name, &values, &context(&self.log));
                self.event(Direction::In, &name, socketio::json::from_values(values), ack, None);
                self.react(client, reaction);
            }
            Event::Ack { id, args, attachments } => {
                if let Some(Sent { emit_id: Some(emit_id), .. }) = self.sent.remove(&id) {
                    let args =
                        payload::from_wire(args, &attachments).into_iter().map(|a| self.redactor.json(a)).collect();
                    self.out(Update::Ack { id: self.id.clone(), emit_id, args });
                }
            }
            Event::AckFailed { id, failure } => {
                if let Some(Sent { emit_id: Some(emit_id), timeout, .. }) = self.sent.remove(&id) {
                    if failure == AckFailure::ConnectionLost {
                        crate::applog::record(format!("{}: ack {emit_id} lost with the connection", self.id));
                    }
                    self.out(Update::AckTimeout {
                        id: self.id.clone(),
                        emit_id,
                        timeout_ms: timeout.as_millis() as u64,
                    });
                }
            }
            Event::Progress { id, done, total } => {
                let file = self.sent.get(&id).and_then(|s| s.file.clone());
                if let Some(file_id) = file {
                    if let Some(file) = self.files.sending_progress(&file_id, done, total) {
                        self.out(Update::File { file });
                    }
                    if done >= total {
                        if let Some(s) = self.sent.get_mut(&id) {
                            s.file = None;
                        }
                        if self.sent.get(&id).is_some_and(|s| s.emit_id.is_none()) {
                            self.sent.remove(&id);
                        }
                    }
                }
            }
            Event::Dropped { id, reason } => {
                let sent = self.sent.remove(&id);
                let what = sent.as_ref().map(|s| s.event.clone()).unwrap_or_default();
                self.error(Error::Send(match what.is_empty() {
                    true => reason,
                    false => format!("“{what}” was not sent: {reason}"),
                }));
                // An emit waiting for its ack ends here: its answer will never come.
                if let Some(Sent { emit_id: Some(emit_id), timeout, .. }) = sent {
                    self.out(Update::AckTimeout {
                        id: self.id.clone(),
                        emit_id,
                        timeout_ms: timeout.as_millis() as u64,
                    });
                }
            }
            Event::Failed { error } => {
                if let socketio::Error::Tls(words) = &error {
                    // Retrying cannot help: show the certificate so the person can decide
                    // (the TLS library's own words stay in the app's log).
                    crate::applog::record(format!("{}: {}", self.id, self.redactor.text(words)));
                    return Some(match self.offer_certificate(false).await {
                        true => "The server's certificate is not trusted by this system; compare its fingerprint and accept it if you trust it".into(),
                        false => format!("Could not connect: {}", describe_connect_error(words)),
                    });
                }
                let raw = error.to_string();
                let words = describe_connect_error(&raw);
                self.last_failure = Some(self.redactor.text(&short_connect_error(&raw)));
                // In full once per run of failed attempts; then the state says why, shortly.
                self.log(format!("attempt failed: {words}"));
                if self.failed_attempts == 0 {
                    self.error(crate::error::ConnectError::Client { words, source: error }.into());
                }
                self.failed_attempts += 1;
            }
            Event::Lost { reason } => {
                self.connected = false;
                crate::applog::record(format!("{}: lost: {}", self.id, self.redactor.text(&reason)));
                self.last_failure = Some(format!("the connection was lost: {}", self.redactor.text(&reason)));
                self.translator.on_lost();
            }
            Event::Reconnecting { attempt, delay } => {
                let reason = self.last_failure.take();
                self.state(ConnState::Reconnecting { attempt, delay_ms: delay.as_millis() as u64, reason })
            }
            Event::Warning { message } => self.warn(message.clone(), &message),
            Event::Closed { reason } => {
                self.connected = false;
                return Some(match reason {
                    CloseReason::Client => String::new(),
                    CloseReason::Server => "The server closed the connection".into(),
                    CloseReason::Refused { message, .. } => format!("The server refused the connection: {message}"),
                    CloseReason::Lost(why) => format!("The connection was lost: {why}"),
                });
            }
        }
        None
    }
}
