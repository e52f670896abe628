//! `make bench`: the memory of one large event on a console connection (no protocol):
//! sending a string of N MiB (until the server's ack) and receiving one (until the event is
//! shown), each as the peak RSS above the process's baseline, in copies of the string.
//!     cargo run --release -p switchboard-core --example console_copies -- URL [websocket|polling] [MIB]

use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_core::{Action, ConnState, ConnectionOptions, Core, Direction, Transport, Update};

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or("");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Start a new peak: the kernel's high-water mark goes back to the present RSS.
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kib("VmRSS:") * 1024
}

fn peak() -> u64 {
    status_kib("VmHWM:") * 1024
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(url) = args.first().cloned() else {
        eprintln!("usage: console_copies URL [websocket|polling] [MIB]");
        return std::process::ExitCode::from(2);
    };
    let transport = match args.get(1).map(String::as_str) {
        Some("polling") => Transport::Polling,
        _ => Transport::Websocket,
    };
    let mib: usize = args.get(2).and_then(|m| m.parse().ok()).unwrap_or(100);
    let size = mib << 20;
    let (sink, mut updates) = tokio::sync::mpsc::unbounded_channel();
    // The window's sink: very long strings are cut in the events it shows.
    let core = Core::new(switchboard_core::sink::Sink::from(sink).cutting_long_strings());
    let options =
        ConnectionOptions { url, transport, max_file_bytes: Some(1 << 30), reconnect: false, ..Default::default() };
    let id = "bench".to_string();
    let run = async {
        core.dispatch(Action::Connect { id: id.clone(), options }).await.map_err(|e| e.to_string())?;
        let (mut send_base, mut started) = (0u64, Instant::now());
        let mut sent = None;
        let mut recv_base = 0u64;
        while let Some(update) = updates.recv().await {
            match update {
                Update::Connection { state: ConnState::Connected { .. }, .. } if sent.is_none() && send_base == 0 => {
                    send_base = reset_peak();
                    started = Instant::now();
                    let big = "x".repeat(size);
                    let emit = Action::Emit {
                        id: id.clone(),
                        event: "count_acks".into(),
                        // Moved, not copied (`json!` would clone it).
                        args: vec![serde_json::Value::String(big)],
                        ack: true,
                        emit_id: Some(1),
                        ack_timeout_ms: Some(300_000),
                    };
                    core.dispatch(emit).await.map_err(|e| e.to_string())?;
                }
                Update::Ack { emit_id: 1, .. } => {
                    sent = Some((peak().saturating_sub(send_base), started.elapsed().as_secs_f64()));
                    // Let the sent string go before the next measurement starts.
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    recv_base = reset_peak();
                    started = Instant::now();
                    let ask = Action::Emit {
                        id: id.clone(),
                        event: "emit_text".into(),
                        args: vec![json!({"size": size})],
                        ack: false,
                        emit_id: None,
                        ack_timeout_ms: None,
                    };
                    core.dispatch(ask).await.map_err(|e| e.to_string())?;
                }
                Update::Event { direction: Direction::In, event, .. } if event == "text" => {
                    let received = (peak().saturating_sub(recv_base), started.elapsed().as_secs_f64());
                    return Ok((sent.unwrap_or_default(), received));
                }
                Update::AckTimeout { .. } => return Err("the server did not acknowledge the large event".to_string()),
                Update::Connection { state: ConnState::Disconnected { reason }, .. } => return Err(reason),
                Update::Error { error, .. } => return Err(error.to_string()),
                _ => {}
            }
        }
        Err("the update channel closed".to_string())
    };
    let outcome = tokio::time::timeout(Duration::from_secs(600), run).await;
    core.shutdown().await;
    let name = if transport == Transport::Polling { "polling" } else { "websocket" };
    match outcome {
        Ok(Ok(((sp, ss), (rp, rs)))) => {
            println!(
                "{{\"transport\":\"{name}\",\"string_bytes\":{size},\"send_copies\":{:.2},\"send_seconds\":{ss:.2},\"receive_copies\":{:.2},\"receive_seconds\":{rs:.2}}}",
                sp as f64 / size as f64,
                rp as f64 / size as f64
            );
            std::process::ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("console_copies: {e}");
            std::process::ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("console_copies: no answer within 600 s");
            std::process::ExitCode::FAILURE
        }
    }
}
