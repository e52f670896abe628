//! Errors are values. `Error` is what the window and the CLI see, serialized as
//! `{"kind": "...", "message": "..."}` and shown in words. The errors of connecting, files,
//! the keyring and the saved servers are enums of their own that keep their cause
//! (`std::error::Error::source`), and `?` turns them into `Error` (`#[from]`).

mod connect;
mod file;
mod history;
mod keyring;
mod profiles;

use serde::Serialize;
use ts_rs::TS;

pub use self::keyring::KeyringError;
pub use connect::ConnectError;
pub use file::FileError;
pub use history::HistoryError;
pub use profiles::ProfilesError;

#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, TS)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
#[ts(export)]
pub enum Error {
    #[error("The server address is not valid: {0}")]
    InvalidUrl(String),
    #[error("The option is not valid: {0}")]
    InvalidOption(String),
    #[error("Could not connect: {0}")]
    Connect(
        #[from]
        #[ts(type = "string")]
        ConnectError,
    ),
    #[error("There is no connection named “{0}”")]
    UnknownConnection(String),
    #[error("Not connected: {0}")]
    NotConnected(String),
    #[error("Could not send: {0}")]
    Send(String),
    #[error("The request is not valid: {0}")]
    BadRequest(String),
    #[error("The OS keyring failed: {0}")]
    Keyring(
        #[from]
        #[ts(type = "string")]
        KeyringError,
    ),
    #[error("The file could not be used: {0}")]
    File(
        #[from]
        #[ts(type = "string")]
        FileError,
    ),
    #[error("The saved servers could not be read or written: {0}")]
    Profiles(
        #[from]
        #[ts(type = "string")]
        ProfilesError,
    ),
    #[error("The history could not be read or written: {0}")]
    History(
        #[from]
        #[ts(type = "string")]
        HistoryError,
    ),
}

impl Error {
    /// The words the window shows (the `message` it receives, without the kind's lead).
    pub fn words(&self) -> String {
        match self {
            Error::InvalidUrl(m)
            | Error::InvalidOption(m)
            | Error::UnknownConnection(m)
            | Error::NotConnected(m)
            | Error::Send(m)
            | Error::BadRequest(m) => m.clone(),
            Error::Connect(e) => e.to_string(),
            Error::Keyring(e) => e.to_string(),
            Error::File(e) => e.to_string(),
            Error::Profiles(e) => e.to_string(),
            Error::History(e) => e.to_string(),
        }
    }

    /// A file refused by a rule, in words (a folder, a link, too large, …).
    pub fn file(words: impl Into<String>) -> Error {
        Error::File(FileError::Refused(words.into()))
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The errors with a cause are compared, and serialized, by their words.
macro_rules! by_words {
    ($($t:ty),*) => {$(
        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.to_string() == other.to_string()
            }
        }

        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}
by_words!(ConnectError, FileError, KeyringError, ProfilesError, HistoryError);

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn the_window_sees_kind_and_words() {
        let e = Error::file("x is a folder; only files can be sent");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "file", "message": "x is a folder; only files can be sent"})
        );
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let e = Error::from(FileError::io("a.txt cannot be opened")(io));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "file", "message": "a.txt cannot be opened: No such file"})
        );
    }

    #[test]
    fn the_cause_is_kept() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::from(ProfilesError::io("/x/profiles.json")(io));
        let profiles = e.source().expect("the profiles error");
        let cause = profiles.source().expect("the io error");
        assert_eq!(cause.to_string(), "denied");
    }
}
