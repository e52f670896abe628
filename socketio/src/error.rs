//! Errors are values: each says in words what went wrong, and serializes for a UI.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum Error {
    /// The address or an option cannot be used.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// The server could not be reached or did not speak Engine.IO.
    #[error("{0}")]
    Connect(String),
    /// TLS failed (certificate, handshake); the TLS library's words follow.
    #[error("TLS: {0}")]
    Tls(String),
    /// The server sent something that is not Engine.IO / Socket.IO.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// A message is over the connection's size limit.
    #[error("{0}")]
    TooLarge(String),
    /// The transport failed after the connection was open.
    #[error("{0}")]
    Transport(String),
    /// The client has stopped (disconnected for good).
    #[error("the connection has ended")]
    Ended,
}

pub type Result<T> = std::result::Result<T, Error>;

/// An error with its causes: libraries often put the useful part in a source.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

/// A TLS failure is told apart from other connect errors (a UI may offer the certificate).
pub(crate) fn connect_error(text: String) -> Error {
    let lower = text.to_lowercase();
    if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("ssl")
        || lower.contains("handshake failure")
    {
        Error::Tls(text)
    } else {
        Error::Connect(text)
    }
}
