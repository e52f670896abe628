//! The console's history: every event in and out of every server, kept in SQLite across
//! restarts, searched, exported; and the saved messages of each server.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::connection::Direction;

/// What a row of the history is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HistoryKind {
    /// An event in or out (an ack sent to the server is an outgoing event `ack #N`).
    Event,
    /// The answer to an emit sent with an ack.
    Ack,
    /// No answer came in time to an emit sent with an ack.
    AckTimeout,
    /// The connection changed state (`detail` says to what, and why).
    State,
}

/// One row of a server's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryRow {
    /// The row's number in the history (grows with time; pages are asked `before` one).
    #[ts(type = "number")]
    pub row: u64,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub time: u64,
    pub kind: HistoryKind,
    #[serde(default)]
    #[ts(optional)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub namespace: String,
    /// The event's name (for `ack`/`ack_timeout`, the name of the emit answered).
    #[serde(default)]
    pub event: String,
    /// Binary arguments as `{"$binary": BASE64}`.
    #[serde(default)]
    #[ts(type = "unknown[]")]
    pub args: Vec<Value>,
    /// An incoming event the server wanted an answer to: its ack number.
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub ack: Option<u64>,
    /// An emit sent with an ack, and the ack rows answering it: the caller's emit id.
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub emit_id: Option<u64>,
    /// A state row: the state (`connected`, `reconnecting`, …) and its reason in words.
    #[serde(default)]
    #[ts(optional)]
    pub detail: Option<String>,
    /// An emit with an ack: the row of its answer (or timeout); an answer: its emit's row.
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub linked_row: Option<u64>,
    /// An emit with an ack and its answer: milliseconds between them.
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub round_trip_ms: Option<u64>,
}

/// What to look for in a server's history; every field narrows it, none given is all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryQuery {
    /// Text in the event's name or arguments (three or more characters are looked up in
    /// the full-text index; fewer are matched row by row).
    #[serde(default)]
    #[ts(optional)]
    pub text: Option<String>,
    /// The event's name, exactly.
    #[serde(default)]
    #[ts(optional)]
    pub event: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub direction: Option<Direction>,
    /// Only these kinds (empty: all).
    #[serde(default)]
    pub kinds: Vec<HistoryKind>,
    /// From this time on (ms since the epoch, inclusive).
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub since: Option<u64>,
    /// Up to this time (ms since the epoch, inclusive).
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub until: Option<u64>,
    /// Only rows older than this row (the next page back).
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub before_row: Option<u64>,
    /// At most this many rows (default 500, at most 5,000); the newest that match.
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// How a history is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// One JSON object per line (a `HistoryRow`).
    Jsonl,
    /// A header line, then one line per row; the arguments as JSON text.
    Csv,
}

/// How much history each server keeps; the oldest rows go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryLimits {
    #[ts(type = "number")]
    pub max_events: u64,
    #[ts(type = "number")]
    pub max_bytes: u64,
}

impl Default for HistoryLimits {
    fn default() -> Self {
        Self { max_events: 1_000_000, max_bytes: 1 << 30 }
    }
}

/// An emit kept in a server's collection, sent again with one click.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedMessage {
    /// Chosen by the backend when saved with an empty id.
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub event: String,
    #[serde(default)]
    #[ts(type = "unknown[]")]
    pub args: Vec<Value>,
    #[serde(default)]
    pub ack: bool,
    #[serde(default)]
    #[ts(optional, as = "Option<f64>")]
    pub ack_timeout_ms: Option<u64>,
}
