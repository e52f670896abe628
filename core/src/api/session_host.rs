//! The session host protocol's requests and answers (translated in `protocol/session_host.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the person asks of a session-host server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum SessionHostAction {
    Login {
        name: String,
    },
    Logout,
    CreateSession,
    JoinSession {
        session_key: String,
    },
    /// Start the session (HOST only).
    Start {
        session_key: String,
    },
}

/// What a session-host server told us.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum SessionHostUpdate {
    /// `role` as the server names it (`HOST`, `CLIENT` or a default role).
    LoggedIn {
        name: String,
        role: String,
    },
    LoggedOut,
    /// The session this connection created; it is now its HOST.
    SessionKey {
        session_key: String,
    },
    /// Someone joined the session (sent to every member, the joiner included).
    UserConnected {
        name: String,
    },
    /// The session was started (`session_key` when the server says which).
    Started {
        #[ts(optional)]
        session_key: Option<String>,
    },
    /// The server reported an error that answers no request of ours, in its words.
    Error {
        message: String,
    },
}

/// Who a simulated participant is and which session it joins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Simulated {
    pub name: String,
    pub session_key: String,
}
