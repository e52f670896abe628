//! Desktop notifications, for what happens while the window is in the background (the
//! window decides what is worth one, and respects the person's settings). Clicking one
//! brings the window forward on the server it is about: on Linux through the freedesktop
//! service's "default" action; the plugin used elsewhere offers no click on the desktop.

use tauri::AppHandle;

/// What the window hears when a notification about server `conn` is clicked.
#[cfg(target_os = "linux")]
const CLICKED: &str = "notification-clicked";

/// Show a notification about server `conn`; an error in words when the desktop has no
/// notification service.
#[tauri::command]
pub fn notify(app: AppHandle, title: String, body: String, conn: Option<String>) -> Result<(), String> {
    show(app, plain(&title), plain(&body), conn)
}

#[cfg(target_os = "linux")]
fn show(app: AppHandle, title: String, body: String, conn: Option<String>) -> Result<(), String> {
    use tauri::{Emitter, Manager};

    let handle = notify_rust::Notification::new()
        .appname(&app.package_info().name)
        .summary(&title)
        .body(&body)
        .action("default", "Show")
        .show()
        .map_err(|e| e.to_string())?;
    // The service answers when it is clicked or closed; a thread waits for that (few are
    // open at once: the window tells about one conversation every few seconds at most).
    std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || {
            handle.wait_for_action(|action| {
                if action != "default" {
                    return;
                }
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                }
                if let Some(conn) = conn {
                    let _ = app.emit(CLICKED, conn);
                }
            })
        })
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(not(target_os = "linux"))]
fn show(app: AppHandle, title: String, body: String, _conn: Option<String>) -> Result<(), String> {
    use tauri_plugin_notification::NotificationExt;
    app.notification().builder().title(title).body(body).show().map_err(|e| e.to_string())
}

/// Freedesktop notification servers may read the body as markup; text from a server must
/// show as the characters it is.
fn plain(text: &str) -> String {
    if cfg!(target_os = "linux") {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn markup_shows_as_text() {
        assert_eq!(super::plain("<b>hi</b> & bye"), "&lt;b&gt;hi&lt;/b&gt; &amp; bye");
    }
}
