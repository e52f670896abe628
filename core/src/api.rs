//! The whole backend API: what the person asks (`Action`) and what happened (`Update`).
//! The window (over Tauri IPC) and `switchboard-cli` (over JSON lines) speak exactly these.
//! TypeScript types are generated from them (`cargo test -p switchboard-core export_bindings`).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::Error;
use crate::protocol::dorm::{DormAction, DormUpdate};
use crate::files::transfer::FileInfo;
use crate::protocol::session_host::{SessionHostAction, SessionHostUpdate, Simulated};
use crate::protocol::file_exchange::{FileExchangeAction, FileExchangeUpdate};
use crate::protocol::space::{SpaceAction, SpaceUpdate};

/// A connection's id, chosen by the caller (the window uses the profile id).
pub type ConnId = String;

/// Which Engine.IO transports to use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Transport {
    /// WebSocket only.
    Websocket,
    /// HTTP long-polling only.
    Polling,
    /// Polling first, upgraded to WebSocket when the server allows (the JS client's default).
    #[default]
    Any,
}

/// Which Engine.IO version to speak.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ServerVersion {
    /// Ask for Engine.IO 4 and follow a server that answers as Engine.IO 3.
    #[default]
    Auto,
    /// Engine.IO 4: socket.io 3 and 4 servers.
    V4,
    /// Engine.IO 3: socket.io 2 servers.
    V3,
}

/// Which server protocol a connection speaks (every connection also shows raw events).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Protocol {
    /// No protocol: the raw event console only.
    #[default]
    Console,
    /// The session host protocol; `simulated` makes it a scripted participant.
    SessionHost {
        #[serde(default)]
        #[ts(optional)]
        simulated: Option<Simulated>,
    },
    /// The dorm room protocol; the connection's token goes into every request.
    Dorm,
    /// The Space: rooms, chat, users and files.
    Space,
    /// File exchange sessions; the connection's token goes into the query as `token`.
    FileExchange {
        /// How long the server waits for an answer (default 300 s), for the countdown.
        #[serde(default)]
        #[ts(optional)]
        answer_limit_secs: Option<u32>,
    },
}

/// A `key = value` pair (query parameters, headers), kept in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// Everything needed to open one Socket.IO connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ConnectionOptions {
    /// Server URL; its path is the namespace, as in the JS client (`https://host/pku` = `/pku`).
    pub url: String,
    /// Engine.IO path on the server.
    pub path: String,
    pub query: Vec<KeyValue>,
    /// The `auth` payload of the CONNECT packet (any JSON), if any.
    #[ts(type = "unknown")]
    pub auth: Option<Value>,
    pub headers: Vec<KeyValue>,
    pub transport: Transport,
    /// The Engine.IO version (auto by default; the connected state says which was found).
    #[ts(optional)]
    pub server_version: Option<ServerVersion>,
    /// Path of a PEM file with extra CA certificates to trust.
    pub ca_file: Option<String>,
    /// Accept any certificate. Off by default; the person must choose it explicitly.
    pub accept_invalid_certs: bool,
    /// Keyring profile whose token is injected as `auth.token` (never sent to the window).
    pub token_profile: Option<String>,
    /// Reconnect with backoff after a dropped connection or a failed first connect.
    pub reconnect: bool,
    /// The server protocol spoken on this connection.
    pub protocol: Protocol,
    /// The SHA-256 fingerprint of a certificate the person accepted for this server: that
    /// one certificate is trusted for it (and nothing else is turned off).
    #[ts(optional)]
    pub trusted_cert_sha256: Option<String>,
    /// The largest file sent or received on this server, in bytes (default 25 MiB).
    #[ts(optional, as = "Option<f64>")]
    pub max_file_bytes: Option<u64>,
}

impl ConnectionOptions {
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_bytes.filter(|&n| n > 0).unwrap_or(crate::files::DEFAULT_MAX_BYTES)
    }
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        Self {
            url: String::new(),
            path: "/socket.io/".into(),
            query: Vec::new(),
            auth: None,
            headers: Vec::new(),
            transport: Transport::Any,
            server_version: None,
            ca_file: None,
            accept_invalid_certs: false,
            token_profile: None,
            reconnect: true,
            protocol: Protocol::Console,
            max_file_bytes: None,
            trusted_cert_sha256: None,
        }
    }
}

/// A saved server (no secrets: the token lives in the keyring under `id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub options: ConnectionOptions,
}

/// What the person asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    /// Open (or reopen) connection `id`.
    Connect { id: ConnId, options: ConnectionOptions },
    /// Close connection `id` and stop any retries.
    Disconnect { id: ConnId },
    /// Answer a server's ack request (an `event` update with `ack`), with JSON arguments
    /// (binary written `{"$binary": BASE64}`).
    AckReply {
        #[serde(default)]
        id: ConnId,
        #[ts(as = "f64")]
        ack: u64,
        #[serde(default)]
        #[ts(type = "unknown[]")]
        args: Vec<Value>,
    },
    /// Emit a raw event. Binary arguments are written `{"$binary": BASE64}`.
    /// With `ack`, an `ack` or `ack_timeout` update answers, tagged with `emit_id`.
    Emit {
        #[serde(default)]
        id: ConnId,
        event: String,
        #[serde(default)]
        #[ts(type = "unknown[]")]
        args: Vec<Value>,
        #[serde(default)]
        ack: bool,
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        emit_id: Option<u64>,
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        ack_timeout_ms: Option<u64>,
    },
    /// A session-host request on connection `id`.
    SessionHost { id: ConnId, action: SessionHostAction },
    /// A dorm-room request on connection `id`.
    Dorm { id: ConnId, action: DormAction },
    /// A request to The Space on connection `id`.
    Space { id: ConnId, action: SpaceAction },
    /// A file exchange session request on connection `id`.
    FileExchange { id: ConnId, action: FileExchangeAction },
    /// Send the file at `path` (read by the backend) on connection `id`, to `target`: a
    /// room in The Space, the server's file id being answered in a file exchange session.
    SendFile { id: ConnId, path: String, target: String },
    /// Stop a file that has not been sent yet.
    CancelFile { file_id: String },
    /// Try a failed file again: a sent one is read and sent again; for a received one the
    /// protocol asks the server to repeat it, where it can.
    RetryFile { file_id: String },
    /// Save a received file as `path` (from the save dialog): into that path's folder, under
    /// a cleaned name, never over an existing file.
    SaveFile { file_id: String, path: String },
    /// Open a saved file with the system's default app.
    OpenFile { file_id: String },
    /// Ask for the start of a received file as text (answered by `file_preview`).
    PreviewFile { file_id: String },
    /// Open `count` (1–16) simulated participants beside connection `id` that log in and
    /// join `session_key`; their connection ids are `<id>/sim-<n>`, named `Simulated <n>`,
    /// with `n` never reused.
    SimulateParticipants { id: ConnId, session_key: String, count: u8 },
    /// Load the saved servers (answered by `profiles`).
    ListProfiles,
    /// Add or replace a saved server.
    SaveProfile { profile: Profile },
    /// Remove a saved server and its token.
    RemoveProfile { id: String },
    /// Store a token for a profile in the OS keyring.
    SaveToken { profile: String, token: String },
    /// Remove a profile's token from the keyring.
    DeleteToken { profile: String },
    /// Ask whether a token is stored (answered by `token_state`; the token itself never leaves).
    TokenState { profile: String },
}

/// The state of one connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnState {
    Connecting { attempt: u32 },
    /// `sid`: the socket's id from the server's CONNECT answer; `engine`: the Engine.IO
    /// version the server speaks (3 or 4); `transport`: `websocket` or `polling` (sent again
    /// after an upgrade); `recovered`: the server restored the session after a drop
    /// (connection state recovery), so nothing sent meanwhile was lost.
    Connected {
        #[ts(optional)]
        sid: Option<String>,
        #[serde(default)]
        #[ts(optional)]
        engine: Option<u8>,
        #[serde(default)]
        #[ts(optional)]
        transport: Option<String>,
        #[serde(default)]
        #[ts(optional, as = "Option<bool>")]
        recovered: bool,
    },
    Reconnecting {
        attempt: u32,
        #[ts(type = "number")]
        delay_ms: u64,
    },
    /// `reason` in words; empty when the person asked for the disconnect.
    Disconnected { reason: String },
}

/// Which way an event went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Direction {
    In,
    Out,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
        args: Vec<Value>,
        /// The server waits for an answer to this event: `ack_reply` with this number.
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        ack: Option<u64>,
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
        args: Vec<Value>,
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
    /// A session-host server's answer on connection `id`.
    SessionHost { id: ConnId, update: SessionHostUpdate },
    /// A dorm-room server's answer on connection `id`.
    Dorm { id: ConnId, update: DormUpdate },
    /// The Space's answer on connection `id`.
    Space { id: ConnId, update: SpaceUpdate },
    /// A file exchange server's answer on connection `id`.
    FileExchange { id: ConnId, update: FileExchangeUpdate },
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
}
