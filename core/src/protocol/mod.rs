//! Server protocols: one module each, every one a `Translator` (see `translator.rs`), and
//! the one place that says which translator serves which `Protocol`. Adding a protocol:
//! docs/ARCHITECTURE.md, "Adding a protocol".

pub mod asked;
pub mod console;
pub mod dorm;
pub mod file_exchange;
pub mod session_host;
pub mod space;
pub mod translator;

use std::sync::Arc;

use crate::api::Protocol;
use crate::files::store::FileStore;
pub use translator::{Context, Emit, ProtocolAction, Reaction, Translator};

/// The translator for a connection's protocol. `token` is the connection's keyring token,
/// for protocols that put it in requests.
pub fn translator_for(
    protocol: &Protocol,
    token: Option<String>,
    files: Arc<FileStore>,
    max_file_bytes: u64,
) -> Box<dyn Translator> {
    match protocol {
        Protocol::Console => Box::new(console::Console),
        Protocol::SessionHost { simulated } => Box::new(session_host::SessionHost::new(simulated.clone())),
        Protocol::Dorm => Box::new(dorm::Dorm::new(token)),
        Protocol::Space => Box::new(space::Space::new(files, max_file_bytes)),
        Protocol::FileExchange { .. } => Box::new(file_exchange::FileExchange::new(files, max_file_bytes)),
    }
}
