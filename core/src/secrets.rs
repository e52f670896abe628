//! Tokens live in the OS keyring (Secret Service, Keychain, Credential Manager) and nowhere
//! else. Keyring calls block (D-Bus round trips), so they run off the async threads.

use crate::error::{Error, Result};

const SERVICE: &str = "app.switchboard.desktop";

fn entry(profile: &str) -> Result<keyring::Entry> {
    if profile.trim().is_empty() {
        return Err(Error::Keyring("the profile name is empty".into()));
    }
    keyring::Entry::new(SERVICE, profile).map_err(describe)
}

fn describe(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(inner) => Error::Keyring(format!(
            "the keyring is not available (is a Secret Service such as gnome-keyring running and unlocked?): {inner}"
        )),
        keyring::Error::PlatformFailure(inner) => Error::Keyring(format!("the keyring failed: {inner}")),
        other => Error::Keyring(other.to_string()),
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| Error::Keyring(format!("the keyring task failed: {e}")))?
}

/// Store (or replace) the token of `profile`.
pub async fn save_token(profile: String, token: String) -> Result<()> {
    if token.is_empty() {
        return Err(Error::Keyring("the token is empty".into()));
    }
    blocking(move || entry(&profile)?.set_password(&token).map_err(describe)).await
}

/// The token of `profile`, or `None` when none is stored.
pub async fn read_token(profile: String) -> Result<Option<String>> {
    blocking(move || match entry(&profile)?.get_password() {
        Ok(t) => Ok(Some(t)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(describe(e)),
    })
    .await
}

/// Forget the token of `profile` (no error when there was none).
pub async fn delete_token(profile: String) -> Result<()> {
    blocking(move || match entry(&profile)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(describe(e)),
    })
    .await
}
