//! A token with characters every encoding changes (`/ + = & space ü`), from the keyring,
//! used over `auth` (a console server) and the query (a file exchange server, whose
//! connect error quotes the URL): in no form — raw, URL-escaped either way, JSON-escaped,
//! base64 — may it show in the CLI's stdout or stderr, the saved servers file, or the log
//! lines a file exchange server receives from `logs-send`. (The window's DOM: e2e
//! 60-file-exchange.) Needs a Secret Service, like tests/secrets.rs.

mod common;

use base64::Engine;
use common::cli::Cli;
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "p5B/sec+ret= &ü-42";

/// Every form the token could take in text.
fn forms(token: &str) -> Vec<String> {
    let form: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
    let json_ascii: String =
        token.chars().map(|c| if c.is_ascii() { c.to_string() } else { format!("\\u{:04x}", c as u32) }).collect();
    let b64 = base64::engine::general_purpose::STANDARD;
    let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    vec![
        token.to_owned(),
        form.clone(),
        form.replace('+', "%20"),
        json_ascii.clone(),
        json_ascii.replace('/', "\\/"),
        b64.encode(token),
        b64_url.encode(token),
    ]
}

fn assert_nowhere(place: &str, text: &str) {
    for form in forms(TOKEN) {
        assert!(!text.contains(&form), "the token as {form:?} shows in {place}:\n{text}");
    }
}

#[test]
fn a_hostile_token_shows_in_no_form_anywhere() {
    assert_eq!(forms(TOKEN).len(), 7);
    let home = tempfile::tempdir().expect("a folder");
    let logs_out = home.path().join("received-logs.jsonl");
    let echo = Server::start(Kind::Python, &[]);
    let pku = Server::start(
        Kind::FileExchange,
        &["--http", "--tokens", &format!("tok-pku,{TOKEN}"), "--logs-out", logs_out.to_str().unwrap()],
    );
    let dead_port = {
        let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        free.local_addr().expect("its address").port()
    };
    let profile = format!("switchboard-test-everywhere-{}", std::process::id());
    let mut cli = Cli::start_with(&[], &[("SWITCHBOARD_CONFIG_DIR", home.path().as_os_str())]);
    cli.send(json!({"type": "save_token", "profile": profile, "token": TOKEN}));
    cli.expect("the token stored", |v| v["type"] == "token_state" && v["stored"] == true);

    // Over auth: the server echoes the token back, and says what auth it saw.
    let console = json!({"url": echo.url("/"), "auth": {"user": "ann"}, "token_profile": profile});
    cli.send(json!({"type": "connect", "id": "console", "options": console}));
    cli.expect("console connected", |v| v["type"] == "connection" && v["id"] == "console" && v["state"] == "connected");
    cli.send(json!({"type": "emit", "id": "console", "event": "echo", "args": [{"echoing": TOKEN, "b64": base64::engine::general_purpose::STANDARD.encode(TOKEN)}]}));
    let echoed = cli.expect("the echo", |v| v["type"] == "event" && v["direction"] == "in" && v["event"] == "echo");
    assert_eq!(echoed["args"][0]["echoing"], "•••", "{echoed}");
    cli.send(json!({"type": "emit", "id": "console", "event": "whoami", "ack": true, "emit_id": 1}));
    let who = cli.expect("whoami", |v| v["type"] == "ack" && v["id"] == "console");
    assert_eq!(who["args"][0]["auth"], json!({"user": "ann", "token": "•••"}), "the server got a token: {who}");

    // Over the query: first a server that is not there (the error quotes the URL), then
    // the real one, a session, and the connection's log lines sent to it.
    let mut fx = json!({"url": format!("http://127.0.0.1:{dead_port}/pku"), "transport": "websocket", "reconnect": false,
        "protocol": {"kind": "file_exchange"}, "token_profile": profile});
    cli.send(json!({"type": "connect", "id": "pku", "options": fx}));
    cli.expect("a failed connect", |v| {
        v["id"] == "pku" && (v["type"] == "error" || v["state"] == "failed" || v["state"] == "disconnected")
    });
    fx["url"] = json!(pku.url("/pku"));
    cli.send(json!({"type": "connect", "id": "pku", "options": fx}));
    cli.expect("pku connected", |v| v["type"] == "connection" && v["id"] == "pku" && v["state"] == "connected");
    cli.send(json!({"type": "request", "id": "pku", "protocol": "file_exchange", "action": {"type": "start"}}));
    cli.expect("a session", |v| {
        v["type"] == "protocol" && v["protocol"] == "file_exchange" && v["update"]["type"] == "started"
    });
    cli.send(json!({"type": "request", "id": "pku", "protocol": "file_exchange", "action": {"type": "send_logs"}}));
    cli.expect("logs sent", |v| {
        v["type"] == "protocol" && v["protocol"] == "file_exchange" && v["update"]["type"] == "logs_sent"
    });

    // Saved with the server: the profile names the keyring entry, never the token.
    cli.send(json!({"type": "save_profile", "profile": {"id": "pku", "name": "PKU", "options": fx}}));
    cli.expect("the saved servers", |v| v["type"] == "profiles");
    cli.send(json!({"type": "delete_token", "profile": profile}));
    cli.expect("the token removed", |v| v["type"] == "token_state" && v["stored"] == false);
    let transcript = cli.transcript();
    cli.finish();

    assert_nowhere("the CLI's output", &transcript);
    let saved = std::fs::read_to_string(home.path().join("profiles.json")).expect("the saved servers file");
    assert!(saved.contains(&profile), "{saved}");
    assert_nowhere("the saved servers file", &saved);
    let received = std::fs::read_to_string(&logs_out).expect("the server received logs");
    let batch: Value = serde_json::from_str(received.lines().last().unwrap_or_default()).expect("a JSON line");
    let lines: Vec<&str> = batch["logs"].as_array().expect("logs").iter().filter_map(Value::as_str).collect();
    assert!(
        lines.iter().any(|l| l.contains("pku") && l.contains("127.0.0.1")),
        "the failed connect is in the logs: {lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains("console")), "only that connection's lines: {lines:?}");
    assert_nowhere("the logs sent to the server", &received);
}
