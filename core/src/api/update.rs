//! What happened.

use serde::Serialize;
use socketio::Json;
use ts_rs::TS;

use super::connection::{ConnId, ConnState, Direction, Profile};
use super::files::FileInfo;
use super::history::{HistoryRow, SavedMessage};
use super::protocols::ProtocolUpdate;
use crate::error::Error;

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Update {
    /// A connection changed state.
    Connection {
        id: ConnId,
        #[serde(flatten)]
        state: ConnState,
    },
    /// A raw event in or out (binary arguments as `{"$binary": BASE64}`, secrets redacted).
    Event {
        id: ConnId,
        direction: Direction,
        namespace: String,
        event: String,
        #[ts(type = "unknown[]")]
        #[serde(with = "crate::jsonl::args")]
        args: Vec<Json>,
        /// The server waits for an answer to this event: `ack_reply` with this number.
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        ack: Option<u64>,
        /// An emit sent with an ack: the caller's `emit_id`, which its `ack` or
        /// `ack_timeout` update carries.
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        emit_id: Option<u64>,
        /// Milliseconds since the Unix epoch.
        #[ts(type = "number")]
        time: u64,
    },
    /// The answer to an emit sent with `ack`.
    Ack {
        id: ConnId,
        #[ts(type = "number")]
        emit_id: u64,
        #[ts(type = "unknown[]")]
        #[serde(with = "crate::jsonl::args")]
        args: Vec<Json>,
    },
    /// No answer came in time to an emit sent with `ack`.
    AckTimeout {
        id: ConnId,
        #[ts(type = "number")]
        emit_id: u64,
        #[ts(type = "number")]
        timeout_ms: u64,
    },
    /// The saved servers.
    Profiles { profiles: Vec<Profile> },
    /// Whether a token is stored for a profile.
    TokenState { profile: String, stored: bool },
    /// What the server of connection `id` said, in its protocol's words (the protocols are
    /// listed in `api/protocols.rs`): `{"type": "protocol", "id": …, "protocol": "space",
    /// "update": {…}}`.
    Protocol {
        id: ConnId,
        #[serde(flatten)]
        update: ProtocolUpdate,
    },
    /// The end of protocol request `request_id` (from its action): done, or refused with
    /// `error` in words (by the server, by a timeout, or before it reached the server).
    /// Where a server's answers carry no request id, the protocol's translator decides
    /// which request an answer belongs to.
    Answer {
        id: ConnId,
        #[ts(type = "number")]
        request_id: u64,
        #[serde(default)]
        #[ts(optional)]
        error: Option<String>,
    },
    /// The server's certificate is not trusted by the system: its fingerprint, so the person
    /// can compare and accept it for this server. `changed` when it differs from the one
    /// accepted before.
    Certificate { id: ConnId, sha256: String, changed: bool },
    /// A file sent or received, new or changed.
    File { file: FileInfo },
    /// The start of a received file as text; `text` is `None` when it is not text.
    FilePreview {
        file_id: String,
        #[ts(optional)]
        text: Option<String>,
        truncated: bool,
    },
    /// Something arrived that could not be shown as it was (a protocol warning).
    Warning { id: ConnId, message: String },
    /// Something went wrong; `id` names the connection when there is one.
    Error {
        #[ts(optional)]
        id: Option<ConnId>,
        error: Error,
    },
    /// Rows of server `id`'s history, oldest first: the newest that match the query.
    /// `more`: older rows match too (ask again `before_row` the first one).
    History {
        id: ConnId,
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        request_id: Option<u64>,
        rows: Vec<HistoryRow>,
        more: bool,
    },
    /// Server `id`'s history was cleared.
    HistoryCleared { id: ConnId },
    /// `rows` rows of server `id`'s history were written to `path`.
    HistoryExported {
        id: ConnId,
        path: String,
        #[ts(type = "number")]
        rows: u64,
    },
    /// Server `id`'s saved messages, in the order they were saved.
    SavedMessages { id: ConnId, messages: Vec<SavedMessage> },
    /// The saved servers (`servers`) and their saved messages (`messages`) were written to `path`.
    SetupExported { path: String, servers: u32, messages: u32 },
    /// Servers added from a file (their names) and the ones of them that need a token
    /// entered again (tokens are never exported).
    SetupImported { servers: Vec<String>, need_token: Vec<String>, messages: u32 },
}
