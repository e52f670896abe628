//! One Socket.IO connection on the project's own client (the `socketio` crate), supervised
//! by a task of ours: it reports states, translates the server protocol, keeps protocol
//! emits made offline until the protocol has rejoined, and tags acks and file progress
//! with the API's ids.

pub mod cert;
pub mod options;
pub mod payload;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use socketio::{AckFailure, CloseReason, Emit, Event};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::api::{ConnId, ConnState, ConnectionOptions, Direction, Update};
use crate::error::Error;
use crate::files::store::FileStore;
use crate::redact::Redactor;
use crate::time::now_ms;

/// Where updates go (the window's batcher, or the CLI's stdout).
pub type Sink = UnboundedSender<Update>;

/// Default time an emit waits for its ack.
pub const DEFAULT_ACK_TIMEOUT: Duration = Duration::from_secs(10);
/// How often protocols are asked about their timeouts.
const TICK: Duration = Duration::from_secs(1);

/// What the caller asks of a running connection.
#[derive(Debug)]
enum Command {
    /// `file`: the id of a file the event carries (its sending progress is reported).
    Emit {
        event: String,
        args: Vec<Value>,
        ack: Option<(u64, Duration)>,
        file: Option<String>,
    },
    /// Answer the server's ack request `ack` (from an `event` update).
    AckReply {
        ack: u64,
        args: Vec<Value>,
    },
    /// A protocol request, translated by the supervisor (which holds the token).
    Protocol(crate::protocol::ProtocolAction),
    Disconnect,
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
    pub fn spawn(
        id: ConnId,
        options: ConnectionOptions,
        token: Option<String>,
        sink: Sink,
        files: Arc<FileStore>,
    ) -> Self {
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

    /// Answer a server's ack request.
    pub fn ack_reply(&self, ack: u64, args: Vec<Value>) -> Result<(), Error> {
        self.commands
            .send(Command::AckReply { ack, args })
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

/// What an emit of ours was, by the client's id.
struct Sent {
    event: String,
    emit_id: Option<u64>,
    timeout: Duration,
    file: Option<String>,
}

struct Supervisor {
    id: ConnId,
    options: ConnectionOptions,
    token: Option<String>,
    sink: Sink,
    redactor: Redactor,
    namespace: String,
    /// The server protocol's translator (state that survives reconnects).
    translator: Box<dyn crate::protocol::Translator>,
    /// The run's files (sending progress goes there).
    files: Arc<FileStore>,
    /// Our emits still waiting for an ack, progress or a drop notice.
    sent: HashMap<u64, Sent>,
    connected: bool,
    /// The live connection's sid and Engine.IO version (repeated when the transport changes).
    sid: Option<String>,
    engine: Option<u8>,
    /// Events already warned about (a server may send the same shape on every event).
    warned: std::collections::HashSet<String>,
}

/// What a translator is told of the world: the time now, and the app log.
fn context() -> crate::protocol::Context<'static> {
    crate::protocol::Context { now_ms: now_ms(), recent_log: &crate::applog::recent }
}

impl Supervisor {
    fn new(id: ConnId, options: ConnectionOptions, token: Option<String>, sink: Sink, files: Arc<FileStore>) -> Self {
        let namespace = options::target(&options).map(|t| t.namespace).unwrap_or_else(|_| "/".into());
        let translator =
            crate::protocol::translator_for(&options.protocol, token.clone(), files.clone(), options.max_file_bytes());
        Self {
            id,
            redactor: Redactor::new(token.clone()),
            options,
            token,
            sink,
            namespace,
            translator,
            files,
            sent: HashMap::new(),
            connected: false,
            sid: None,
            engine: None,
            warned: Default::default(),
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

    fn warn(&mut self, key: String, message: &str) {
        if self.warned.insert(key) {
            crate::applog::record(format!("{}: warning: {}", self.id, self.redactor.text(message)));
            let _ = self.sink.send(Update::Warning { id: self.id.clone(), message: self.redactor.text(message) });
        }
    }

    /// Show an event in the console (long strings cut: a file's content is not for reading there).
    fn event(&self, direction: Direction, name: &str, args: &[Value], ack: Option<u64>) {
        let args = self.translator.redact_raw(args.iter().map(payload::console_view).collect());
        let _ = self.sink.send(Update::Event {
            id: self.id.clone(),
            direction,
            namespace: self.namespace.clone(),
            event: self.redactor.text(name),
            args: args.into_iter().map(|a| self.redactor.value(a)).collect(),
            ack,
            time: now_ms(),
        });
    }

    async fn run(mut self, mut commands: UnboundedReceiver<Command>) {
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
                    let reaction = self.translator.on_tick(&id, &context());
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
                event = events.recv() => {
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
                    Ok(()) => self.event(Direction::Out, &format!("ack #{ack}"), &shown, None),
                    Err(e) => self.error(Error::Send(e)),
                }
            }
            Command::Protocol(action) => {
                let id = self.id.clone();
                match self.translator.on_action(&id, action, &context()) {
                    Ok(reaction) => self.react(client, reaction),
                    Err(e) => self.error(e),
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
            let _ = self.sink.send(update);
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
                self.event(Direction::Out, &event, &shown, None);
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
                });
                let id = self.id.clone();
                let reaction = self.translator.on_connected(&id, &context());
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
            }),
            Event::Event { name, args, attachments, ack } => {
                let args = payload::from_wire(args, &attachments);
                let id = self.id.clone();
                let reaction = self.translator.on_event(&id, &name, &args, &context());
                self.event(Direction::In, &name, &args, ack);
                self.react(client, reaction);
            }
            Event::Ack { id, args, attachments } => {
                if let Some(Sent { emit_id: Some(emit_id), .. }) = self.sent.remove(&id) {
                    let args =
                        payload::from_wire(args, &attachments).into_iter().map(|a| self.redactor.value(a)).collect();
                    let _ = self.sink.send(Update::Ack { id: self.id.clone(), emit_id, args });
                }
            }
            Event::AckFailed { id, failure } => {
                if let Some(Sent { emit_id: Some(emit_id), timeout, .. }) = self.sent.remove(&id) {
                    if failure == AckFailure::ConnectionLost {
                        crate::applog::record(format!("{}: ack {emit_id} lost with the connection", self.id));
                    }
                    let _ = self.sink.send(Update::AckTimeout {
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
                        let _ = self.sink.send(Update::File { file });
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
                let what = self.sent.remove(&id).map(|s| s.event).unwrap_or_default();
                self.error(Error::Send(match what.is_empty() {
                    true => reason,
                    false => format!("“{what}” was not sent: {reason}"),
                }));
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
                self.error(Error::Connect(describe_connect_error(&error.to_string())));
            }
            Event::Lost { reason } => {
                self.connected = false;
                crate::applog::record(format!("{}: lost: {}", self.id, self.redactor.text(&reason)));
                self.translator.on_lost();
            }
            Event::Reconnecting { attempt, delay } => {
                self.state(ConnState::Reconnecting { attempt, delay_ms: delay.as_millis() as u64 })
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
                let _ =
                    self.sink.send(Update::Certificate { id: self.id.clone(), sha256: sha256.clone(), changed: true });
                Err(Error::InvalidOption(format!(
                    "the server's certificate is not the one you accepted (it is now {sha256}); accept it again only if you trust this change"
                )))
            }
        }
    }
}

/// Connect errors in words a person can act on (the raw text follows).
fn describe_connect_error(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let advice = if lower.contains("wrong version number") {
        "the server at this address does not use TLS; try http:// instead of https://"
    } else if lower.contains("certificate") || lower.contains("self signed") || lower.contains("self-signed") {
        "the server's certificate is not trusted; add its CA file or accept invalid certificates for this server"
    } else if lower.contains("connection refused") {
        "nothing is listening at that address"
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
    {
        "the host name could not be found"
    } else if lower.contains("http 404") || lower.contains("http 400") {
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
    fn connect_errors_in_words() {
        assert!(describe_connect_error("x: SSL routines:ssl3_get_record:wrong version number")
            .starts_with("the server at this address does not use TLS"));
        assert!(describe_connect_error("certificate verify failed: self signed certificate")
            .starts_with("the server's certificate is not trusted"));
        assert!(describe_connect_error("tcp connect error: Connection refused (os error 111)")
            .starts_with("nothing is listening"));
        assert!(describe_connect_error("the server answered HTTP 404 Not Found")
            .starts_with("the server answered but not as Socket.IO"));
        assert_eq!(describe_connect_error("something else"), "something else");
    }
}
