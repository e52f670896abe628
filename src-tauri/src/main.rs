// A release build on Windows opens no console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The system allocator, not switchboard-cli's mimalloc: the window's flood path is not
// measured with it yet (bench-ui), and the CLI's gain was about 7% CPU per event.
fn main() {
    switchboard_app::run()
}
