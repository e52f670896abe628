//! Why the saved servers could not be read or written.

use std::sync::Arc;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ProfilesError {
    #[error("the OS has no config directory")]
    NoConfigDir,
    #[error("{path} is damaged: {source}")]
    Damaged { path: String, source: Arc<serde_json::Error> },
    #[error("{path}: {source}")]
    Io { path: String, source: Arc<std::io::Error> },
    #[error("the saved servers could not be written as JSON: {0}")]
    Encode(#[source] Arc<serde_json::Error>),
}

impl ProfilesError {
    /// For `map_err`: an I/O failure on the file at `path`.
    pub fn io(path: impl Into<String>) -> impl FnOnce(std::io::Error) -> ProfilesError {
        let path = path.into();
        move |source| ProfilesError::Io { path, source: Arc::new(source) }
    }
}
