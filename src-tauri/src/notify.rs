//! Desktop notifications, for what happens while the window is in the background (the
//! window decides what is worth one, and respects the person's settings).

use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// Show a notification; an error in words when the desktop has no notification service.
#[tauri::command]
pub fn notify(app: AppHandle, title: String, body: String) -> Result<(), String> {
    app.notification().builder().title(plain(&title)).body(plain(&body)).show().map_err(|e| e.to_string())
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
