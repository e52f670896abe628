//! Why a file could not be read, decoded, saved or opened.

use std::sync::Arc;

#[derive(Debug, Clone, thiserror::Error)]
pub enum FileError {
    /// The system refused an operation on a path; `what` says which, in words.
    #[error("{what}: {source}")]
    Io { what: String, source: Arc<std::io::Error> },
    /// The content is not valid base64.
    #[error("the file's content is not valid base64 ({0})")]
    Base64(#[from] base64::DecodeError),
    /// A rule refused it (a link, a folder, too large, already sent, …).
    #[error("{0}")]
    Refused(String),
}

impl FileError {
    /// For `map_err`: an I/O failure of `what` ("x cannot be opened").
    pub fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> FileError {
        let what = what.into();
        move |source| FileError::Io { what, source: Arc::new(source) }
    }
}
