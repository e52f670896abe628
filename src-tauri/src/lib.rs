//! The Tauri shell: commands, the update channel, plugins. No protocol logic lives here;
//! everything goes through `switchboard_core::Core`.

mod chosen;
mod commands;
mod locale;
mod notify;
mod rendering;
mod updater;
mod updates;

use switchboard_core::{api::Profile, Action, ConnectionOptions, Core, Protocol, Transport};
use tauri::Manager;

/// What the commands share.
pub struct AppState {
    pub core: Core,
    pub updates: updates::Forwarder,
}

/// Demo servers started by `make run` (and the end-to-end tests) are listed from the
/// environment, so the app is useful with no server of one's own:
/// `SWITCHBOARD_DEMO_URL` (the echo server, console), `SWITCHBOARD_DEMO_SESSION_HOST_URL`,
/// `SWITCHBOARD_DEMO_DORM_URL` (signed in as the seed's `tok-alice`), `SWITCHBOARD_DEMO_SPACE_URL`
/// and `SWITCHBOARD_DEMO_FILE_EXCHANGE_URL` (token `tok-pku`, websocket only as the original).
async fn add_demo_servers(core: &Core) {
    let demos = [
        ("SWITCHBOARD_DEMO_URL", "demo", "Local demo server", Protocol::Console, None),
        (
            "SWITCHBOARD_DEMO_SESSION_HOST_URL",
            "demo-session-host",
            "Demo: session host",
            Protocol::SessionHost { simulated: None },
            None,
        ),
        ("SWITCHBOARD_DEMO_DORM_URL", "demo-dorm", "Demo: dorm room (alice)", Protocol::Dorm, Some("tok-alice")),
        ("SWITCHBOARD_DEMO_SPACE_URL", "demo-space", "Demo: The Space", Protocol::Space, None),
        (
            "SWITCHBOARD_DEMO_FILE_EXCHANGE_URL",
            "demo-file-exchange",
            "Demo: file exchange",
            Protocol::FileExchange { answer_limit_secs: None },
            Some("tok-pku"),
        ),
    ];
    for (var, id, name, protocol, token) in demos {
        let Ok(url) = std::env::var(var) else { continue };
        if let Some(token) = token {
            core.dispatch_reporting(Action::SaveToken { profile: id.into(), token: token.into() }).await;
        }
        let transport = match protocol {
            Protocol::FileExchange { .. } => Transport::Websocket,
            _ => Transport::Any,
        };
        let options = ConnectionOptions {
            url,
            transport,
            protocol,
            token_profile: token.map(|_| id.to_owned()),
            ..Default::default()
        };
        let profile = Profile { id: id.into(), name: name.into(), options };
        core.dispatch_reporting(Action::SaveProfile { profile }).await;
    }
}

/// The history's file, in the app's data folder.
fn history_path(app: &tauri::App) -> tauri::Result<std::path::PathBuf> {
    Ok(app.path().app_data_dir()?.join("history.sqlite3"))
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    rendering::choose();
    tauri::Builder::default()
        // First: a second launch only brings the running window forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(updater::Pending::default())
        .setup(|app| {
            let (sink, forwarder) = updates::start();
            let mut core = Core::only_chosen_paths(sink);
            match history_path(app) {
                Ok(path) => match switchboard_core::history::History::open(&path) {
                    Ok(history) => core = core.with_history(history),
                    // The app still works without it; the console says so when asked.
                    Err(e) => switchboard_core::applog::record(format!("history: {e}")),
                },
                Err(e) => switchboard_core::applog::record(format!("history: no data folder: {e}")),
            }
            app.manage(AppState { core, updates: forwarder });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                add_demo_servers(&handle.state::<AppState>().core).await;
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(drop) = event {
                chosen::dropped(&window.state::<AppState>(), drop);
            }
        })
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(drop) = event {
                chosen::dropped(&webview.state::<AppState>(), drop);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::dispatch,
            commands::subscribe,
            chosen::choose_files,
            chosen::choose_save_path,
            chosen::e2e_choose,
            locale::system_locale,
            updater::check_update,
            updater::install_update,
            notify::notify,
        ])
        .build(tauri::generate_context!("tauri.conf.json"))
        .expect("error while building the Switchboard window")
        .run(|handle, event| {
            if let tauri::RunEvent::ExitRequested { .. } = event {
                let state = handle.state::<AppState>();
                tauri::async_runtime::block_on(state.core.shutdown());
            }
        });
}
