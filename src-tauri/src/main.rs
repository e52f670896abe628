// A release build on Windows opens no console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Not mimalloc as in switchboard-cli: with it the app lost the web view's last
// localStorage writes at exit (a language chosen just before closing came back changed).
fn main() {
    switchboard_app::run()
}
