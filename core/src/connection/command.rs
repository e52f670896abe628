//! What the handle (`Connection`) asks of its supervisor task.

use std::time::Duration;

use serde_json::Value;

/// What the caller asks of a running connection.
#[derive(Debug)]
pub enum Command {
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
    /// A protocol request, translated by the supervisor (which holds the token), with the
    /// caller's id for it.
    Protocol(crate::protocol::ProtocolAction, Option<u64>),
    Disconnect,
}
