//! Switchboard's core: Socket.IO connections, the backend API, secrets and saved servers.
//! No Tauri and no webview here, so it builds and tests anywhere.

pub mod api;
pub mod applog;
pub mod batch;
pub mod connection;
pub mod core;
pub mod error;
pub mod files;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzz;
pub mod history;
pub mod jsonl;
pub mod profiles;
pub mod protocol;
pub mod redact;
pub mod secrets;
pub mod setup;
pub mod sink;
pub mod time;
pub mod update_line;
pub mod write_pace;

pub use self::core::Core;
pub use api::{Action, ConnState, ConnectionOptions, Direction, KeyValue, Profile, Protocol, Transport, Update};
pub use error::{Error, Result};
