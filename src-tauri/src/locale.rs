//! The OS language, for the window: WebKitGTK's `navigator.language` stays en-US whatever
//! the desktop's language is, so the shell asks the OS.

/// The OS locale as a BCP 47 tag ("ru-RU", "zh-CN"), or `None` when the OS does not say.
#[tauri::command]
pub fn system_locale() -> Option<String> {
    sys_locale::get_locale()
}
