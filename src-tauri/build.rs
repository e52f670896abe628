fn main() {
    // The config sits at the top of the repository next to the app's Cargo.toml,
    // the capabilities beside the shell's sources.
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"))
        .expect("failed to run tauri-build");
}
