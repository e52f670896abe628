//! Chaos: a real server killed and restarted again and again while the client sends at a
//! steady rate, over WebSocket and over polling: acked emits to the console's echo server,
//! and chat messages to The Space (whose server forgets its rooms at each restart). Every
//! request must end exactly once — an emit by its `ack` or its `ack_timeout`, a message by
//! its answer (confirmed, or failed in words) — none lost, none twice; a message never
//! reaches the room twice; every reconnect is reported. `CHAOS_RESTARTS` sets the number of
//! restarts (3 in `make test`; `make chaos` runs 20 and prints the figures).

mod common;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use switchboard_core::api::space::{EntryBody, EntryStatus, SpaceAction, SpaceUpdate};
use switchboard_core::api::{ProtocolRequest, ProtocolUpdate};
use switchboard_core::{Action, ConnState, Protocol, Transport, Update};

/// What is sent, and how its ends are read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Load {
    /// Acked emits to the echo server.
    Console,
    /// Chat messages in a room of The Space, watched by a second member.
    Space,
}

/// How one request ended.
#[derive(Debug, Default, Clone, Copy)]
struct Ends {
    done: u32,
    failed: u32,
}

#[derive(Default)]
struct Tally {
    ends: HashMap<u64, Ends>,
    connects: u32,
    /// The Space: the keys under which the watching member saw each message text.
    seen: HashMap<String, HashSet<String>>,
}

impl Tally {
    fn note(&mut self, load: Load, u: &Update) {
        match (load, u) {
            (Load::Console, Update::Ack { emit_id, .. }) => self.ends.entry(*emit_id).or_default().done += 1,
            (Load::Console, Update::AckTimeout { emit_id, .. }) => self.ends.entry(*emit_id).or_default().failed += 1,
            (Load::Space, Update::Answer { id, request_id, error }) if id == "c" => {
                let end = self.ends.entry(*request_id).or_default();
                match error {
                    None => end.done += 1,
                    Some(_) => end.failed += 1,
                }
            }
            (Load::Space, Update::Protocol { id, update: ProtocolUpdate::Space(SpaceUpdate::Entry { entry }) })
                if id == "watch" =>
            {
                if let (EntryBody::Text { text }, EntryStatus::Received) = (&entry.body, &entry.status) {
                    self.seen.entry(text.clone()).or_default().insert(entry.key.clone());
                }
            }
            (_, Update::Connection { id, state: ConnState::Connected { .. } }) if id == "c" => self.connects += 1,
            _ => {}
        }
    }
}

async fn join(h: &mut Harness, id: &str) {
    h.dispatch(Action::Request {
        id: id.into(),
        request_id: None,
        request: ProtocolRequest::Space(SpaceAction::Join { room: "lobby".into(), username: id.into() }),
    })
    .await;
    h.wait_for("joined", |u| match u {
        Update::Protocol { id: i, update: ProtocolUpdate::Space(SpaceUpdate::Joined { .. }) } if i == id => Some(()),
        _ => None,
    })
    .await;
}

async fn send(h: &Harness, load: Load, n: u64) {
    match load {
        Load::Console => h.emit_ack("c", "ack_echo", vec![json!(n)], n, 3000).await,
        Load::Space => {
            let action = SpaceAction::Message { room: "lobby".into(), text: format!("message {n}") };
            // Refused at once only if the connection is gone, which it never is here.
            h.dispatch(Action::Request { id: "c".into(), request_id: Some(n), request: ProtocolRequest::Space(action) })
                .await
        }
    }
}

async fn chaos(load: Load, transport: Transport, restarts: usize) {
    let kind = match load {
        Load::Console => Kind::Python,
        Load::Space => Kind::Space,
    };
    let server = Server::start(kind, &[]);
    let mut h = Harness::new();
    let mut o = options(server.url("/"));
    o.transport = transport;
    if load == Load::Space {
        o.protocol = Protocol::Space;
        h.connect("watch", o.clone()).await;
        h.connected("watch").await;
        join(&mut h, "watch").await;
    }
    h.connect("c", o).await;
    h.connected("c").await;
    if load == Load::Space {
        join(&mut h, "c").await;
    }

    // The server goes down and comes back `restarts` times: each time the client is back
    // and has sent for a while, the next restart (off the async threads: it waits for the
    // new server to listen).
    let mut server = Some(server);
    let mut restarting: Option<tokio::task::JoinHandle<Server>> = None;
    let mut next_restart = Some(Instant::now() + Duration::from_millis(600));
    let mut restarted = 0usize;
    // One request every 20 ms until the last reconnect, then the last answers.
    let mut tally = Tally::default();
    let mut sent = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    let give_up = Instant::now() + WAIT + Duration::from_secs(10) * restarts as u32;
    while tally.connects < restarts as u32 {
        assert!(
            Instant::now() < give_up,
            "{load:?} {transport:?}: {restarted} restarts, {} reconnects: stuck",
            tally.connects
        );
        tokio::select! {
            _ = tick.tick() => {
                sent += 1;
                send(&h, load, sent).await;
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
                if matches!(&u, Update::Connection { id, state: ConnState::Connected { .. } } if id == "c") {
                    next_restart = Some(Instant::now() + Duration::from_millis(600));
                }
                tally.note(load, &u);
            }
        }
    }
    // The Space times a request out after 15 s of silence (CONFIRM_MS); its last answers may take that long.
    let deadline = Instant::now() + WAIT + Duration::from_secs(if load == Load::Space { 20 } else { 0 });
    while tally.ends.len() < sent as usize && Instant::now() < deadline {
        if let Ok(Some(u)) = tokio::time::timeout(Duration::from_millis(500), h.updates.recv()).await {
            tally.note(load, &u);
        }
    }
    let lost: Vec<u64> = (1..=sent).filter(|i| !tally.ends.contains_key(i)).collect();
    let twice: Vec<u64> = tally.ends.iter().filter(|(_, e)| e.done + e.failed > 1).map(|(i, _)| *i).collect();
    let done = tally.ends.values().filter(|e| e.done == 1 && e.failed == 0).count();
    let failed = tally.ends.values().filter(|e| e.failed == 1 && e.done == 0).count();
    let shown_twice: Vec<&String> = tally.seen.iter().filter(|(_, keys)| keys.len() > 1).map(|(t, _)| t).collect();
    println!(
        "CHAOS {{\"load\":\"{load:?}\",\"transport\":\"{transport:?}\",\"restarts\":{restarts},\"sent\":{sent},\"acked\":{done},\"timed_out\":{failed},\"lost\":{},\"twice\":{},\"watched\":{},\"delivered_twice\":{},\"reconnects\":{}}}",
        lost.len(),
        twice.len(),
        tally.seen.len(),
        shown_twice.len(),
        tally.connects
    );
    assert!(lost.is_empty(), "{load:?} {transport:?}: requests that never ended: {lost:?}");
    assert!(twice.is_empty(), "{load:?} {transport:?}: requests that ended twice: {twice:?}");
    assert!(shown_twice.is_empty(), "{load:?} {transport:?}: messages the room got twice: {shown_twice:?}");
    assert!(done > 0, "{load:?} {transport:?}: nothing was answered");
    // The watching member misses what is sent while it is reconnecting itself (slower on
    // a busy machine); what it did see must have come once each.
    assert!(
        load == Load::Console || !tally.seen.is_empty(),
        "{load:?} {transport:?}: the watching member saw no message"
    );
    assert_eq!(
        (restarted, tally.connects as usize),
        (restarts, restarts),
        "{load:?} {transport:?}: every reconnect is reported"
    );
    drop(server);
}

fn restarts() -> usize {
    std::env::var("CHAOS_RESTARTS").ok().and_then(|s| s.parse().ok()).unwrap_or(3)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acked_emits_survive_server_restarts() {
    for transport in [Transport::Websocket, Transport::Polling] {
        chaos(Load::Console, transport, restarts()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn space_messages_survive_server_restarts() {
    for transport in [Transport::Websocket, Transport::Polling] {
        chaos(Load::Space, transport, restarts()).await;
    }
}
