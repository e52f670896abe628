//! Core against real Socket.IO servers on loopback: python-socketio and Node socket.io.
//! Every option of a connection and every rust_socketio 0.6 workaround is proven here.

mod common;

use common::*;
use serde_json::{json, Value};
use switchboard_core::{Action, ConnState, KeyValue, Transport, Update};

fn bin(bytes: &[u8]) -> Value {
    switchboard_core::connection::payload::binary_value(bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn echo_with_one_and_many_arguments() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        h.emit("c", "echo", vec![json!({"hello": "world"})]).await;
        assert_eq!(h.event("c", "echo").await, vec![json!({"hello": "world"})], "{kind:?}");
        let many = vec![json!(1), json!("two"), json!([3]), json!(null), json!({"five": 5.5})];
        h.emit("c", "echo", many.clone()).await;
        assert_eq!(h.event("c", "echo").await, many, "{kind:?}");
        h.dispatch(Action::Disconnect { id: "c".into() }).await;
        h.wait_for("disconnected", |u| match u {
            Update::Connection { state: ConnState::Disconnected { .. }, .. } => Some(()),
            _ => None,
        })
        .await;
    }
}

/// An event with zero arguments arrives under its own name, with none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zero_argument_events_arrive_under_their_own_name() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        h.emit("c", "echo", vec![]).await;
        assert_eq!(h.event("c", "echo").await, Vec::<Value>::new(), "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_query_auth_and_headers_reach_the_server() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        let mut o = options(server.url("/pku"));
        o.query = vec![KeyValue { key: "room".into(), value: "a b".into() }];
        o.auth = Some(json!({"user": "ann"}));
        o.headers = vec![KeyValue { key: "X-Test".into(), value: "yes".into() }];
        h.connect("c", o).await;
        h.connected("c").await;
        let who = h.whoami("c", 1).await;
        assert_eq!(who["namespace"], "/pku", "{kind:?}: {who}");
        assert_eq!(who["query"]["room"], "a b", "{kind:?}: {who}");
        assert_eq!(who["auth"], json!({"user": "ann"}), "{kind:?}: {who}");
        assert_eq!(who["headers"]["x-test"], "yes", "{kind:?}: {who}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_engine_path() {
    for kind in BOTH {
        let server = Server::start(kind, &["--path", "/custom/"]);
        let mut h = Harness::new();
        let mut o = options(server.url("/"));
        o.path = "/custom".into();
        h.connect("c", o).await;
        h.connected("c").await;
        assert_eq!(h.whoami("c", 1).await["namespace"], "/", "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_only_and_polling_only() {
    for kind in BOTH {
        for (transport, expected, server_flag) in
            [(Transport::Websocket, "websocket", "websocket"), (Transport::Polling, "polling", "polling")]
        {
            // The server allows only this transport, so a wrong choice cannot pass.
            let server = Server::start(kind, &["--transports", server_flag]);
            let mut h = Harness::new();
            let mut o = options(server.url("/"));
            o.transport = transport;
            h.connect("c", o).await;
            h.connected("c").await;
            assert_eq!(h.whoami("c", 1).await["transport"], expected, "{kind:?} {transport:?}");
            h.emit("c", "echo", vec![json!("via"), json!(expected)]).await;
            assert_eq!(h.event("c", "echo").await, vec![json!("via"), json!(expected)]);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_self_signed_refused_by_default_accepted_by_choice() {
    let cert = make_cert();
    let (c, k) = (cert.cert.to_str().unwrap(), cert.key.to_str().unwrap());
    for kind in BOTH {
        let server = Server::start(kind, &["--tls-cert", c, "--tls-key", k]);
        // Refused by default, in words.
        let mut h = Harness::new();
        let mut o = options(server.url("/"));
        o.reconnect = false;
        o.transport = Transport::Websocket;
        h.connect("c", o.clone()).await;
        let reason = h
            .wait_for("refusal", |u| match u {
                Update::Connection { state: ConnState::Disconnected { reason }, .. } => Some(reason.clone()),
                Update::Connection { state: ConnState::Connected { .. }, .. } => {
                    panic!("{kind:?}: connected to an untrusted server")
                }
                _ => None,
            })
            .await;
        assert!(reason.contains("certificate"), "{kind:?}: {reason}");
        // Accepted when the person chooses to accept invalid certificates.
        let mut h = Harness::new();
        let mut accept = o.clone();
        accept.accept_invalid_certs = true;
        h.connect("c", accept).await;
        h.connected("c").await;
        assert_eq!(h.whoami("c", 1).await["namespace"], "/");
        // Accepted when the certificate is given as a CA file.
        let mut h = Harness::new();
        let mut with_ca = o.clone();
        with_ca.ca_file = Some(c.to_owned());
        h.connect("c", with_ca).await;
        h.connected("c").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnects_after_the_server_is_killed_and_restarted() {
    for kind in BOTH {
        let mut server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        server.kill();
        let (attempt, delay, reason) = h
            .wait_for("reconnecting", |u| match u {
                Update::Connection { state: ConnState::Reconnecting { attempt, delay_ms, reason }, .. } => {
                    Some((*attempt, *delay_ms, reason.clone()))
                }
                _ => None,
            })
            .await;
        // 0.5 s ± 50% of jitter for the first retry.
        assert!(attempt >= 1 && delay >= 250, "{attempt} {delay}");
        // While it retries, the state says why.
        let reason = reason.unwrap_or_default();
        assert!(reason.starts_with("the connection was lost"), "{kind:?}: {reason}");
        // Typed while offline: kept in the outbox and sent once back.
        h.emit("c", "echo", vec![json!("while offline")]).await;
        server.restart();
        h.connected("c").await;
        assert_eq!(h.event("c", "echo").await, vec![json!("while offline")], "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_first_connect_is_retried() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut h = Harness::new();
    h.connect("c", options(format!("http://127.0.0.1:{port}/"))).await;
    h.wait_for("a retry", |u| match u {
        Update::Connection { state: ConnState::Reconnecting { .. }, .. } => Some(()),
        _ => None,
    })
    .await;
    let mut server = Server::start(common::Kind::Python, &[]);
    // Bring a server up on the port the client keeps trying.
    server.kill();
    let mut server = {
        let mut s = server;
        s.port = port;
        s.restart();
        s
    };
    h.connected("c").await;
    assert_eq!(h.whoami("c", 7).await["namespace"], "/");
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_disconnect_stops_all_retries() {
    let mut h = Harness::new();
    h.connect("c", options("http://127.0.0.1:9/".into())).await;
    h.wait_for("a retry", |u| match u {
        Update::Connection { state: ConnState::Reconnecting { .. }, .. } => Some(()),
        _ => None,
    })
    .await;
    h.dispatch(Action::Disconnect { id: "c".into() }).await;
    h.wait_for("disconnected", |u| match u {
        Update::Connection { state: ConnState::Disconnected { .. }, .. } => Some(()),
        _ => None,
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    while let Ok(u) = h.updates.try_recv() {
        assert!(!matches!(u, Update::Connection { .. }), "a retry after disconnect: {u:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_says_why_and_stops() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        let mut o = options(server.url("/"));
        o.auth = Some(json!({"token": "bad"}));
        h.connect("c", o).await;
        let reason = h
            .wait_for("refusal", |u| match u {
                Update::Connection { state: ConnState::Disconnected { reason }, .. } => Some(reason.clone()),
                _ => None,
            })
            .await;
        assert!(reason.contains("bad token"), "{kind:?}: {reason}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_events_named_like_builtins_arrive_as_events() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        for name in ["message", "error", "close", "connect", "open"] {
            let args = vec![json!({"from": name}), json!(2)];
            h.emit("c", "emit_named", vec![json!({"name": name, "args": args})]).await;
            assert_eq!(h.event("c", name).await, args, "{kind:?} {name}");
        }
        // A server `error` with a plain string, like a library notice but not one.
        h.emit("c", "emit_named", vec![json!({"name": "error", "args": ["Room is full"]})]).await;
        assert_eq!(h.event("c", "error").await, vec![json!("Room is full")]);
        // And the connection is still alive after all of that.
        assert_eq!(h.whoami("c", 1).await["namespace"], "/");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_both_ways() {
    for kind in BOTH {
        for transport in [Transport::Polling] {
            let server = Server::start(kind, &[]);
            let mut h = Harness::new();
            let mut o = options(server.url("/"));
            o.transport = transport;
            h.connect("c", o).await;
            h.connected("c").await;
            let bytes: Vec<u8> = (0..=255).collect();
            h.emit("c", "echo", vec![bin(&bytes)]).await;
            assert_eq!(h.event("c", "echo").await, vec![bin(&bytes)], "{kind:?} {transport:?}");
            h.emit("c", "emit_binary", vec![json!({"count": 1, "size": 1000})]).await;
            assert_eq!(h.event("c", "binary").await, vec![bin(&[0u8; 1000])], "{kind:?} {transport:?}");
        }
    }
}

/// Binary over WebSocket arrives every time (rust_socketio 0.6 lost frames to a race here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_over_websocket_arrives_every_time() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        let mut o = options(server.url("/"));
        o.transport = Transport::Websocket;
        h.connect("c", o).await;
        h.connected("c").await;
        let bytes: Vec<u8> = (0..=255).collect();
        for round in 0..20 {
            h.emit("c", "echo", vec![bin(&bytes)]).await;
            assert_eq!(h.event("c", "echo").await, vec![bin(&bytes)], "{kind:?} round {round}");
        }
        assert_eq!(h.whoami("c", 1).await["transport"], "websocket", "{kind:?}");
    }
}

/// Binary anywhere in the arguments, several of them, and with an ack: all sent whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_binary_shape_is_sent() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        let mixed = vec![json!({"a": 1, "b": bin(b"x")}), bin(b"y"), json!("t"), bin(&[])];
        h.emit("c", "echo", mixed.clone()).await;
        assert_eq!(h.event("c", "echo").await, mixed, "{kind:?}");
        h.emit_ack("c", "ack_echo", vec![bin(b"z")], 5, 5000).await;
        assert_eq!(h.ack("c", 5).await, vec![bin(b"z")], "{kind:?}");
    }
}

/// A server event with several attachments, mixed with JSON, arrives whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_and_mixed_binary_from_the_server_arrive_whole() {
    for kind in BOTH {
        for transport in [Transport::Polling, Transport::Websocket] {
            let server = Server::start(kind, &[]);
            let mut h = Harness::new();
            let mut o = options(server.url("/"));
            o.transport = transport;
            h.connect("c", o).await;
            h.connected("c").await;
            h.emit("c", "emit_binary", vec![json!({"count": 3, "size": 2})]).await;
            assert_eq!(h.event("c", "binary").await, vec![bin(&[0, 0]), bin(&[1, 1]), bin(&[2, 2])], "{kind:?}");
            h.emit("c", "emit_mixed", vec![]).await;
            assert_eq!(
                h.event("c", "mixed").await,
                vec![json!({"a": 1}), bin(&[1, 2, 3]), json!("text"), bin(&[4, 5])],
                "{kind:?} {transport:?}"
            );
        }
    }
}

/// A server that emits binary right after connect can make rust_socketio drop the
/// connection ("EngineIO Error"); our supervisor reconnects, so the person ends connected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_right_after_connect_ends_connected() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        let mut o = options(server.url("/"));
        o.query = vec![KeyValue { key: "binary_on_connect".into(), value: "1".into() }];
        h.connect("c", o).await;
        h.event("c", "hello_text").await;
        assert_eq!(h.whoami("c", 1).await["query"]["binary_on_connect"], "1", "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acks_are_matched_one_to_one_and_time_out() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        // Many at once: rust_socketio's random ids in 0..999 would collide; ours never swap.
        for i in 0..60u64 {
            h.emit_ack("c", "ack_echo", vec![json!(i), json!({"n": i})], 1000 + i, 5000).await;
        }
        for i in 0..60u64 {
            assert_eq!(h.ack("c", 1000 + i).await, vec![json!(i), json!({"n": i})], "{kind:?}");
        }
        // An event the server never answers: reported as a timeout, once.
        h.emit_ack("c", "no_such_event", vec![json!(1)], 77, 300).await;
        let timeout = h
            .wait_for("ack timeout", |u| match u {
                Update::AckTimeout { emit_id: 77, timeout_ms, .. } => Some(*timeout_ms),
                Update::Ack { emit_id: 77, .. } => panic!("answered?"),
                _ => None,
            })
            .await;
        assert_eq!(timeout, 300);
        // The connection keeps answering afterwards.
        h.emit_ack("c", "ack_echo", vec![json!("after")], 78, 5000).await;
        assert_eq!(h.ack("c", 78).await, vec![json!("after")]);
    }
}

/// A server's ack request is shown with its number and answered with `ack_reply`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_ack_request_is_answered() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        h.connect("c", options(server.url("/"))).await;
        h.connected("c").await;
        h.emit("c", "ask_ack", vec![json!({"timeout": 5})]).await;
        let (args, ack) = h
            .wait_for("question", |u| match u {
                Update::Event { event, args, ack, direction: switchboard_core::Direction::In, .. }
                    if event == "question" =>
                {
                    Some((args.clone(), *ack))
                }
                _ => None,
            })
            .await;
        assert_eq!(args, vec![json!("what?"), json!(42)], "{kind:?}");
        let ack = ack.expect("the server asked for an answer");
        h.dispatch(Action::AckReply { id: "c".into(), ack, args: vec![json!("yes"), bin(b"b")] }).await;
        assert_eq!(h.event("c", "answered").await, vec![json!(["yes", bin(b"b")])], "{kind:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_connections_at_once() {
    let py = Server::start(Kind::Python, &[]);
    let node = Server::start(Kind::Node, &[]);
    let mut h = Harness::new();
    h.connect("py", options(py.url("/"))).await;
    h.connect("node", options(node.url("/admin"))).await;
    h.connected("py").await;
    h.connected("node").await;
    h.emit("py", "echo", vec![json!("to py")]).await;
    h.emit("node", "echo", vec![json!("to node")]).await;
    assert_eq!(h.event("py", "echo").await, vec![json!("to py")]);
    assert_eq!(h.event("node", "echo").await, vec![json!("to node")]);
    assert_eq!(h.whoami("node", 3).await["namespace"], "/admin");
}

/// python-engineio keeps a closing long-poll open for ping interval + timeout; a manual
/// disconnect over polling must still end at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnect_over_polling_is_prompt() {
    let server = Server::start(Kind::Python, &["--transports", "polling"]);
    let mut h = Harness::new();
    let mut o = options(server.url("/"));
    o.transport = Transport::Polling;
    h.connect("c", o).await;
    h.connected("c").await;
    let started = std::time::Instant::now();
    h.dispatch(Action::Disconnect { id: "c".into() }).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
}

/// The next update, within `WAIT`.
async fn next(updates: &mut switchboard_core::sink::Updates) -> Update {
    tokio::time::timeout(WAIT, updates.recv()).await.expect("an update in time").expect("updates go on")
}

/// A python echo server flooding a connection whose sink has room for `room` updates or
/// `bytes` bytes of them; returned once the flood is asked for.
async fn flooding(
    room: usize,
    bytes: usize,
    flood: Value,
) -> (Server, switchboard_core::Core, switchboard_core::sink::Updates) {
    let server = Server::start(Kind::Python, &[]);
    let (sink, mut updates) = switchboard_core::connection::Sink::bounded(room, bytes);
    let core = switchboard_core::Core::new(sink);
    core.dispatch(Action::Connect { id: "c".into(), options: options(server.url("/")) }).await.unwrap();
    while !matches!(next(&mut updates).await, Update::Connection { state: ConnState::Connected { .. }, .. }) {}
    let emit = Action::Emit {
        id: "c".into(),
        event: "flood".into(),
        args: vec![flood],
        ack: false,
        emit_id: None,
        ack_timeout_ms: None,
    };
    core.dispatch(emit).await.unwrap();
    (server, core, updates)
}

/// A reader that falls behind holds the server back, not this process's memory: with room
/// for 64 unread updates, never many more wait (the rest stays in the socket and the
/// server), and every event still arrives, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_reader_holds_the_server_back_not_memory() {
    const ROOM: usize = 64;
    const TICKS: u64 = 3000;
    let (_server, _core, mut updates) = flooding(ROOM, usize::MAX, json!({"count": TICKS, "size": 16})).await;
    let (mut ticks, mut most) = (0u64, 0usize);
    loop {
        let update = next(&mut updates).await;
        most = most.max(updates.queued() + 1);
        match update {
            Update::Event { event, direction: switchboard_core::Direction::In, .. } if event == "tick" => {
                ticks += 1;
                // A slow reader for the first part of the flood: 1 ms an update.
                if ticks < 600 {
                    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                }
            }
            Update::Event { event, args, .. } if event == "flood_done" => {
                assert_eq!(args[0].to_value()["count"], json!(TICKS));
                break;
            }
            _ => {}
        }
    }
    assert_eq!(ticks, TICKS, "every event arrived");
    assert!(most <= ROOM + 8, "at most {ROOM} updates (and a few of one event) waited; {most} did");
}

/// Large events fill the room by their bytes, not their number: with room for 1,024
/// updates but only 1 MiB, a slow reader of 64 KiB binary events never has much more than
/// 1 MiB waiting, and every event still arrives whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_reader_of_large_events_is_bounded_by_bytes() {
    const BYTES: usize = 1 << 20;
    const TICKS: u64 = 120;
    const SIZE: usize = 65_536;
    let flood = json!({"count": TICKS, "size": SIZE, "kind": "binary"});
    let (_server, _core, mut updates) = flooding(1024, BYTES, flood).await;
    let (mut ticks, mut most) = (0u64, 0usize);
    loop {
        let update = next(&mut updates).await;
        most = most.max(updates.queued_bytes());
        match update {
            Update::Event { event, args, direction: switchboard_core::Direction::In, .. } if event == "tick" => {
                let arg = args[0].to_value();
                let b64 = arg["$binary"].as_str().expect("a binary argument");
                assert_eq!(b64.len(), SIZE.div_ceil(3) * 4, "whole");
                ticks += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            Update::Event { event, .. } if event == "flood_done" => break,
            _ => {}
        }
    }
    assert_eq!(ticks, TICKS, "every event arrived");
    // One event past the limit may be in (sending never waits), and the few a connection
    // hands on from one read of the network.
    assert!(most <= BYTES + 8 * 90_000, "at most about {BYTES} bytes waited; {most} did");
    assert!(most >= BYTES / 2, "the reader was slow enough to fill the room: {most} bytes waited at most");
}
