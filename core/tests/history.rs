//! The history on a real SQLite file through `switchboard-cli --history`, against a real
//! server: a run's events, answers and states are there after the CLI is started again,
//! searchable and exportable; a refused connection says why while it retries.

mod common;

use common::cli::Cli;
use common::*;
use serde_json::json;

#[test]
fn a_runs_events_are_there_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite3");
    let db = db.to_str().unwrap();
    let server = Server::start(Kind::Node, &[]);
    {
        let mut cli = Cli::start(&["--history", db]);
        cli.send(json!({"type": "connect", "id": "s", "options": {"url": server.url("/"), "transport": "websocket"}}));
        cli.expect("connected", |v| v["type"] == "connection" && v["state"] == "connected");
        cli.send(json!({"type": "emit", "id": "s", "event": "echo", "args": [{"text": "Привет из прошлого"}]}));
        cli.expect("the echo", |v| v["type"] == "event" && v["direction"] == "in");
        cli.send(json!({"type": "emit", "id": "s", "event": "whoami", "ack": true, "emit_id": 1}));
        cli.expect("the answer", |v| v["type"] == "ack");
        cli.finish();
    }
    let mut cli = Cli::start(&["--history", db]);
    cli.send(json!({"type": "history", "id": "s", "request_id": 5, "query": {}}));
    let page = cli.expect("the history", |v| v["type"] == "history");
    assert_eq!(page["request_id"], 5);
    let rows = page["rows"].as_array().unwrap();
    let kinds: Vec<_> = rows.iter().map(|r| (r["kind"].as_str().unwrap(), r["event"].as_str().unwrap())).collect();
    for expected in
        [("state", "connected"), ("event", "echo"), ("event", "whoami"), ("ack", "whoami"), ("state", "disconnected")]
    {
        assert!(kinds.contains(&expected), "{expected:?} in {kinds:?}");
    }
    let asked = rows.iter().find(|r| r["event"] == "whoami" && r["kind"] == "event").unwrap();
    assert!(asked["round_trip_ms"].is_u64() && asked["linked_row"].is_u64(), "{asked}");

    cli.send(json!({"type": "history", "id": "s", "query": {"text": "из прошлого"}}));
    let found = cli.expect("the search", |v| v["type"] == "history");
    let found = found["rows"].as_array().unwrap();
    assert!(!found.is_empty() && found.iter().all(|r| r["event"] == "echo"), "{found:?}");

    let out = dir.path().join("echo.csv");
    cli.send(json!({"type": "export_history", "id": "s", "query": {"event": "echo"}, "format": "csv",
        "path": out.to_str().unwrap()}));
    let done = cli.expect("the export", |v| v["type"] == "history_exported");
    assert_eq!(done["rows"], 2, "out and in");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.contains("Привет из прошлого"));

    cli.send(json!({"type": "clear_history", "id": "s"}));
    cli.expect("cleared", |v| v["type"] == "history_cleared");
    cli.send(json!({"type": "history", "id": "s", "query": {}}));
    let page = cli.expect("the history", |v| v["type"] == "history");
    assert_eq!(page["rows"], json!([]));
    cli.finish();
}

#[test]
fn without_history_the_actions_say_so() {
    let mut cli = Cli::start(&[]);
    cli.send(json!({"type": "history", "id": "s", "query": {}}));
    let err = cli.expect("an error", |v| v["type"] == "error");
    assert_eq!(err["error"]["kind"], "history");
    assert!(err["error"]["message"].as_str().unwrap().contains("keeps no history"), "{err}");
    cli.finish();
}

#[test]
fn a_refused_connection_says_why_while_it_retries() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut cli = Cli::start(&[]);
    cli.send(json!({"type": "connect", "id": "s", "options": {"url": format!("localhost:{port}")}}));
    let state = cli.expect("reconnecting", |v| v["type"] == "connection" && v["state"] == "reconnecting");
    let reason = state["reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with("nothing is listening at that address"), "{state}");
    cli.finish();
}
