//! `switchboard-cli` as a process: JSON lines in, JSON lines out, EOF exits 0.

mod common;

use std::io::Write;
use std::process::Command;

use common::cli::Cli;
use common::*;
use serde_json::json;

#[test]
fn quick_mode_prints_events_and_emits_with_ack() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let url = server.url("/admin");
        let mut cli = Cli::start(&["--url", &url, "--query", "k=v", "--header", "X-Who: cli", "--auth", r#"{"a":1}"#]);
        cli.expect("connected state", |v| v["type"] == "connection" && v["state"] == "connected");
        cli.send(json!({"type": "emit", "event": "echo", "args": [1, "two", {"$binary": "AAE="}]}));
        let ev = cli.expect("echo of mixed binary", |v| v["type"] == "event");
        assert_eq!(ev["args"], json!([1, "two", {"$binary": "AAE="}]), "{kind:?}: binary mixed with JSON");
        cli.send(json!({"type": "emit", "event": "echo", "args": [1, "two"]}));
        let ev = cli.expect("echo event", |v| v["type"] == "event");
        assert_eq!(
            ev,
            json!({"type": "event", "event": "echo", "args": [1, "two"]}),
            "{kind:?}: exactly the compact form"
        );
        cli.send(json!({"type": "emit", "event": "whoami", "ack": true}));
        let ack = cli.expect("ack", |v| v["type"] == "ack");
        assert_eq!(ack["args"][0]["namespace"], "/admin");
        assert_eq!(ack["args"][0]["query"]["k"], "v");
        assert_eq!(ack["args"][0]["headers"]["x-who"], "cli");
        assert_eq!(ack["args"][0]["auth"], json!({"a": 1}));
        cli.send(json!({"type": "emit", "event": "nobody_answers", "ack": true, "ack_timeout_ms": 200}));
        let t = cli.expect("ack timeout", |v| v["type"] == "ack_timeout");
        assert_eq!(t["timeout_ms"], 200);
        cli.finish();
    }
}

#[test]
fn api_mode_takes_actions_and_reports_bad_lines() {
    let server = Server::start(Kind::Node, &[]);
    let mut cli = Cli::start(&[]);
    cli.send(json!({"type": "connect", "id": "one", "options": {"url": server.url("/"), "transport": "websocket"}}));
    cli.expect("connected", |v| v["type"] == "connection" && v["id"] == "one" && v["state"] == "connected");
    cli.send(json!({"type": "emit", "id": "one", "event": "echo", "args": [{"x": true}]}));
    let out = cli.expect("outgoing event", |v| v["type"] == "event" && v["direction"] == "out");
    assert_eq!(out["args"], json!([{"x": true}]));
    let inc = cli.expect("incoming event", |v| v["type"] == "event" && v["direction"] == "in");
    assert_eq!((inc["event"].clone(), inc["namespace"].clone()), (json!("echo"), json!("/")));
    cli.send(json!("not an action"));
    let err = cli.expect("error", |v| v["type"] == "error");
    assert_eq!(err["error"]["kind"], "bad_request");
    // A line that is not UTF-8 is reported, and the next one is still read.
    let stdin = cli.child.stdin.as_mut().expect("stdin open");
    stdin.write_all(b"{\"type\": \"emit\", \"event\": \"\xff\xfe\"}\n").expect("write");
    let err = cli.expect("an error for the bad line", |v| v["type"] == "error");
    assert!(err["error"]["message"].as_str().is_some_and(|m| m.contains("not UTF-8")), "{err}");
    cli.send(json!({"type": "emit", "id": "nope", "event": "x"}));
    let err = cli.expect("unknown connection", |v| v["type"] == "error");
    assert_eq!(err["error"]["kind"], "unknown_connection");
    cli.send(json!({"type": "disconnect", "id": "one"}));
    cli.expect("disconnected", |v| v["state"] == "disconnected");
    cli.finish();
}

#[test]
fn bad_flags_exit_2_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard-cli"))
        .args(["--transport", "carrier-pigeon", "--url", "http://x/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}

#[test]
fn long_arguments_come_whole_and_keys_in_the_servers_order() {
    let server = Server::start(Kind::Node, &[]);
    let mut cli = Cli::start(&["--url", &server.url("/")]);
    cli.expect("connected", |v| v["type"] == "connection" && v["state"] == "connected");
    let long = "ж".repeat(100_000);
    let bytes: Vec<u8> = (0..80_000u32).map(|i| (i % 251) as u8).collect();
    let binary = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
    cli.send(json!({"type": "emit", "event": "echo", "args": [{"zeta": 1, "alpha": 2, "mid": 3}, long, {"$binary": binary}]}));
    let ev = cli.expect("the echo", |v| v["type"] == "event");
    assert_eq!(ev["args"][1].as_str().map(str::len), Some(long.len()), "the long string whole");
    assert_eq!(ev["args"][2]["$binary"].as_str(), Some(binary.as_str()), "the binary whole");
    let keys: Vec<_> = ev["args"][0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"], "keys in the order the server sent them");
    let text = cli.transcript();
    assert!(text.contains(r#"{"zeta":1,"alpha":2,"mid":3}"#), "printed in that order");
    cli.finish();
}

#[test]
fn a_flood_comes_out_whole_and_a_lone_line_after_it_at_once() {
    // 20,000 ticks as fast as the server sends them: the writer paces its writes
    // (write_pace.rs), and must neither lose a line nor keep the last ones back.
    let server = Server::start(Kind::Node, &[]);
    let mut cli = Cli::start(&["--url", &server.url("/")]);
    cli.expect("connected", |v| v["type"] == "connection" && v["state"] == "connected");
    cli.send(json!({"type": "emit", "event": "flood", "args": [{"count": 20_000, "size": 16, "kind": "text"}]}));
    let mut ticks = 0;
    let done = loop {
        let ev = cli.expect("a tick or the flood's end", |v| v["type"] == "event");
        match ev["event"].as_str() {
            Some("tick") => ticks += 1,
            Some("flood_done") => break ev,
            _ => {}
        }
    };
    assert_eq!((ticks, done["args"][0]["count"].clone()), (20_000, json!(20_000)));
    cli.send(json!({"type": "emit", "event": "echo", "args": ["after"]}));
    let ev = cli.expect("the echo after the flood", |v| v["type"] == "event");
    assert_eq!(ev["args"], json!(["after"]));
    cli.finish();
}
