//! The window's two commands: send an `Action`, and subscribe to batches of `Update`s.

use switchboard_core::{Action, Error};
use tauri::ipc::Channel;
use tauri::State;

use crate::AppState;

/// Carry out one action; its results arrive as updates on the channel.
#[tauri::command]
pub async fn dispatch(state: State<'_, AppState>, action: Action) -> Result<(), Error> {
    state.core.dispatch(action).await
}

/// Deliver every update from now on to `channel` (a reloaded window subscribes again).
#[tauri::command]
pub fn subscribe(state: State<'_, AppState>, channel: Channel) {
    state.updates.set_channel(channel);
}
