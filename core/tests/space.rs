//! The Space through its real reference server (python-socketio): two clients in one
//! room (join, chat, files, leave), the server's refusals, a dropped connection, JWT.

mod common;

use common::*;
use switchboard_core::api::files::{FileInfo, FileState};
use switchboard_core::api::space::{ChatEntry, EntryBody, EntryStatus, SpaceAction as A, SpaceUpdate as U};
use switchboard_core::api::{ProtocolRequest, ProtocolUpdate};
use switchboard_core::files::sha256_hex;
use switchboard_core::{Action, Protocol, Update};

impl Harness {
    async fn space_connect(&mut self, server: &Server, id: &str) {
        let mut o = options(server.url("/"));
        o.protocol = Protocol::Space;
        self.connect(id, o).await;
        self.connected(id).await;
    }

    async fn space(&self, id: &str, action: A) {
        self.dispatch(Action::Request { id: id.into(), request_id: None, request: ProtocolRequest::Space(action) })
            .await;
    }

    /// Send `action` as request `request_id` and wait for its answer (`None`: done).
    async fn ask(&mut self, id: &str, request_id: u64, action: A) -> Option<String> {
        self.dispatch(Action::Request {
            id: id.into(),
            request_id: Some(request_id),
            request: ProtocolRequest::Space(action),
        })
        .await;
        self.answer_to(id, request_id).await
    }

    async fn space_update<T>(&mut self, id: &str, what: &str, pick: impl Fn(&U) -> Option<T>) -> T {
        let id = id.to_owned();
        self.wait_for(what, |u| match u {
            Update::Protocol { id: i, update: ProtocolUpdate::Space(update) } if *i == id => pick(update),
            _ => None,
        })
        .await
    }

    async fn join(&mut self, id: &str, room: &str) -> Vec<String> {
        self.space(id, A::Join { room: room.into(), username: id.into() }).await;
        let room = room.to_owned();
        self.space_update(id, "joined_room", |u| match u {
            U::Joined { room: r, users } if *r == room => {
                Some(users.iter().flatten().map(|u| u.username.clone()).collect())
            }
            _ => None,
        })
        .await
    }

    /// The next chat entry on `id` whose status matches.
    async fn entry(&mut self, id: &str, what: &str, pick: impl Fn(&ChatEntry) -> bool) -> ChatEntry {
        self.space_update(id, what, |u| match u {
            U::Entry { entry } if pick(entry) => Some(entry.clone()),
            _ => None,
        })
        .await
    }

    async fn file(&mut self, what: &str, pick: impl Fn(&FileInfo) -> bool) -> FileInfo {
        self.wait_for(what, |u| match u {
            Update::File { file } if pick(file) => Some(file.clone()),
            _ => None,
        })
        .await
    }
}

fn text(e: &ChatEntry) -> Option<&str> {
    match &e.body {
        EntryBody::Text { text } => Some(text),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_join_chat_see_each_other_and_leave() {
    let server = Server::start(Kind::Space, &[]);
    let mut h = Harness::new();
    h.space_connect(&server, "ann").await;
    h.space_connect(&server, "bob").await;
    h.space_update("ann", "the greeting", |u| matches!(u, U::Welcome { sid: Some(_), .. }).then_some(())).await;
    assert_eq!(h.join("ann", "lobby").await, ["ann"]);
    assert_eq!(h.join("bob", "lobby").await, ["ann", "bob"]);
    let joined = h
        .space_update("ann", "bob joining", |u| match u {
            U::UserJoined { room, user } if room == "lobby" => Some(user.username.clone()),
            _ => None,
        })
        .await;
    assert_eq!(joined, "bob");

    h.space("ann", A::Message { room: "lobby".into(), text: "hello <b>bob</b>".into() }).await;
    let pending = h.entry("ann", "my pending message", |e| e.status == EntryStatus::Pending).await;
    assert!(pending.mine);
    let confirmed = h.entry("ann", "its confirmation", |e| e.status == EntryStatus::Confirmed).await;
    assert_eq!(confirmed.key, pending.key);
    assert!(confirmed.time.is_some());
    let got = h.entry("bob", "ann's message", |e| e.status == EntryStatus::Received).await;
    assert_eq!((got.username.as_str(), text(&got), got.mine), ("ann", Some("hello <b>bob</b>"), false));

    h.space("bob", A::ListUsers { room: "lobby".into() }).await;
    let users = h
        .space_update("bob", "room_users", |u| match u {
            U::Users { users, .. } => Some(users.len()),
            _ => None,
        })
        .await;
    assert_eq!(users, 2);

    h.space("bob", A::Leave { room: "lobby".into() }).await;
    h.space_update("bob", "left_room", |u| matches!(u, U::Left { room } if room == "lobby").then_some(())).await;
    let left = h
        .space_update("ann", "bob leaving", |u| match u {
            U::UserLeft { user, .. } => Some(user.username.clone()),
            _ => None,
        })
        .await;
    assert_eq!(left, "bob");
    // Disconnecting is leaving too.
    h.join("bob", "lobby").await;
    h.dispatch(Action::Disconnect { id: "bob".into() }).await;
    h.space_update("ann", "bob gone", |u| {
        matches!(u, U::UserLeft { user, .. } if user.username == "bob").then_some(())
    })
    .await;
}

/// Ann and bob in room `room`; ann sends `mib` MiB of every byte value (in an order that is
/// not a simple run) as `data.bin`. The server, the harness and the bytes.
async fn ann_sends_bob(room: &str, mib: u32) -> (Server, Harness, Vec<u8>, tempfile::TempDir) {
    let server = Server::start(Kind::Space, &[]);
    let mut h = Harness::new();
    h.space_connect(&server, "ann").await;
    h.space_connect(&server, "bob").await;
    h.join("ann", room).await;
    h.join("bob", room).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.bin");
    let data: Vec<u8> = (0..mib * 1024 * 1024).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&path, &data).unwrap();
    h.dispatch(Action::SendFile { id: "ann".into(), path: path.display().to_string(), target: room.into() }).await;
    (server, h, data, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_mib_binary_file_arrives_byte_for_byte() {
    let (_server, mut h, data, _dir) = ann_sends_bob("files", 10).await;
    let sent = h.file("ann's file confirmed", |f| f.state == FileState::Sent).await;
    // The relay reported how far the message streamed, up to all of it, before the confirmation.
    let streamed: Vec<(u64, u64)> = h
        .seen
        .iter()
        .filter_map(|u| match u {
            Update::File { file } if file.file_id == sent.file_id => match file.state {
                FileState::Sending { done, total } if total > 0 => Some((done, total)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert!(streamed.len() >= 2, "{streamed:?}");
    assert_eq!(streamed.last().map(|(d, t)| d == t), Some(true), "{streamed:?}");
    assert!(streamed[0].1 > data.len() as u64 * 4 / 3, "the whole message, base64 and all: {streamed:?}");
    assert_eq!(sent.sha256.as_deref(), Some(sha256_hex(&data).as_str()));
    assert_eq!(sent.size, data.len() as u64);
    h.entry("ann", "the file entry confirmed", |e| e.status == EntryStatus::Confirmed).await;

    let got = h.file("bob's copy", |f| f.state == FileState::Received).await;
    assert_eq!((got.name.as_str(), got.size, got.sender.as_deref()), ("data.bin", data.len() as u64, Some("ann")));
    assert_eq!(got.sha256, sent.sha256, "both sides show the same SHA-256");
    let entry = h.entry("bob", "the file in the chat", |e| matches!(e.body, EntryBody::File { .. })).await;
    assert_eq!(entry.body, EntryBody::File { file_id: got.file_id.clone() });

    let out = tempfile::tempdir().unwrap();
    h.dispatch(Action::SaveFile {
        file_id: got.file_id.clone(),
        path: out.path().join("copy.bin").display().to_string(),
    })
    .await;
    let saved = h.file("saved", |f| f.saved_path.is_some()).await;
    let saved_path = std::path::PathBuf::from(saved.saved_path.unwrap());
    assert_eq!(saved_path.parent().unwrap(), out.path().canonicalize().unwrap());
    assert!(std::fs::read(&saved_path).unwrap() == data, "byte for byte");
}

/// rust_socketio's WebSocket reader refuses a frame over 16 MiB (the server sends a file's
/// event as one frame): the relay passes the server's frames on in pieces of 4 MiB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_librarys_frame_limit_arrives() {
    // 14 MiB: 18.7 MiB of base64 in one event.
    let (_server, mut h, data, _dir) = ann_sends_bob("big", 14).await;
    let got = h.file("bob's copy", |f| f.state == FileState::Received).await;
    assert_eq!(got.sha256.as_deref(), Some(sha256_hex(&data).as_str()), "arrived intact");
    assert!(
        !h.seen.iter().any(|u| matches!(u, Update::Connection { id, state: switchboard_core::ConnState::Reconnecting { .. } } if id == "bob")),
        "bob's connection held"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_fail_the_request_and_retry_sends_again() {
    let server = Server::start(Kind::Space, &["--max-message", "10"]);
    let mut h = Harness::new();
    h.space_connect(&server, "ann").await;
    h.join("ann", "lobby").await;

    h.space("ann", A::Message { room: "lobby".into(), text: "far too long for it".into() }).await;
    let failed = h.entry("ann", "a refused message", |e| matches!(e.status, EntryStatus::Failed { .. })).await;
    let EntryStatus::Failed { reason } = &failed.status else { unreachable!() };
    assert!(!reason.is_empty());
    h.space("ann", A::Retry { key: failed.key.clone() }).await;
    h.entry("ann", "pending again", |e| e.key == failed.key && e.status == EntryStatus::Pending).await;
    h.entry("ann", "refused again", |e| e.key == failed.key && matches!(e.status, EntryStatus::Failed { .. })).await;

    // A room one is not in.
    let refused = h.ask("ann", 41, A::Leave { room: "elsewhere".into() }).await;
    assert!(refused.is_some_and(|e| !e.is_empty()), "the leave is answered with the server's error");
    assert_eq!(h.ask("ann", 42, A::ListUsers { room: "lobby".into() }).await, None, "done");

    // A file type the server refuses fails with its reason; Retry reads and sends it again.
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("tool.exe");
    std::fs::write(&exe, b"MZ").unwrap();
    h.dispatch(Action::SendFile { id: "ann".into(), path: exe.display().to_string(), target: "lobby".into() }).await;
    let refused = h.file("a refused file", |f| matches!(f.state, FileState::Failed { .. })).await;
    h.dispatch(Action::RetryFile { file_id: refused.file_id.clone() }).await;
    h.file("sending again", |f| f.file_id == refused.file_id && matches!(f.state, FileState::Sending { .. })).await;
    h.file("refused again", |f| f.file_id == refused.file_id && matches!(f.state, FileState::Failed { .. })).await;

    // Over this server's limit: refused before reading, in words.
    let mut o = options(server.url("/"));
    o.protocol = Protocol::Space;
    o.max_file_bytes = Some(1024);
    h.connect("small", o).await;
    let big = dir.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 2048]).unwrap();
    let err = h
        .core
        .dispatch(Action::SendFile { id: "small".into(), path: big.display().to_string(), target: "lobby".into() })
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("2.0 KiB") && err.contains("1.0 KiB"), "{err}");
    // A received file cannot be asked for again in The Space: said in words.
    let err = h.core.dispatch(Action::RetryFile { file_id: "in-404".into() }).await.unwrap_err().to_string();
    assert!(err.contains("no file"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_written_while_the_server_is_down_arrives_after_it_returns() {
    let mut server = Server::start(Kind::Space, &[]);
    let mut h = Harness::new();
    h.space_connect(&server, "ann").await;
    h.space_connect(&server, "bob").await;
    h.join("ann", "lobby").await;
    h.join("bob", "lobby").await;
    server.kill();
    h.wait_for("ann reconnecting", |u| match u {
        Update::Connection { id, state: switchboard_core::ConnState::Reconnecting { .. } } if id == "ann" => Some(()),
        _ => None,
    })
    .await;
    h.space("ann", A::Message { room: "lobby".into(), text: "written offline".into() }).await;
    let pending = h.entry("ann", "pending while offline", |e| e.status == EntryStatus::Pending).await;
    server.restart();
    // Both rejoin by themselves; the message goes out after the rejoin and is confirmed.
    let confirmed = h.entry("ann", "confirmed after the return", |e| e.status == EntryStatus::Confirmed).await;
    assert_eq!(confirmed.key, pending.key);
    h.space_update("bob", "bob rejoined", |u| matches!(u, U::Joined { room, .. } if room == "lobby").then_some(()))
        .await;
    // (The server keeps no history: what ann sent before bob was back is not bob's to see.)
    h.space("ann", A::Message { room: "lobby".into(), text: "both back".into() }).await;
    let got = h.entry("bob", "a message after both returned", |e| text(e) == Some("both back")).await;
    assert_eq!(got.username, "ann");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_jwt_secret_only_a_signed_token_gets_in() {
    let server = Server::start(Kind::Space, &["--jwt-secret", "s3cret"]);
    let token = std::process::Command::new(python())
        .args(["-c", "import jwt; print(jwt.encode({'sub': 'ann'}, 's3cret', algorithm='HS256'))"])
        .output()
        .expect("python runs");
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let mut h = Harness::new();
    let mut good = options(server.url("/"));
    good.protocol = Protocol::Space;
    good.auth = Some(serde_json::json!({"token": token}));
    h.connect("good", good.clone()).await;
    h.connected("good").await;
    let mut bad = good;
    bad.auth = Some(serde_json::json!({"token": "not-a-jwt"}));
    bad.reconnect = false;
    h.connect("bad", bad).await;
    let reason = h
        .wait_for("the refusal", |u| match u {
            Update::Connection { id, state: switchboard_core::ConnState::Disconnected { reason } } if id == "bad" => {
                Some(reason.clone())
            }
            _ => None,
        })
        .await;
    assert!(reason.contains("invalid token"), "{reason}");
}
