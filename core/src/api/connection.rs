//! A connection: its options, its saved form (a profile) and its state.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

pub use super::protocols::Protocol;

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

/// The state of one connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum ConnState {
    Connecting {
        attempt: u32,
    },
    /// `sid`: the socket's id from the server's CONNECT answer; `engine`: the Engine.IO
    /// version the server speaks (3 or 4); `transport`: `websocket` or `polling` (sent again
    /// after an upgrade); `recovered`: the server restored the session after a drop
    /// (connection state recovery), so nothing sent meanwhile was lost; `upgraded`: this is
    /// the same connection moved to a new transport (polling to WebSocket), not a new one.
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
        #[serde(default)]
        #[ts(optional, as = "Option<bool>")]
        upgraded: bool,
    },
    /// `reason`: why the last attempt failed or the connection was lost, in words.
    Reconnecting {
        attempt: u32,
        #[ts(type = "number")]
        delay_ms: u64,
        #[serde(default)]
        #[ts(optional)]
        reason: Option<String>,
    },
    /// `reason` in words; empty when the person asked for the disconnect.
    Disconnected {
        reason: String,
    },
}

/// Which way an event went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Direction {
    In,
    Out,
}
