// A release build on Windows opens no console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Events are made on the socket's thread and freed on the history's and the window's,
// which glibc's malloc handles slowly (core/Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    switchboard_app::run()
}
