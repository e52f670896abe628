//! The Tauri shell: commands, the update channel, plugins. No protocol logic lives here;
//! everything goes through `switchboard_core::Core`.

mod commands;
mod updates;

use switchboard_core::{api::Profile, ConnectionOptions, Core};
use tauri::Manager;

/// What the commands share.
pub struct AppState {
    pub core: Core,
    pub updates: updates::Forwarder,
}

/// `SWITCHBOARD_DEMO_URL` (set by `make run` and the end-to-end tests) lists a local demo
/// server so the app is useful with no server of one's own.
async fn add_demo_server(core: &Core) {
    let Ok(url) = std::env::var("SWITCHBOARD_DEMO_URL") else { return };
    let profile = Profile {
        id: "demo".into(),
        name: "Local demo server".into(),
        options: ConnectionOptions { url, ..Default::default() },
    };
    core.dispatch_reporting(switchboard_core::Action::SaveProfile { profile }).await;
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let (sink, forwarder) = updates::start();
            app.manage(AppState { core: Core::new(sink), updates: forwarder });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                add_demo_server(&handle.state::<AppState>().core).await;
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::dispatch, commands::subscribe])
        .build(tauri::generate_context!("tauri.conf.json"))
        .expect("error while building the Switchboard window")
        .run(|handle, event| {
            if let tauri::RunEvent::ExitRequested { .. } = event {
                let state = handle.state::<AppState>();
                tauri::async_runtime::block_on(state.core.shutdown());
            }
        });
}
