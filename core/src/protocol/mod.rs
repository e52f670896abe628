//! Server protocols. Each module is a pure translator with no I/O: a protocol action
//! becomes emits, an incoming `(event, args)` becomes updates (and sometimes emits, for
//! scripted connections such as simulated participants). The raw console needs none.

pub mod dorm;
pub mod file_exchange;
pub mod session_host;
pub mod space;

use std::sync::Arc;

use serde_json::Value;

use crate::api::{ConnId, Protocol, Update};
use crate::error::{Error, Result};
use crate::files::store::FileStore;

/// A protocol request for one connection, translated where the connection's secrets are.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolAction {
    SessionHost(session_host::SessionHostAction),
    Dorm(dorm::DormAction),
    Space(space::SpaceAction),
    FileExchange(file_exchange::FileExchangeAction),
    /// A file read by `Core` is in the store, ready to go out as the protocol sends files.
    SendFile { file_id: String },
    /// Ask the server for a received file again (what Retry means for a received file).
    RepeatFile { file_id: String },
}

impl ProtocolAction {
    /// Whether the request carries the connection's token (it cannot be sent without one).
    pub fn needs_token(&self) -> bool {
        matches!(self, ProtocolAction::Dorm(_))
    }
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

/// The per-connection state of a protocol.
#[derive(Debug)]
pub enum Translator {
    Console,
    SessionHost(session_host::Translator),
    Dorm(dorm::Translator),
    Space(space::Translator),
    FileExchange(file_exchange::Translator),
}

impl Translator {
    /// `token` is the connection's keyring token, for protocols that put it in requests.
    pub fn new(protocol: &Protocol, token: Option<String>, files: Arc<FileStore>, max_file_bytes: u64) -> Self {
        match protocol {
            Protocol::Console => Translator::Console,
            Protocol::SessionHost { simulated } => {
                Translator::SessionHost(session_host::Translator::new(simulated.clone()))
            }
            Protocol::Dorm => Translator::Dorm(dorm::Translator::new(token)),
            Protocol::Space => Translator::Space(space::Translator::new(files, max_file_bytes)),
            Protocol::FileExchange { .. } => {
                Translator::FileExchange(file_exchange::Translator::new(files, max_file_bytes))
            }
        }
    }

    /// The emits (and local updates) for a protocol request.
    pub fn on_action(&mut self, id: &ConnId, action: ProtocolAction) -> Result<Reaction> {
        match (self, action) {
            (Translator::SessionHost(_), ProtocolAction::SessionHost(a)) => {
                Ok(Reaction { emits: vec![session_host::emit_for(a)?], ..Default::default() })
            }
            (Translator::Dorm(t), ProtocolAction::Dorm(a)) => t.on_action(id, a),
            (Translator::Space(t), ProtocolAction::Space(a)) => t.on_action(id, a),
            (Translator::Space(t), ProtocolAction::SendFile { file_id }) => t.on_send_file(id, &file_id),
            (Translator::FileExchange(t), ProtocolAction::FileExchange(a)) => {
                t.on_action(id, a, crate::applog::recent(file_exchange::LOG_LINES))
            }
            (Translator::FileExchange(t), ProtocolAction::SendFile { file_id }) => t.on_send_file(id, &file_id),
            (Translator::FileExchange(t), ProtocolAction::RepeatFile { file_id }) => t.on_repeat(&file_id),
            (Translator::Space(_), ProtocolAction::RepeatFile { .. }) => Err(Error::BadRequest(
                "The Space cannot send a file again; ask its sender to send it once more".into(),
            )),
            (_, ProtocolAction::SendFile { .. } | ProtocolAction::RepeatFile { .. }) => {
                Err(Error::BadRequest("this server's protocol does not carry files".into()))
            }
            _ => Err(Error::BadRequest("this server is not set up for that protocol".into())),
        }
    }

    /// Raw event arguments as the console may show them (some protocols carry secrets).
    pub fn redact_raw(&self, args: Vec<Value>) -> Vec<Value> {
        match self {
            Translator::Dorm(_) => args.into_iter().map(dorm::redact_tokens).collect(),
            _ => args,
        }
    }

    /// The namespace accepted this connection (again).
    pub fn on_connected(&mut self, id: &ConnId) -> Reaction {
        match self {
            Translator::Console => Reaction::default(),
            Translator::SessionHost(t) => t.on_connected(id),
            Translator::Dorm(t) => t.on_connected(id),
            Translator::Space(t) => t.on_connected(id),
            Translator::FileExchange(t) => t.on_connected(id),
        }
    }

    /// The connection was lost (requests wait in the outbox until it is back).
    pub fn on_lost(&mut self) {
        match self {
            Translator::Space(t) => t.on_lost(),
            Translator::FileExchange(t) => t.on_lost(),
            _ => {}
        }
    }

    /// Once a second while the connection runs, for timeouts.
    pub fn on_tick(&mut self, id: &ConnId, now_ms: u64) -> Reaction {
        match self {
            Translator::Space(t) => t.on_tick(id, now_ms),
            _ => Reaction::default(),
        }
    }

    /// An event arrived.
    pub fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value]) -> Reaction {
        match self {
            Translator::Console => Reaction::default(),
            Translator::SessionHost(t) => t.on_event(id, event, args),
            Translator::Dorm(t) => t.on_event(id, event, args),
            Translator::Space(t) => t.on_event(id, event, args),
            Translator::FileExchange(t) => t.on_event(id, event, args),
        }
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
