//! The client against real servers: Node socket.io 4.8 and 2.x, python-socketio (ASGI) and
//! Flask-SocketIO, over WebSocket, long-polling and polling upgraded to WebSocket.
//! Each test names the feature it proves (docs/socketio.md lists them).

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::{Conn, Peer, Server, ALL, TRANSPORTS};
use serde_json::{json, Value};
use socketio::packet::placeholder;
use socketio::{AckFailure, CloseReason, Emit, EngineVersion, Event, Transport};

fn version_of(peer: Peer) -> EngineVersion {
    match peer {
        Peer::Node2 => EngineVersion::V3,
        _ => EngineVersion::V4,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_with_its_sid_and_the_servers_version() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in [Transport::Any, Transport::Websocket, Transport::Polling] {
            for ns in ["/", "/admin"] {
                let (mut c, connected) = Conn::connected(server.options(ns, transport)).await;
                let Event::Connected { ref sid, version, .. } = connected else { unreachable!() };
                assert_eq!(version, version_of(peer), "{peer:?} {transport:?}");
                let me = c.call("whoami", vec![]).await;
                assert_eq!(me[0]["sid"], json!(sid), "{peer:?} {transport:?} {ns}");
                assert_eq!(me[0]["namespace"], json!(ns));
                if transport == Transport::Any {
                    c.upgraded(&connected).await;
                    let me = c.call("whoami", vec![]).await;
                    assert_eq!(me[0]["transport"], json!("websocket"), "{peer:?} upgraded");
                }
                c.client.disconnect().await;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zero_argument_and_builtin_named_events_arrive_under_their_names() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.emit("emit_named", vec![json!({"name": "nothing", "args": []})]);
            let (args, _, _) = c.event("nothing").await;
            assert!(args.is_empty(), "{peer:?} {transport:?}");
            for name in ["message", "error", "close", "open"] {
                c.emit("emit_named", vec![json!({"name": name, "args": [1, "two"]})]);
                let (args, _, _) = c.event(name).await;
                assert_eq!(args, vec![json!(1), json!("two")], "{peer:?} {transport:?} {name}");
            }
            // Zero arguments both ways: the echo comes back with none.
            c.emit("echo", vec![]);
            assert!(c.event("echo").await.0.is_empty());
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_binaries_mixed_with_json_both_ways() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.emit("emit_bins", vec![]);
            let (args, attachments, _) = c.event("bins").await;
            assert_eq!(args.len(), 3, "{peer:?} {transport:?}: {args:?}");
            let bytes_at =
                |v: &Value| attachments[socketio::packet::placeholder_num(v).expect("a placeholder")].clone();
            assert_eq!(bytes_at(&args[0]), Bytes::from_static(&[1, 2, 3]));
            assert_eq!(bytes_at(&args[1]["nested"]), Bytes::from_static(&[4, 5]));
            assert_eq!(args[1]["list"][0], json!(7));
            assert_eq!(bytes_at(&args[1]["list"][1]), Bytes::from_static(&[6]));
            assert_eq!(args[2], json!("text"));

            let sent = vec![Bytes::from_static(&[9; 3]), Bytes::from(vec![0u8, 255, 7]), Bytes::from_static(b"")];
            let emit = Emit::new(
                "bins_back",
                vec![placeholder(0), json!({"x": [placeholder(1)], "n": 1}), placeholder(2), json!("t")],
            )
            .with_attachments(sent.clone())
            .with_ack(common::WAIT);
            let id = c.client.emit(emit).expect("emit");
            let answer = match c.until(|e| matches!(e, Event::Ack { id: i, .. } if *i == id)).await {
                Event::Ack { args, .. } => socketio::json::values(&args),
                _ => unreachable!(),
            };
            assert_eq!(answer[0]["lengths"], json!([3, 3, 0]), "{peer:?} {transport:?}: {answer:?}");
            let (back, back_bytes, _) = c.event("bins_back").await;
            assert_eq!(back.len(), 4);
            assert_eq!(back_bytes, sent, "{peer:?} {transport:?}");
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_acks_in_flight_each_get_their_own_answer() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            let mut ids = std::collections::HashMap::new();
            for i in 0..1000 {
                let id =
                    c.client.emit(Emit::new("echo", vec![json!(i)]).with_ack(Duration::from_secs(60))).expect("emit");
                ids.insert(id, i);
            }
            while !ids.is_empty() {
                match c.until(|e| matches!(e, Event::Ack { .. } | Event::AckFailed { .. })).await {
                    Event::Ack { id, args, .. } => {
                        let i = ids.remove(&id).expect("an answer to an emit of ours, once");
                        assert_eq!(args, vec![json!(i)], "{peer:?} {transport:?}");
                    }
                    other => panic!("{peer:?} {transport:?}: {other:?}"),
                }
            }
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_servers_ack_request_is_answered() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.emit("ask", vec![json!({"timeout_ms": 10000})]);
            let (args, _, ack) = c.event("question").await;
            assert_eq!(args, vec![json!("what?"), json!(42)]);
            let ack = ack.expect("the server asked for an ack");
            c.client
                .ack_reply(ack, vec![json!("yes"), placeholder(0)], vec![Bytes::from_static(&[1, 2])])
                .expect("reply");
            let (answered, attachments, _) = c.event("answered").await;
            assert_eq!(answered[0][0], json!("yes"), "{peer:?} {transport:?}: {answered:?}");
            let n = socketio::packet::placeholder_num(&answered[0][1]).expect("binary stays binary");
            assert_eq!(attachments[n], Bytes::from_static(&[1, 2]));
            // A second answer to the same request is refused in words.
            c.client.ack_reply(ack, vec![], vec![]).expect("queued");
            c.until(|e| matches!(e, Event::Warning { .. })).await;
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acks_time_out_on_their_own_clock() {
    let server = Server::start(Peer::Node4, &[]);
    let (mut c, _) = Conn::connected(server.options("/", Transport::Websocket)).await;
    let slow = c
        .client
        .emit(Emit::new("slow_ack", vec![json!({"delay_ms": 3000})]).with_ack(Duration::from_millis(300)))
        .unwrap();
    let fast = c.client.emit(Emit::new("echo", vec![json!(1)]).with_ack(Duration::from_secs(10))).unwrap();
    let first = c.until(|e| matches!(e, Event::Ack { .. } | Event::AckFailed { .. })).await;
    assert!(matches!(first, Event::Ack { id, .. } if id == fast), "{first:?}");
    let second = c.until(|e| matches!(e, Event::Ack { .. } | Event::AckFailed { .. })).await;
    assert_eq!(second, Event::AckFailed { id: slow, failure: AckFailure::TimedOut });
    // The late answer is dropped, not delivered.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    while let Ok(e) = c.events.try_recv() {
        assert!(!matches!(e, Event::Ack { .. }), "{e:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_is_final_and_in_words() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in [Transport::Websocket, Transport::Polling] {
            let mut o = server.options("/admin", transport);
            if peer == Peer::Node2 {
                o.url.query_pairs_mut().append_pair("token", "bad");
            } else {
                o.auth = Some(json!({"token": "bad"}));
            }
            let mut c = Conn::open(o);
            let closed = c.until(|e| matches!(e, Event::Closed { .. } | Event::Connected { .. })).await;
            match closed {
                Event::Closed { reason: CloseReason::Refused { message, .. } } => {
                    assert_eq!(message, "bad token", "{peer:?}")
                }
                other => panic!("{peer:?} {transport:?}: {other:?}"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_disconnect_is_final_and_an_engine_close_reconnects() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.emit("close_engine", vec![]);
            c.until(|e| matches!(e, Event::Lost { .. })).await;
            c.until(|e| matches!(e, Event::Connected { .. })).await;
            c.emit("kick", vec![]);
            let closed = c.until(|e| matches!(e, Event::Closed { .. })).await;
            assert_eq!(closed, Event::Closed { reason: CloseReason::Server }, "{peer:?} {transport:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_server_is_noticed_by_the_heartbeat() {
    for peer in [Peer::Node4, Peer::Node2] {
        let server = Server::start(peer, &["--ping-interval", "500", "--ping-timeout", "500"]);
        for transport in [Transport::Websocket, Transport::Polling] {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.emit("go_silent", vec![]);
            let started = std::time::Instant::now();
            let lost = c.until(|e| matches!(e, Event::Lost { .. })).await;
            // pingInterval + pingTimeout, plus room for a busy machine.
            assert!(
                started.elapsed() < Duration::from_secs(8),
                "{peer:?} {transport:?}: {lost:?} after {:?}",
                started.elapsed()
            );
            c.until(|e| matches!(e, Event::Connected { .. })).await;
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emits_made_offline_are_sent_in_order_after_the_reconnect() {
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.call("reset", vec![]).await;
            c.emit("close_engine", vec![]);
            c.until(|e| matches!(e, Event::Lost { .. })).await;
            for i in 0..5 {
                c.emit("record", vec![json!(i)]);
            }
            c.until(|e| matches!(e, Event::Connected { .. })).await;
            let recorded = c.call("recorded", vec![]).await;
            assert_eq!(recorded[0], json!([[0], [1], [2], [3], [4]]), "{peer:?} {transport:?}");
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_state_recovery_replays_what_was_missed() {
    let server = Server::start(Peer::Node4, &["--recovery"]);
    for transport in TRANSPORTS {
        // The server keeps a session for recovery once it has seen the drop (over polling that
        // can take a moment): the first retry waits 1.5 s, as a JS client's often does.
        let mut o = server.options("/", transport);
        o.reconnection.delay = Duration::from_millis(1500);
        o.reconnection.randomization = 0.0;
        let (mut c, connected) = Conn::connected(o).await;
        let Event::Connected { ref pid, ref sid, .. } = connected else { unreachable!() };
        assert!(pid.is_some(), "the server offers recovery");
        if transport == Transport::Any {
            // The drop under test is of the connection in use, not of one half of an
            // upgrade in progress: let the upgrade finish first.
            c.upgraded(&connected).await;
        }
        // One event first, so the client knows an offset.
        c.emit("later", vec![json!({"delay_ms": 0, "count": 1, "event": "before"})]);
        c.event("before").await;
        c.emit("later", vec![json!({"delay_ms": 400, "count": 3, "event": "tick"})]);
        c.emit("drop_transport", vec![]);
        c.until(|e| matches!(e, Event::Lost { .. })).await;
        let again = c.until(|e| matches!(e, Event::Connected { .. })).await;
        let Event::Connected { recovered, sid: sid2, .. } = again else { unreachable!() };
        assert!(recovered, "{transport:?}: the session was recovered");
        assert_eq!(*sid, sid2);
        for i in 0..3 {
            let (args, _, _) = c.event("tick").await;
            assert_eq!(args[0], json!(i), "{transport:?}");
        }
        c.client.disconnect().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_events_travel_whole_on_every_transport() {
    let big = "é".repeat(6 << 20); // 12 MiB of UTF-8, over old frame limits
    for peer in ALL {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            let mut emit = Emit::new("echo", vec![json!({"content": big})]);
            emit.progress = true;
            let id = c.client.emit(emit).unwrap();
            let (args, _, _) = c.event("echo").await;
            assert_eq!(args[0]["content"].as_str().map(str::len), Some(big.len()), "{peer:?} {transport:?}");
            assert!(args[0]["content"] == json!(big));
            assert!(
                c.seen.iter().any(|e| matches!(e, Event::Progress { id: i, done, total } if *i == id && done == total)),
                "{peer:?} {transport:?}: progress reported"
            );
            c.client.disconnect().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_over_the_limit_is_refused_in_words() {
    let server = Server::start(Peer::Node4, &[]);
    for transport in [Transport::Websocket, Transport::Polling] {
        let mut o = server.options("/", transport);
        o.max_message_bytes = 1 << 20;
        o.reconnection.enabled = false;
        let (mut c, _) = Conn::connected(o).await;
        c.emit("echo", vec![json!("x".repeat(2 << 20))]);
        let closed = c.until(|e| matches!(e, Event::Closed { .. })).await;
        let Event::Closed { reason: CloseReason::Lost(words) } = closed else { panic!("{closed:?}") };
        assert!(
            words.to_lowercase().contains("too") || words.contains("limit") || words.contains("size"),
            "{transport:?}: {words}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_transport_opens_a_websocket_only_server_over_websocket() {
    for peer in [Peer::Node4, Peer::PyAsgi] {
        let server = Server::start(peer, &["--transports", "websocket"]);
        let (mut c, connected) = Conn::connected(server.options("/", Transport::Any)).await;
        assert!(matches!(connected, Event::Connected { transport: "websocket", .. }), "{peer:?}: {connected:?}");
        assert_eq!(c.call("whoami", vec![]).await[0]["transport"], json!("websocket"));
        c.client.disconnect().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_strict_json_refuses_is_shown_repaired_with_a_warning() {
    for peer in [Peer::Node4, Peer::PyAsgi] {
        let server = Server::start(peer, &[]);
        for transport in TRANSPORTS {
            let (mut c, _) = Conn::connected(server.options("/", transport)).await;
            c.emit("emit_hostile", vec![]);
            let (args, _, _) = c.event("hostile").await;
            assert_eq!(args.last(), Some(&json!("after")), "{peer:?} {transport:?}: the event arrived whole");
            match peer {
                Peer::Node4 => {
                    assert_eq!(args[0], json!("cut \u{fffd}"));
                    let mut at = &args[1];
                    while let Value::Array(items) = at {
                        at = &items[0];
                    }
                    assert_eq!(at, &json!(socketio::lenient::CUT), "the deep part is cut");
                }
                _ => assert_eq!(&args[..2], &[json!("NaN"), json!("Infinity")]),
            }
            let warning = c.until(|e| matches!(e, Event::Warning { .. })).await;
            let Event::Warning { message } = warning else { unreachable!() };
            assert!(message.contains("repaired"), "{message}");
            c.client.disconnect().await;
        }
    }
}
