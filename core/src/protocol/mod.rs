//! Server protocols. Each module is a pure translator with no I/O: a protocol action
//! becomes emits, an incoming `(event, args)` becomes updates (and sometimes emits, for
//! scripted connections such as simulated participants). The raw console needs none.

pub mod session_host;

use serde_json::Value;

use crate::api::{ConnId, Protocol, Update};

/// An event to send: name and arguments.
pub type Emit = (String, Vec<Value>);

/// What a translator makes of something that happened.
#[derive(Debug, Default, PartialEq)]
pub struct Reaction {
    pub updates: Vec<Update>,
    pub emits: Vec<Emit>,
}

/// The per-connection state of a protocol.
#[derive(Debug)]
pub enum Translator {
    Console,
    SessionHost(session_host::Translator),
}

impl Translator {
    pub fn new(protocol: &Protocol) -> Self {
        match protocol {
            Protocol::Console => Translator::Console,
            Protocol::SessionHost { simulated } => {
                Translator::SessionHost(session_host::Translator::new(simulated.clone()))
            }
        }
    }

    /// The namespace accepted this connection (again).
    pub fn on_connected(&mut self, id: &ConnId) -> Reaction {
        match self {
            Translator::Console => Reaction::default(),
            Translator::SessionHost(t) => t.on_connected(id),
        }
    }

    /// An event arrived.
    pub fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value]) -> Reaction {
        match self {
            Translator::Console => Reaction::default(),
            Translator::SessionHost(t) => t.on_event(id, event, args),
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
