//! File exchange sessions' requests and answers (translated in `protocol/file_exchange.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum FileExchangeAction {
    Start,
    Abort,
    /// Send the app's recent log lines (tokens redacted) to the server.
    SendLogs,
}

/// How an answer to a server file stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum AnswerState {
    /// Sent (or waiting to be sent); the server has not confirmed it yet.
    Answering,
    Answered,
    Failed {
        reason: String,
    },
}

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[ts(export)]
pub enum SessionEnd {
    /// Every file was answered.
    Finish,
    /// A file waited longer than the limit; `missing` names it when known.
    TimeoutClose {
        #[ts(optional)]
        missing: Option<String>,
    },
    /// The person stopped it.
    Aborted,
    /// Another reason the server gave.
    Other { text: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum FileExchangeUpdate {
    /// The server refused the token (it then closes the connection).
    AuthError {
        message: String,
    },
    Started {
        session_id: String,
    },
    /// After a dropped connection: `resumed` says whether the server took the session back.
    Resumed {
        session_id: String,
        resumed: bool,
        #[ts(optional)]
        message: Option<String>,
    },
    /// A server file arrived (again, when `repeat`); its details are in the `file` update.
    FileAvailable {
        server_file_id: String,
        file_id: String,
        /// When it first arrived, for the countdown (ms since the epoch).
        #[ts(type = "number")]
        since: u64,
        repeat: bool,
    },
    /// The answer to server file `server_file_id` (our sent file `file_id`).
    Answer {
        server_file_id: String,
        file_id: String,
        #[serde(flatten)]
        state: AnswerState,
    },
    Ended {
        end: SessionEnd,
    },
    LogsSent,
    /// The server reported an error that answers no request of ours.
    Error {
        message: String,
    },
}
