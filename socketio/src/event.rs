//! What goes into a `Client` (`Emit`) and what comes out of it (`Event`), and the
//! commands the handle sends its session task.

use std::time::Duration;

use bytes::Bytes;
use serde_json::Value;

use crate::engine::packet::EngineVersion;
use crate::error::Error;
use crate::json::Json;

/// An event to send. Binary arguments are placeholders (`packet::placeholder(n)`) in
/// `args`, their bytes in `attachments`.
#[derive(Debug, Clone, Default)]
pub struct Emit {
    pub event: String,
    pub args: Vec<Value>,
    pub attachments: Vec<Bytes>,
    /// Ask the server for an ack, answered (or failed) within this time.
    pub ack: Option<Duration>,
    /// Report `Event::Progress` while a large message goes out.
    pub progress: bool,
}

impl Emit {
    pub fn new(event: impl Into<String>, args: Vec<Value>) -> Emit {
        Emit { event: event.into(), args, ..Default::default() }
    }
    pub fn with_ack(mut self, timeout: Duration) -> Emit {
        self.ack = Some(timeout);
        self
    }
    pub fn with_attachments(mut self, attachments: Vec<Bytes>) -> Emit {
        self.attachments = attachments;
        self
    }
}

/// Why an ack will not come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckFailure {
    TimedOut,
    /// The connection was lost after it was sent (a new connection cannot answer it).
    ConnectionLost,
}

/// Why the client stopped for good.
#[derive(Debug, Clone, PartialEq)]
pub enum CloseReason {
    /// `disconnect` was called.
    Client,
    /// The server disconnected this socket (a DISCONNECT packet): no reconnection, as in JS.
    Server,
    /// The server refused the namespace (CONNECT_ERROR); `message` in words, `data` as sent.
    Refused { message: String, data: Value },
    /// The connection was lost and reconnection is off, or every attempt failed.
    Lost(String),
}

/// Everything that happens on the connection, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Connecting {
        attempt: u32,
    },
    Connected {
        sid: String,
        /// The private session id of connection state recovery (socket.io 4.6+ with it on).
        pid: Option<String>,
        version: EngineVersion,
        transport: &'static str,
        /// The server restored the session (nothing was lost during the drop).
        recovered: bool,
    },
    /// Upgraded from long-polling.
    Transport {
        name: &'static str,
    },
    /// A server event; with `ack`, the server waits for `ack_reply(ack, …)`.
    Event {
        name: String,
        /// As the server sent them: JSON text, parsed where values are read (see `json`).
        args: Vec<Json>,
        attachments: Vec<Bytes>,
        ack: Option<u64>,
    },
    /// The answer to emit `id`.
    Ack {
        id: u64,
        args: Vec<Json>,
        attachments: Vec<Bytes>,
    },
    AckFailed {
        id: u64,
        failure: AckFailure,
    },
    /// How far the message of emit `id` has gone out.
    Progress {
        id: u64,
        done: u64,
        total: u64,
    },
    /// Emit `id` was not sent (the reason in words).
    Dropped {
        id: u64,
        reason: String,
    },
    /// An attempt failed; a `Reconnecting` or `Closed` follows.
    Failed {
        error: Error,
    },
    /// The connection was lost; a `Reconnecting` or `Closed` follows.
    Lost {
        reason: String,
    },
    Reconnecting {
        attempt: u32,
        delay: Duration,
    },
    /// A problem that did not end the connection (a malformed packet, a late ack reply).
    Warning {
        message: String,
    },
    Closed {
        reason: CloseReason,
    },
}

pub(crate) enum Command {
    Emit(u64, Emit),
    AckReply { ack: u64, args: Vec<Value>, attachments: Vec<Bytes> },
    Flush,
    Disconnect,
}
