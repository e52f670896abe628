//! Chaos: a real server killed and restarted again and again while the client emits acked
//! events at a steady rate, over WebSocket and over polling. Every acked emit must end
//! exactly once, by its `ack` or its `ack_timeout` (none lost, none twice), and every
//! reconnect must be reported. `CHAOS_RESTARTS` sets the number of restarts (3 in
//! `make test`; `make chaos` runs 20 and prints the figures).

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use switchboard_core::{ConnState, Transport, Update};

/// How an acked emit ended.
#[derive(Debug, Default, Clone, Copy)]
struct Ends {
    acks: u32,
    timeouts: u32,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acked_emits_survive_server_restarts() {
    let restarts: usize = std::env::var("CHAOS_RESTARTS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    for transport in [Transport::Websocket, Transport::Polling] {
        let server = Server::start(Kind::Python, &[]);
        let mut h = Harness::new();
        let mut o = options(server.url("/"));
        o.transport = transport;
        h.connect("c", o).await;
        h.connected("c").await;

        let note = |u: &Update, ends: &mut HashMap<u64, Ends>, connects: &mut u32| match u {
            Update::Ack { emit_id, .. } => ends.entry(*emit_id).or_default().acks += 1,
            Update::AckTimeout { emit_id, .. } => ends.entry(*emit_id).or_default().timeouts += 1,
            Update::Connection { state: ConnState::Connected { .. }, .. } => *connects += 1,
            _ => {}
        };
        // The server goes down and comes back `restarts` times: each time the client is back
        // and has emitted for a while, the next restart (off the async threads: it waits for
        // the new server to listen).
        let mut server = Some(server);
        let mut restarting: Option<tokio::task::JoinHandle<Server>> = None;
        let mut next_restart = Some(Instant::now() + Duration::from_millis(600));
        let mut restarted = 0usize;
        // One acked emit every 20 ms until the last reconnect, then the last answers.
        let mut ends: HashMap<u64, Ends> = HashMap::new();
        let mut connects = 0u32;
        let mut sent = 0u64;
        let mut tick = tokio::time::interval(Duration::from_millis(20));
        let give_up = Instant::now() + WAIT + Duration::from_secs(10) * restarts as u32;
        while connects < restarts as u32 {
            assert!(Instant::now() < give_up, "{transport:?}: {restarted} restarts, {connects} reconnects: stuck");
            tokio::select! {
                _ = tick.tick() => {
                    sent += 1;
                    h.emit_ack("c", "ack_echo", vec![json!(sent)], sent, 3000).await;
                    if next_restart.is_some_and(|at| Instant::now() >= at) && restarted < restarts {
                        if let Some(mut s) = server.take() {
                            next_restart = None;
                            restarting = Some(tokio::task::spawn_blocking(move || {
                                s.restart();
                                s
                            }));
                        }
                    }
                }
                done = async { restarting.as_mut().expect("guarded").await }, if restarting.is_some() => {
                    server = Some(done.expect("the restart"));
                    restarting = None;
                    restarted += 1;
                }
                Some(u) = h.updates.recv() => {
                    if matches!(u, Update::Connection { state: ConnState::Connected { .. }, .. }) {
                        next_restart = Some(Instant::now() + Duration::from_millis(600));
                    }
                    note(&u, &mut ends, &mut connects);
                }
            }
        }
        let deadline = Instant::now() + WAIT;
        while ends.len() < sent as usize && Instant::now() < deadline {
            if let Ok(Some(u)) = tokio::time::timeout(Duration::from_millis(500), h.updates.recv()).await {
                note(&u, &mut ends, &mut connects);
            }
        }
        let lost: Vec<u64> = (1..=sent).filter(|i| !ends.contains_key(i)).collect();
        let twice: Vec<u64> = ends.iter().filter(|(_, e)| e.acks + e.timeouts > 1).map(|(i, _)| *i).collect();
        let acked = ends.values().filter(|e| e.acks == 1 && e.timeouts == 0).count();
        let timed_out = ends.values().filter(|e| e.timeouts == 1 && e.acks == 0).count();
        println!(
            "CHAOS {{\"transport\":\"{transport:?}\",\"restarts\":{restarts},\"sent\":{sent},\"acked\":{acked},\"timed_out\":{timed_out},\"lost\":{},\"twice\":{},\"reconnects\":{}}}",
            lost.len(),
            twice.len(),
            connects
        );
        assert!(lost.is_empty(), "{transport:?}: emits with no ack and no timeout: {lost:?}");
        assert!(twice.is_empty(), "{transport:?}: emits that ended twice: {twice:?}");
        assert!(acked > 0, "{transport:?}: nothing was acked");
        assert_eq!((restarted, connects as usize), (restarts, restarts), "{transport:?}: every reconnect is reported");
        drop(server);
    }
}
