//! Why the history (or the saved messages) could not be read or written.

use std::sync::Arc;

#[derive(Debug, Clone, thiserror::Error)]
pub enum HistoryError {
    /// SQLite refused; `what` says what was being done, in words.
    #[error("{what}: {source}")]
    Sqlite { what: String, source: Arc<rusqlite::Error> },
    /// A file (the database's folder, an export, an import) could not be used.
    #[error("{what}: {source}")]
    Io { what: String, source: Arc<std::io::Error> },
    /// This run keeps no history (the CLI without `--history`).
    #[error("this run keeps no history")]
    Off,
    /// A file to import is not one `export_setup` wrote.
    #[error("{0}")]
    NotASetup(String),
}

impl HistoryError {
    /// For `map_err`: SQLite failed while doing `what`.
    pub fn sqlite(what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> HistoryError {
        let what = what.into();
        move |source| HistoryError::Sqlite { what, source: Arc::new(source) }
    }

    /// For `map_err`: a file failed while doing `what`.
    pub fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> HistoryError {
        let what = what.into();
        move |source| HistoryError::Io { what, source: Arc::new(source) }
    }
}
