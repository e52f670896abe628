//! Why a connection could not be made: in words for the person, with the cause kept.

use std::sync::Arc;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ConnectError {
    /// The Socket.IO client gave up; `words` say why as a person reads it.
    #[error("{words}")]
    Client {
        words: String,
        #[source]
        source: socketio::Error,
    },
    /// Reading a server's certificate (to show its fingerprint): the network failed.
    #[error("{what}: {source}")]
    Network { what: String, source: Arc<std::io::Error> },
    /// Reading a server's certificate: TLS failed.
    #[error("{what}: {source}")]
    Tls { what: String, source: Arc<native_tls::Error> },
    /// Said in words, with no cause beyond (or the cause's words already redacted).
    #[error("{0}")]
    Refused(String),
}

impl ConnectError {
    /// For `map_err`: a network failure of `what` ("127.0.0.1:443").
    pub fn network(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> ConnectError {
        let what = what.into();
        move |source| ConnectError::Network { what, source: Arc::new(source) }
    }

    /// For `map_err`: a TLS failure of `what`.
    pub fn tls(what: impl Into<String>) -> impl FnOnce(native_tls::Error) -> ConnectError {
        let what = what.into();
        move |source| ConnectError::Tls { what, source: Arc::new(source) }
    }
}
