//! Switchboard's own Engine.IO (v3, v4) and Socket.IO (v4, v5) client, on tokio.
//!
//! Written from the protocol specifications (socketio/engine.io-protocol and
//! socketio/socket.io-protocol). A [`Client`] is one connection to one namespace: it
//! connects over WebSocket, long-polling or polling upgraded to WebSocket, reconnects
//! with backoff, keeps emits made offline, matches any number of acks, answers the
//! server's ack requests, and streams large events instead of copying them.

pub mod backlog;
pub mod client;
pub mod engine;
pub mod error;
pub mod event;
pub mod extract;
pub mod flood;
pub mod json;
pub mod lenient;
pub mod options;
pub mod packet;
mod session;
pub mod stream;

pub use client::Client;
pub use engine::packet::EngineVersion;
pub use error::{Error, Result};
pub use event::{AckFailure, CloseReason, Emit, Event};
pub use json::Json;
pub use options::{Options, Reconnection, Tls, Transport, Version};
