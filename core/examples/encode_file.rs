//! `make bench`: read and base64-encode a file as a send would, and report the peak memory
//! of the process against the file's size (the aim: under about 3 copies of the file).
//!     cargo run --release -p switchboard-core --example encode_file -- FILE

use std::time::Instant;

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib * 1024)
}

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: encode_file FILE");
        return std::process::ExitCode::from(2);
    };
    let started = Instant::now();
    let before = peak_rss_bytes().unwrap_or(0);
    match switchboard_core::files::read::encode(path.as_ref(), u64::MAX, |_, _| true) {
        Ok((encoded, sha)) => {
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let peak = peak_rss_bytes().unwrap_or(0);
            println!(
                "{{\"file_bytes\":{size},\"encoded_bytes\":{},\"peak_rss_bytes\":{peak},\"baseline_rss_bytes\":{before},\"copies\":{:.2},\"seconds\":{:.3},\"sha256\":\"{sha}\"}}",
                encoded.len(),
                peak.saturating_sub(before) as f64 / size.max(1) as f64,
                started.elapsed().as_secs_f64()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
