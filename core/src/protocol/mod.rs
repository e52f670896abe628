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

use crate::api::{Protocol, ProtocolRequest};
use crate::error::{Error, Result};
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

/// What a request's protocol would refuse, refused before it reaches the connection: a
/// field it cannot send, or no token where the protocol puts one in every request.
pub fn check(request: &ProtocolRequest, has_token: bool) -> Result<()> {
    match request {
        ProtocolRequest::SessionHost(a) => session_host::emit_for(a.clone()).map(drop),
        ProtocolRequest::Dorm(_) if !has_token => {
            Err(Error::BadRequest("this server needs a token for that: add one in the server's settings".into()))
        }
        ProtocolRequest::Dorm(a) => dorm::validate(a),
        ProtocolRequest::Space(a) => space::validate(a),
        ProtocolRequest::FileExchange(_) => Ok(()),
    }
}
