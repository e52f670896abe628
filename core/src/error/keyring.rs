//! Why the OS keyring could not keep or give a token.

use std::sync::Arc;

#[derive(Debug, Clone, thiserror::Error)]
pub enum KeyringError {
    /// `what` (the profile name, the token) was empty.
    #[error("the {0} is empty")]
    Empty(&'static str),
    #[error("the keyring is not available (is a Secret Service such as gnome-keyring running and unlocked?): {0}")]
    Unavailable(#[source] Arc<keyring::Error>),
    #[error("the keyring failed: {0}")]
    Failed(#[source] Arc<keyring::Error>),
    /// The blocking task that called the keyring stopped.
    #[error("the keyring task failed: {0}")]
    Task(#[source] Arc<tokio::task::JoinError>),
}

impl From<keyring::Error> for KeyringError {
    fn from(e: keyring::Error) -> Self {
        match e {
            keyring::Error::NoStorageAccess(_) => KeyringError::Unavailable(Arc::new(e)),
            other => KeyringError::Failed(Arc::new(other)),
        }
    }
}
