//! How the web view draws. On Linux with no GPU, WebKitGTK composites through Mesa's
//! software GL (llvmpipe), which under a flood of console events took most of the
//! window's frames (make bench-ui, 10,000 events/s: 25 frames/s, 28% of the time blocked
//! over 50 ms; drawn on the CPU instead: 81 frames/s, under 1%). So where there is no GPU
//! render node, WebKitGTK is asked to draw on the CPU, unless the person chose already.

/// Call first, before the web view and any other thread exist.
pub fn choose() {
    #[cfg(target_os = "linux")]
    {
        const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        if std::env::var_os(VAR).is_none() && !has_gpu(std::path::Path::new("/dev/dri")) {
            std::env::set_var(VAR, "1");
        }
    }
}

/// Whether `dri` (the DRM device folder) holds a render node such as `renderD128`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn has_gpu(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::has_gpu;

    #[test]
    fn a_gpu_is_a_render_node_in_the_dri_folder() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        assert!(!has_gpu(&dir.path().join("missing")), "no folder: no GPU");
        assert!(!has_gpu(dir.path()), "an empty folder: no GPU");
        std::fs::write(dir.path().join("card0"), b"").expect("card0");
        assert!(!has_gpu(dir.path()), "a display card alone renders nothing");
        std::fs::write(dir.path().join("renderD128"), b"").expect("renderD128");
        assert!(has_gpu(dir.path()));
    }
}
