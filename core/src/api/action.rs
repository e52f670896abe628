//! What the person asks for.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::connection::{ConnId, ConnectionOptions, Profile};
use super::history::{ExportFormat, HistoryLimits, HistoryQuery, SavedMessage};
use super::protocols::ProtocolRequest;

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
    /// A request to the server of connection `id`, in its protocol's words (the protocols
    /// are listed in `api/protocols.rs`): `{"type": "request", "id": …, "request_id": 7,
    /// "protocol": "space", "action": {…}}`.
    Request {
        id: ConnId,
        /// Chosen by the caller: the `answer` update that ends this request carries it.
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        request_id: Option<u64>,
        #[serde(flatten)]
        request: ProtocolRequest,
    },
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
    /// Look through server `id`'s history (answered by `history`, with `request_id`).
    History {
        id: ConnId,
        #[serde(default)]
        #[ts(optional, as = "Option<f64>")]
        request_id: Option<u64>,
        #[serde(default)]
        query: HistoryQuery,
    },
    /// Forget server `id`'s history (answered by `history_cleared`).
    ClearHistory { id: ConnId },
    /// Write what `query` finds in server `id`'s history (all of it, oldest first) to
    /// `path` (from the save dialog); answered by `history_exported`.
    ExportHistory {
        id: ConnId,
        #[serde(default)]
        query: HistoryQuery,
        format: ExportFormat,
        path: String,
    },
    /// How much history each server keeps from now on.
    SetHistoryLimits { limits: HistoryLimits },
    /// Server `id`'s saved messages (answered by `saved_messages`).
    SavedMessages { id: ConnId },
    /// Keep an emit in server `id`'s collection (a new one when its id is empty, else
    /// replacing the one with that id); answered by `saved_messages`.
    SaveMessage { id: ConnId, message: SavedMessage },
    /// Remove a saved message of server `id`; answered by `saved_messages`.
    RemoveSavedMessage { id: ConnId, message_id: String },
    /// Write the saved servers and their saved messages (never a token) as one JSON file at
    /// `path` (from the save dialog); answered by `setup_exported`.
    ExportSetup { path: String },
    /// Add the servers and saved messages of a file written by `export_setup` (chosen in
    /// the file dialog); answered by `setup_imported` and `profiles`.
    ImportSetup { path: String },
}
