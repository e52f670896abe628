//! `make bench`: send a file through a real server as the app does (read, encode, put in a
//! The Space `send_file` event, or answer a file exchange session's first file with it, and
//! emit) and report the peak memory of the process against the file's size, and the time
//! until the server confirmed it. With `--receive`, join The Space's room and wait for a
//! file instead (FILE is not read; "JOINED" on stderr says when to send), reporting the
//! memory of receiving it.
//!     cargo run --release -p switchboard-core --example send_file -- URL FILE [--file-exchange TOKEN | --receive]

use std::time::{Duration, Instant};

use switchboard_core::api::file_exchange::{FileExchangeAction, FileExchangeUpdate};
use switchboard_core::api::files::FileState;
use switchboard_core::api::space::{SpaceAction, SpaceUpdate};
use switchboard_core::api::{ProtocolRequest, ProtocolUpdate};
use switchboard_core::{Action, ConnState, ConnectionOptions, Core, KeyValue, Protocol, Update};

fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kib| kib * 1024)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: send_file URL FILE [--file-exchange TOKEN | --receive]");
        return std::process::ExitCode::from(2);
    };
    // The token goes in the query as the file exchange server reads it (no keyring here).
    let mut receive = false;
    let exchange_token = match (args.next().as_deref(), args.next()) {
        (Some("--file-exchange"), Some(token)) => Some(token),
        (Some("--receive"), None) => {
            receive = true;
            None
        }
        (None, _) => None,
        _ => {
            eprintln!("usage: send_file URL FILE [--file-exchange TOKEN | --receive]");
            return std::process::ExitCode::from(2);
        }
    };
    let (sink, mut updates) = tokio::sync::mpsc::unbounded_channel();
    let core = Core::new(sink);
    let mut options =
        ConnectionOptions { url, protocol: Protocol::Space, max_file_bytes: Some(1 << 30), ..Default::default() };
    // BENCH_TRANSPORT=websocket|polling measures one transport (default: polling, then WebSocket).
    match std::env::var("BENCH_TRANSPORT").as_deref() {
        Ok("websocket") => options.transport = switchboard_core::Transport::Websocket,
        Ok("polling") => options.transport = switchboard_core::Transport::Polling,
        _ => {}
    }
    if let Some(token) = &exchange_token {
        options.protocol = Protocol::FileExchange { answer_limit_secs: None };
        options.query.push(KeyValue { key: "token".into(), value: token.clone() });
    }
    let id = "bench".to_string();
    let step = |what: &str, r: switchboard_core::Result<()>| r.map_err(|e| format!("{what}: {e}"));
    let run = async {
        step("connect", core.dispatch(Action::Connect { id: id.clone(), options }).await)?;
        let name = if receive { "receiver" } else { "bench" };
        let join = SpaceAction::Join { room: "bench".into(), username: name.into() };
        let mut joined = false;
        let mut started = None;
        let before = peak_rss_bytes().unwrap_or(0);
        while let Some(update) = updates.recv().await {
            match update {
                Update::Connection { state: ConnState::Connected { .. }, .. } if !joined => {
                    joined = true;
                    let first = match exchange_token {
                        Some(_) => Action::Request {
                            id: id.clone(),
                            request_id: None,
                            request: ProtocolRequest::FileExchange(FileExchangeAction::Start),
                        },
                        None => Action::Request {
                            id: id.clone(),
                            request_id: None,
                            request: ProtocolRequest::Space(join.clone()),
                        },
                    };
                    step("join", core.dispatch(first).await)?;
                }
                Update::Protocol {
                    update: ProtocolUpdate::FileExchange(FileExchangeUpdate::FileAvailable { server_file_id, .. }),
                    ..
                } if started.is_none() => {
                    started = Some(Instant::now());
                    let send = Action::SendFile { id: id.clone(), path: path.clone(), target: server_file_id };
                    step("answer", core.dispatch(send).await)?;
                }
                Update::Protocol { update: ProtocolUpdate::Space(SpaceUpdate::Joined { .. }), .. }
                    if receive && started.is_none() =>
                {
                    started = Some(Instant::now());
                    eprintln!("JOINED");
                }
                Update::File { file } if receive && file.state == FileState::Received => {
                    let seconds = started.map(|s| s.elapsed().as_secs_f64()).unwrap_or(0.0);
                    return Ok((file.size, before, seconds));
                }
                Update::Protocol { update: ProtocolUpdate::Space(SpaceUpdate::Joined { .. }), .. }
                    if started.is_none() =>
                {
                    started = Some(Instant::now());
                    let send = Action::SendFile { id: id.clone(), path: path.clone(), target: "bench".into() };
                    step("send", core.dispatch(send).await)?;
                }
                Update::File { file } if file.state == FileState::Sent => {
                    let seconds = started.map(|s| s.elapsed().as_secs_f64()).unwrap_or(0.0);
                    return Ok((file.size, before, seconds));
                }
                Update::File { file } if matches!(file.state, FileState::Failed { .. }) => {
                    return Err(format!("the send failed: {:?}", file.state));
                }
                Update::Error { error, .. } => return Err(error.to_string()),
                _ => {}
            }
        }
        Err("the update channel closed".to_string())
    };
    let outcome = tokio::time::timeout(Duration::from_secs(300), run).await;
    core.shutdown().await;
    match outcome {
        Ok(Ok((size, before, seconds))) => {
            let peak = peak_rss_bytes().unwrap_or(0);
            println!(
                "{{\"file_bytes\":{size},\"peak_rss_bytes\":{peak},\"baseline_rss_bytes\":{before},\"copies\":{:.2},\"seconds\":{seconds:.3}}}",
                peak.saturating_sub(before) as f64 / size.max(1) as f64
            );
            std::process::ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("send_file: {e}");
            std::process::ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("send_file: no confirmation within 300 s");
            std::process::ExitCode::FAILURE
        }
    }
}
