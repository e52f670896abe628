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

/// One machine's CLI: its own saved servers and history.
fn machine(dir: &std::path::Path) -> Cli {
    let config = dir.join("config");
    let db = dir.join("history.sqlite3");
    Cli::start_with(&["--history", db.to_str().unwrap()], &[("SWITCHBOARD_CONFIG_DIR", config.as_os_str())])
}

#[test]
fn servers_and_saved_messages_move_to_another_machine_without_tokens() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = one.path().join("setup.json");
    let mut a = machine(one.path());
    let options = json!({"url": "http://127.0.0.1:9/", "token_profile": "history-test-moved"});
    a.send(
        json!({"type": "save_profile", "profile": {"id": "history-test-moved", "name": "Moved", "options": options}}),
    );
    a.expect("profiles", |v| v["type"] == "profiles");
    a.send(json!({"type": "save_token", "profile": "history-test-moved", "token": "sekrit-never-exported"}));
    a.expect("stored", |v| v["type"] == "token_state" && v["stored"] == true);
    a.send(json!({"type": "save_message", "id": "history-test-moved",
        "message": {"name": "Hello", "event": "echo", "args": [{"a": 1}], "ack": true, "ack_timeout_ms": 3000}}));
    a.expect("the collection", |v| {
        v["type"] == "saved_messages" && v["messages"].as_array().is_some_and(|m| m.len() == 1)
    });
    a.send(json!({"type": "export_setup", "path": file.to_str().unwrap()}));
    let done = a.expect("exported", |v| v["type"] == "setup_exported");
    assert_eq!((done["servers"].clone(), done["messages"].clone()), (json!(1), json!(1)));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("sekrit-never-exported"), "no token in the file");
    // The other machine has no token for it.
    a.send(json!({"type": "delete_token", "profile": "history-test-moved"}));
    a.expect("deleted", |v| v["type"] == "token_state" && v["stored"] == false);
    a.finish();

    let mut b = machine(two.path());
    b.send(json!({"type": "import_setup", "path": file.to_str().unwrap()}));
    let imported = b.expect("imported", |v| v["type"] == "setup_imported");
    assert_eq!(imported["servers"], json!(["Moved"]));
    assert_eq!(imported["need_token"], json!(["Moved"]));
    assert_eq!(imported["messages"], 1);
    let profiles = b.expect("profiles", |v| v["type"] == "profiles");
    assert_eq!(profiles["profiles"][0]["id"], "history-test-moved");
    b.send(json!({"type": "saved_messages", "id": "history-test-moved"}));
    let saved = b.expect("the collection", |v| v["type"] == "saved_messages");
    assert_eq!(saved["messages"][0]["name"], "Hello");
    assert_eq!(saved["messages"][0]["ack_timeout_ms"], 3000);
    // Anything else is refused in words.
    std::fs::write(&file, "{\"servers\": []}").unwrap();
    b.send(json!({"type": "import_setup", "path": file.to_str().unwrap()}));
    let err = b.expect("an error", |v| v["type"] == "error");
    assert!(err["error"]["message"].as_str().unwrap().contains("not a Switchboard setup file"), "{err}");
    b.finish();
}
