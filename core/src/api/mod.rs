//! The whole backend API: what the person asks (`Action`) and what happened (`Update`).
//! The window (over Tauri IPC) and `switchboard-cli` (over JSON lines) speak exactly these.
//! TypeScript types are generated from them (`cargo test -p switchboard-core export_bindings`).
//!
//! One file per concern; the protocols and the rest of core import these, never the other
//! way (`scripts/check-imports.py` keeps it so).

pub mod action;
pub mod connection;
pub mod dorm;
pub mod file_exchange;
pub mod files;
pub mod history;
pub mod protocols;
pub mod session_host;
pub mod space;
pub mod update;

pub use action::Action;
pub use connection::{
    ConnId, ConnState, ConnectionOptions, Direction, KeyValue, Profile, Protocol, ServerVersion, Transport,
};
pub use protocols::{ProtocolRequest, ProtocolUpdate};
pub use update::Update;
