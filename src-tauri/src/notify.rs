//! Desktop notifications, for what happens while the window is in the background (the
//! window decides what is worth one, and respects the person's settings).

use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// Show a notification; an error in words when the desktop has no notification service.
#[tauri::command]
pub fn notify(app: AppHandle, title: String, body: String) -> Result<(), String> {
    app.notification().builder().title(title).body(body).show().map_err(|e| e.to_string())
}
