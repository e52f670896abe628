//! The Space's requests and answers (translated in `protocol/space.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum SpaceAction {
    Join {
        room: String,
        username: String,
    },
    Leave {
        room: String,
    },
    Message {
        room: String,
        text: String,
    },
    ListUsers {
        room: String,
    },
    /// Send a failed message again (files: `Action::RetryFile`).
    Retry {
        key: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpaceUser {
    pub username: String,
    #[ts(optional)]
    pub sid: Option<String>,
}

/// Where a chat entry stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum EntryStatus {
    /// Sent by me, not confirmed yet.
    Pending,
    /// Sent by me and confirmed by the server.
    Confirmed,
    /// Sent by me and refused or never confirmed; Retry is offered.
    Failed { reason: String },
    /// Someone else's.
    Received,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum EntryBody {
    Text {
        text: String,
    },
    /// A file: its details are in the `file` update with this `file_id`.
    File {
        file_id: String,
    },
}

/// One line of a room's chat. Sent again whenever it changes; `key` stays the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChatEntry {
    pub key: String,
    pub room: String,
    pub username: String,
    pub mine: bool,
    /// Milliseconds since the epoch (the server's time once known).
    #[ts(optional, as = "Option<f64>")]
    pub time: Option<u64>,
    #[serde(flatten)]
    pub status: EntryStatus,
    pub body: EntryBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum SpaceUpdate {
    /// The server's `connected` greeting.
    Welcome {
        #[ts(optional)]
        sid: Option<String>,
        #[ts(optional)]
        message: Option<String>,
    },
    Joined {
        room: String,
        #[ts(optional)]
        users: Option<Vec<SpaceUser>>,
    },
    Left {
        room: String,
    },
    UserJoined {
        room: String,
        user: SpaceUser,
    },
    UserLeft {
        room: String,
        user: SpaceUser,
    },
    Users {
        room: String,
        users: Vec<SpaceUser>,
    },
    Entry {
        entry: ChatEntry,
    },
    /// The server reported an error that answers no request of ours (or one the window
    /// did not ask, such as a rejoin after a reconnect).
    Error {
        message: String,
    },
}
