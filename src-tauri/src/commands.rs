//! The window's two commands: send an `Action`, and subscribe to batches of `Update`s.

use switchboard_core::api::Profile;
use switchboard_core::{Action, Error};
use tauri::ipc::Channel;
use tauri::State;

use crate::AppState;

/// Carry out one action; its results arrive as updates on the channel.
#[tauri::command]
pub async fn dispatch(state: State<'_, AppState>, action: Action) -> Result<(), Error> {
    state.core.dispatch(action).await
}

/// Deliver every update from now on to `channel` (a reloaded window subscribes again),
/// and answer with the saved servers, so the window draws them without a second round
/// trip at start. They are read after the channel is set: a change made meanwhile is
/// in the answer or comes on the channel, never lost.
#[tauri::command]
pub async fn subscribe(state: State<'_, AppState>, channel: Channel) -> Result<Vec<Profile>, Error> {
    state.updates.set_channel(channel);
    switchboard_core::profiles::load().await
}
