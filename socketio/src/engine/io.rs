//! What passes between the Socket.IO layer and the engine, and between the engine and its
//! transports.

use super::packet::{Data, Packet};

/// Reports how far a large message has gone out: (bytes done, bytes in all).
pub type Progress = Box<dyn Fn(u64, u64) + Send + Sync>;

/// What the Socket.IO layer sends through the engine.
pub enum Out {
    Packet(Packet),
    Large {
        text: crate::stream::LargeText,
        progress: Option<Progress>,
    },
    /// Close the session (a CLOSE packet goes to the server).
    Close,
}

/// What the engine tells the Socket.IO layer.
#[derive(Debug)]
pub enum EngineEvent {
    Message(Data),
    /// The transport now in use, after an upgrade.
    Upgraded(&'static str),
    /// The session ended (the server closed it, the transport failed, or the heartbeat stopped).
    Closed(String),
}
