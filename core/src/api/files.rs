//! What the window knows of a file sent or received: its name, size, who, when, its
//! SHA-256 and where it stands. The content itself never goes to the window.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::connection::ConnId;

/// Which way a file went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileDirection {
    Sent,
    Received,
}

/// Where a file stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum FileState {
    /// Being read and encoded: `done` of `total` bytes.
    Reading {
        #[ts(type = "number")]
        done: u64,
        #[ts(type = "number")]
        total: u64,
    },
    /// Handed to the connection; waiting for the server to confirm (or to come back online).
    /// While it streams out, `done` of `total` bytes of its message are on their way
    /// (`total` 0: not known, as on a connection without the relay).
    Sending {
        #[ts(type = "number")]
        done: u64,
        #[ts(type = "number")]
        total: u64,
    },
    /// The server confirmed it (or the protocol has no confirmation and it went out).
    Sent,
    /// Arrived and decoded intact.
    Received,
    /// Could not be sent, or arrived damaged; Retry is offered.
    Failed { reason: String },
    /// The person cancelled it before it went out.
    Cancelled,
}

/// One file sent or received on a connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileInfo {
    /// The backend's id for this file (unique in the app's run).
    pub file_id: String,
    pub conn: ConnId,
    pub direction: FileDirection,
    /// The name as the sender gave it: shown as text, cleaned only when saved.
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(optional)]
    pub mime: Option<String>,
    /// Who sent it (`None` for one's own files).
    #[ts(optional)]
    pub sender: Option<String>,
    /// Milliseconds since the epoch.
    #[ts(optional, as = "Option<f64>")]
    pub time: Option<u64>,
    /// Lowercase hex SHA-256 of the bytes, once they are known.
    #[ts(optional)]
    pub sha256: Option<String>,
    #[serde(flatten)]
    pub state: FileState,
    /// Where it was saved (received files, after Save).
    #[ts(optional)]
    pub saved_path: Option<String>,
    /// Whether it can be previewed as text.
    pub is_text: bool,
    /// What the protocol sends it to or for (a room, a server file id).
    pub target: String,
}
