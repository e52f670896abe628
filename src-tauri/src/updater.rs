//! Updates: the window asks (at start, at most once a day, unless turned off in its
//! settings) whether a newer release exists, offers it in words, and installs it when the
//! person says so. Under the end-to-end tests (`SWITCHBOARD_NO_UPDATE_CHECK=1`) no request
//! leaves the machine.

use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_updater::{Update, UpdaterExt};

/// The update found by the last check, kept for `install_update`.
#[derive(Default)]
pub struct Pending(Mutex<Option<Update>>);

/// What the window shows of an available update.
#[derive(Serialize)]
pub struct Offer {
    version: String,
    notes: Option<String>,
}

fn checks_off() -> bool {
    std::env::var_os("SWITCHBOARD_NO_UPDATE_CHECK").is_some_and(|v| v == "1")
}

/// A newer release, or `None`; an error in words when the check failed.
#[tauri::command]
pub async fn check_update(app: AppHandle, pending: State<'_, Pending>) -> Result<Option<Offer>, String> {
    if checks_off() {
        return Ok(None);
    }
    let update = app.updater().map_err(|e| e.to_string())?.check().await.map_err(|e| e.to_string())?;
    let offer = update.as_ref().map(|u| Offer { version: u.version.clone(), notes: u.body.clone() });
    if let Ok(mut slot) = pending.0.lock() {
        *slot = update;
    }
    Ok(offer)
}

/// Download and install the update found by the last check, then restart.
#[tauri::command]
pub async fn install_update(app: AppHandle, pending: State<'_, Pending>) -> Result<(), String> {
    let update = pending.0.lock().ok().and_then(|mut slot| slot.take());
    let update = update.ok_or("there is no update to install: check again")?;
    update.download_and_install(|_, _| {}, || {}).await.map_err(|e| e.to_string())?;
    app.restart()
}
