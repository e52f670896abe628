//! Tokens live in the OS keyring (Secret Service, Keychain, Credential Manager) and nowhere
//! else. Keyring calls block (D-Bus round trips), so they run off the async threads.

use crate::error::{KeyringError, Result};

const SERVICE: &str = "app.switchboard.desktop";

fn entry(profile: &str) -> Result<keyring::Entry> {
    if profile.trim().is_empty() {
        return Err(KeyringError::Empty("profile name").into());
    }
    Ok(keyring::Entry::new(SERVICE, profile).map_err(KeyringError::from)?)
}

/// One keyring call at a time from this process: the Secret Service daemon was seen to drop
/// off the bus under a burst of parallel calls (gnome-keyring, "NoReply"), and a person's
/// app never needs two at once.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(move || {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        f()
    })
    .await
    .map_err(|e| KeyringError::Task(std::sync::Arc::new(e)))?
}

/// Store (or replace) the token of `profile`.
pub async fn save_token(profile: String, token: String) -> Result<()> {
    if token.is_empty() {
        return Err(KeyringError::Empty("token").into());
    }
    blocking(move || Ok(entry(&profile)?.set_password(&token).map_err(KeyringError::from)?)).await
}

/// The token of `profile`, or `None` when none is stored.
pub async fn read_token(profile: String) -> Result<Option<String>> {
    blocking(move || match entry(&profile)?.get_password() {
        Ok(t) => Ok(Some(t)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(KeyringError::from(e).into()),
    })
    .await
}

/// Forget the token of `profile` (no error when there was none).
pub async fn delete_token(profile: String) -> Result<()> {
    blocking(move || match entry(&profile)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(KeyringError::from(e).into()),
    })
    .await
}
