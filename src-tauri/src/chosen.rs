//! The file dialogs and drops. The window never names a path itself: it asks for a dialog
//! here, and the paths the person picks (or drops on the window) are recorded in the core
//! before the window sees them, so only those can be sent or saved.

use std::path::PathBuf;

use tauri::{AppHandle, DragDropEvent, State};
use tauri_plugin_dialog::{DialogExt, FilePath};
use tokio::sync::oneshot;

use crate::AppState;

/// Files the person picks to send (or, with `extensions`, a certificate to read); empty
/// when cancelled.
#[tauri::command]
pub async fn choose_files(
    app: AppHandle,
    state: State<'_, AppState>,
    title: String,
    multiple: bool,
    filter: Option<(String, Vec<String>)>,
) -> Result<Vec<String>, ()> {
    if let Some(path) = e2e_open_file() {
        state.core.chosen().chose_to_send([path.clone()]);
        return Ok(vec![path.display().to_string()]);
    }
    let (tx, rx) = oneshot::channel();
    let mut dialog = app.dialog().file().set_title(title);
    if let Some((name, extensions)) = &filter {
        let extensions: Vec<&str> = extensions.iter().map(String::as_str).collect();
        dialog = dialog.add_filter(name, &extensions);
    }
    if multiple {
        dialog.pick_files(|paths| drop(tx.send(paths.unwrap_or_default())));
    } else {
        dialog.pick_file(|path| drop(tx.send(path.into_iter().collect())));
    }
    let paths: Vec<PathBuf> = rx.await.unwrap_or_default().into_iter().filter_map(local).collect();
    state.core.chosen().chose_to_send(paths.iter().cloned());
    Ok(paths.iter().map(|p| p.display().to_string()).collect())
}

/// Where the person saves a received file offered as `name`; `None` when cancelled.
#[tauri::command]
pub async fn choose_save_path(
    app: AppHandle,
    state: State<'_, AppState>,
    title: String,
    name: String,
) -> Result<Option<String>, ()> {
    let path = match e2e_save_folder() {
        Some(folder) => Some(folder.join(&name)),
        None => {
            let (tx, rx) = oneshot::channel();
            app.dialog().file().set_title(title).set_file_name(name).save_file(|path| drop(tx.send(path)));
            rx.await.ok().flatten().and_then(local)
        }
    };
    if let Some(path) = &path {
        state.core.chosen().chose_to_save(path.clone());
    }
    Ok(path.map(|p| p.display().to_string()))
}

/// Files dropped on the window: the person chose them.
pub fn dropped(state: &AppState, event: &DragDropEvent) {
    if let DragDropEvent::Drop { paths, .. } = event {
        state.core.chosen().chose_to_send(paths.iter().cloned());
    }
}

/// The end-to-end tests cannot drive a native dialog or a desktop drag, so a debug build
/// started with `SWITCHBOARD_E2E=1` lets them say which files "the person chose". A release
/// build refuses always.
fn e2e() -> bool {
    cfg!(debug_assertions) && std::env::var_os("SWITCHBOARD_E2E").is_some_and(|v| v == "1")
}

/// Under the end-to-end tests (as `e2e_choose`), a save dialog answers at once with its
/// suggested name in the folder `SWITCHBOARD_E2E_SAVE_TO`, when that is set.
fn e2e_save_folder() -> Option<PathBuf> {
    e2e().then(|| std::env::var_os("SWITCHBOARD_E2E_SAVE_TO")).flatten().map(PathBuf::from)
}

/// Under the end-to-end tests, an open dialog answers at once with the file
/// `SWITCHBOARD_E2E_OPEN`, when that is set.
fn e2e_open_file() -> Option<PathBuf> {
    e2e().then(|| std::env::var_os("SWITCHBOARD_E2E_OPEN")).flatten().map(PathBuf::from)
}

#[tauri::command]
pub fn e2e_choose(state: State<'_, AppState>, paths: Vec<String>) -> Result<(), String> {
    if !e2e() {
        return Err("only in a debug build under the end-to-end tests".into());
    }
    state.core.chosen().chose_to_send(paths.iter().map(PathBuf::from));
    Ok(())
}

fn local(path: FilePath) -> Option<PathBuf> {
    path.into_path().ok()
}
