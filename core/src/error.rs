//! Errors are values: one enum, shown to the person in words, serialized for the window
//! as `{"kind": "...", "message": "..."}`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
#[ts(export)]
pub enum Error {
    #[error("The server address is not valid: {0}")]
    InvalidUrl(String),
    #[error("The option is not valid: {0}")]
    InvalidOption(String),
    #[error("Could not connect: {0}")]
    Connect(String),
    #[error("There is no connection named “{0}”")]
    UnknownConnection(String),
    #[error("Not connected: {0}")]
    NotConnected(String),
    #[error("Could not send: {0}")]
    Send(String),
    #[error("The request is not valid: {0}")]
    BadRequest(String),
    #[error("The OS keyring failed: {0}")]
    Keyring(String),
    #[error("The file could not be used: {0}")]
    File(String),
    #[error("The saved servers could not be read or written: {0}")]
    Profiles(String),
}

pub type Result<T> = std::result::Result<T, Error>;
