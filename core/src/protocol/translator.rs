//! The seam every server protocol fits. A translator is pure: a protocol action becomes
//! emits, an incoming `(event, args)` becomes updates (and sometimes emits, for scripted
//! connections such as simulated participants); the clock and the app log come in through
//! `Context`, so its tests need no time or globals. It keeps the per-connection state of
//! its protocol, which survives reconnects.

use serde_json::Value;
use socketio::Json;

use crate::api::{ConnId, ProtocolRequest, Update};
use crate::error::{Error, Result};

/// A protocol request for one connection, translated where the connection's secrets are.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolAction {
    /// A request in the protocol's own words.
    Request(ProtocolRequest),
    /// A file read by `Core` is in the store, ready to go out as the protocol sends files.
    SendFile { file_id: String },
    /// Ask the server for a received file again (what Retry means for a received file).
    RepeatFile { file_id: String },
}

/// An event to send: name and arguments.
pub type Emit = (String, Vec<Value>);

/// What a translator makes of something that happened.
#[derive(Debug, Default, PartialEq)]
pub struct Reaction {
    pub updates: Vec<Update>,
    pub emits: Vec<Emit>,
    /// Emits that carry a file: (index in `emits`, the file's id), for sending progress.
    pub file_emits: Vec<(usize, String)>,
}

impl Reaction {
    /// Add an emit that carries file `file_id`.
    pub fn emit_file(&mut self, emit: Emit, file_id: &str) {
        self.file_emits.push((self.emits.len(), file_id.to_owned()));
        self.emits.push(emit);
    }

    /// The file carried by emit number `index`, if any.
    pub fn file_of(&self, index: usize) -> Option<&str> {
        self.file_emits.iter().find(|(i, _)| *i == index).map(|(_, f)| f.as_str())
    }
}

/// What a translator may know of the world.
pub struct Context<'a> {
    /// Milliseconds since the Unix epoch.
    pub now_ms: u64,
    /// The app's last `n` log lines (for a protocol that sends them to its server).
    pub recent_log: &'a dyn Fn(usize) -> Vec<String>,
}

/// One server protocol's per-connection state.
pub trait Translator: std::fmt::Debug + Send + Sync {
    /// The emits (and local updates) for a protocol request; `request` is the caller's id
    /// for it, which the `answer` update that ends it carries (see `asked.rs`).
    fn on_action(
        &mut self,
        id: &ConnId,
        request: Option<u64>,
        action: ProtocolAction,
        cx: &Context,
    ) -> Result<Reaction>;

    /// The namespace accepted this connection (again).
    fn on_connected(&mut self, _id: &ConnId, _cx: &Context) -> Reaction {
        Reaction::default()
    }

    /// The connection was lost (requests wait in the outbox until it is back).
    fn on_lost(&mut self) {}

    /// Once a second while the connection runs, for timeouts.
    fn on_tick(&mut self, _id: &ConnId, _cx: &Context) -> Reaction {
        Reaction::default()
    }

    /// Whether `on_event` reads events (the console does not: arguments are then never
    /// parsed into values for it, see `socketio::json`).
    fn reads_events(&self) -> bool {
        true
    }

    /// An event arrived.
    fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value], cx: &Context) -> Reaction;

    /// Raw event arguments as the console may show them (some protocols carry secrets).
    fn redact_raw(&self, args: Vec<Json>) -> Vec<Json> {
        args
    }
}

/// The answer to a request a protocol does not take.
pub fn not_this_protocol(action: &ProtocolAction) -> Error {
    match action {
        ProtocolAction::SendFile { .. } | ProtocolAction::RepeatFile { .. } => {
            Error::BadRequest("this server's protocol does not carry files".into())
        }
        _ => Error::BadRequest("this server is not set up for that protocol".into()),
    }
}

/// The first argument as an object's string field, accepting a bare string too.
pub fn string_field(args: &[Value], field: &str) -> Option<String> {
    match args.first()? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => match map.get(field)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
        _ => None,
    }
}
