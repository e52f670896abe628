use super::*;
use base64::{engine::general_purpose::STANDARD, Engine};

fn id() -> ConnId {
    "pku".into()
}

fn file_exchange_updates(r: &Reaction) -> Vec<FileExchangeUpdate> {
    r.updates
        .iter()
        .filter_map(|u| match u {
            Update::Protocol { update: ProtocolUpdate::FileExchange(update), .. } => Some(update.clone()),
            _ => None,
        })
        .collect()
}

fn started(files: &Arc<FileStore>) -> FileExchange {
    let mut t = FileExchange::new(files.clone(), 1 << 20);
    t.connected(&id());
    t.event(&id(), "session-start-success", &[json!("s1")]);
    t
}

fn answer(
    t: &mut FileExchange,
    files: &Arc<FileStore>,
    dir: &std::path::Path,
    server_file_id: &str,
    body: &[u8],
) -> (String, Reaction) {
    let path = dir.join(format!("{server_file_id}.out"));
    std::fs::write(&path, body).unwrap();
    let (info, _) = files.begin_send(&id(), &path, server_file_id, 1 << 20, None).unwrap();
    files.ready(&info.file_id, STANDARD.encode(body), String::new());
    let r = t.send_file(&id(), &info.file_id).unwrap();
    (info.file_id, r)
}

#[test]
fn a_session_runs_to_finish() {
    let files = FileStore::new();
    let mut t = FileExchange::new(files.clone(), 1 << 20);
    assert_eq!(
        t.request(&id(), None, FileExchangeAction::Start, vec![]).unwrap().emits,
        vec![("session-start".into(), vec![json!({})])]
    );
    let r = t.event(&id(), "session-start-success", &[json!({"sessionId": "s1"})]);
    assert_eq!(file_exchange_updates(&r), vec![FileExchangeUpdate::Started { session_id: "s1".into() }]);
    assert!(t.request(&id(), None, FileExchangeAction::Start, vec![]).is_err(), "one session at a time");
    let r = t.event(&id(), "session-file-available", &[json!({"sessionId": "s1", "fileId": "f1", "content": "hello"})]);
    let Update::File { file } = &r.updates[0] else { panic!() };
    assert_eq!((file.name.as_str(), file.size, file.is_text), ("f1", 5, true));
    let dir = tempfile::tempdir().unwrap();
    let (answer_id, r) = answer(&mut t, &files, dir.path(), "f1", b"result text");
    assert_eq!(r.emits, vec![send_emit("s1", "f1", "result text")], "text answers go as text");
    let r = t.event(&id(), "session-file-send-success", &[json!({"sessionId": "s1", "fileId": "f1"})]);
    assert!(file_exchange_updates(&r).contains(&FileExchangeUpdate::Answer {
        server_file_id: "f1".into(),
        file_id: answer_id.clone(),
        state: AnswerState::Answered
    }));
    assert_eq!(files.info(&answer_id).unwrap().state, FileState::Sent);
    let r = t.event(&id(), "session-close", &[json!({"type": "finish"})]);
    assert_eq!(file_exchange_updates(&r), vec![FileExchangeUpdate::Ended { end: SessionEnd::Finish }]);
    assert!(t.request(&id(), None, FileExchangeAction::Abort, vec![]).is_err(), "no session now");
}

#[test]
fn binary_answers_go_as_base64_and_binary_files_are_decoded() {
    let files = FileStore::new();
    let mut t = started(&files);
    let png = [0x89u8, b'P', b'N', b'G', 0, 1, 2, 3];
    let r = t.event(&id(), "session-file-available", &[json!({"fileId": "f2", "content": STANDARD.encode(png)})]);
    let Update::File { file } = &r.updates[0] else { panic!() };
    assert_eq!((file.size, file.is_text), (8, false));
    let dir = tempfile::tempdir().unwrap();
    let (_, r) = answer(&mut t, &files, dir.path(), "f2", &png);
    assert_eq!(r.emits, vec![send_emit("s1", "f2", &STANDARD.encode(png))]);
}

#[test]
fn a_failed_answer_and_a_repeat() {
    let files = FileStore::new();
    let mut t = started(&files);
    let r = t.event(&id(), "session-file-available", &[json!({"fileId": "f1", "content": "x"})]);
    let received = match &file_exchange_updates(&r)[0] {
        FileExchangeUpdate::FileAvailable { file_id, repeat: false, .. } => file_id.clone(),
        other => panic!("{other:?}"),
    };
    let dir = tempfile::tempdir().unwrap();
    let (answer_id, _) = answer(&mut t, &files, dir.path(), "f1", b"r");
    // Without a fileId the error is the oldest answer's.
    let r = t.event(&id(), "session-file-send-error", &[json!({"message": "storage is busy"})]);
    assert!(file_exchange_updates(&r).contains(&FileExchangeUpdate::Answer {
        server_file_id: "f1".into(),
        file_id: answer_id.clone(),
        state: AnswerState::Failed { reason: "storage is busy".into() }
    }));
    assert!(matches!(files.info(&answer_id).unwrap().state, FileState::Failed { .. }));
    let r = t.repeat(&received).unwrap();
    assert_eq!(r.emits, vec![("session-file-repeat".into(), vec![json!({"sessionId": "s1", "fileId": "f1"})])]);
    let r = t.event(&id(), "session-file-available", &[json!({"fileId": "f1", "content": "x2"})]);
    assert!(
        matches!(&file_exchange_updates(&r)[0], FileExchangeUpdate::FileAvailable { file_id, repeat: true, .. } if *file_id == received)
    );
    assert_eq!(files.bytes(&received).unwrap(), b"x2");
    assert!(t.repeat("nope").is_err());
}

#[test]
fn a_dropped_connection_resumes_and_resends_answers_on_their_way() {
    let files = FileStore::new();
    let mut t = started(&files);
    t.event(&id(), "session-file-available", &[json!({"fileId": "f1", "content": "x"})]);
    let dir = tempfile::tempdir().unwrap();
    answer(&mut t, &files, dir.path(), "f1", b"answer");
    t.lost();
    let r = t.connected(&id());
    assert_eq!(r.emits, vec![("session-reconnect".into(), vec![json!({"sessionId": "s1"})])]);
    let r = t.event(&id(), "session-reconnect-success", &[json!("s1")]);
    assert_eq!(
        file_exchange_updates(&r)[0],
        FileExchangeUpdate::Resumed { session_id: "s1".into(), resumed: true, message: None }
    );
    assert_eq!(r.emits, vec![send_emit("s1", "f1", "answer")]);
    // Resent once only.
    t.lost();
    t.event(&id(), "session-file-send-success", &[json!({"fileId": "f1"})]);
    t.connected(&id());
    assert!(t.event(&id(), "session-reconnect-success", &[json!({"sessionId": "s1"})]).emits.is_empty());
    // A refused resume ends the session in words.
    t.lost();
    t.connected(&id());
    let r = t.event(&id(), "session-reconnect-error", &[json!({"message": "session has ended"})]);
    let u = file_exchange_updates(&r);
    assert!(matches!(&u[0], FileExchangeUpdate::Resumed { resumed: false, .. }));
    assert!(
        matches!(&u[1], FileExchangeUpdate::Ended { end: SessionEnd::Other { text } } if text == "session has ended")
    );
}

#[test]
fn timeout_close_names_the_missing_file() {
    let files = FileStore::new();
    let mut t = started(&files);
    t.event(&id(), "session-file-available", &[json!({"fileId": "f1", "content": "x"})]);
    let r = t.event(&id(), "session-close", &[json!({"type": "timeout-close"})]);
    assert_eq!(
        file_exchange_updates(&r),
        vec![FileExchangeUpdate::Ended { end: SessionEnd::TimeoutClose { missing: Some("f1".into()) } }]
    );
}

#[test]
fn errors_logs_abort_and_bad_payloads() {
    let files = FileStore::new();
    let mut t = started(&files);
    let r = t.event(&id(), "connection-auth-error", &[json!("invalid token")]);
    assert_eq!(file_exchange_updates(&r), vec![FileExchangeUpdate::AuthError { message: "invalid token".into() }]);
    // An error nothing waits for is shown as the server's own; one that answers a
    // request ends it, by the caller's id.
    let r = t.event(&id(), "session-start-error", &[json!({"message": "busy"})]);
    assert_eq!(file_exchange_updates(&r), vec![FileExchangeUpdate::Error { message: "busy".into() }]);
    t.request(&id(), Some(8), FileExchangeAction::SendLogs, vec![]).unwrap();
    let r = t.event(&id(), "logs-send-error", &[json!({"message": "too many"})]);
    assert_eq!(r.updates, vec![Update::Answer { id: id(), request_id: 8, error: Some("too many".into()) }]);
    t.request(&id(), Some(9), FileExchangeAction::SendLogs, vec![]).unwrap();
    let r = t.event(&id(), "logs-send-success", &[]);
    assert_eq!(r.updates.last(), Some(&Update::Answer { id: id(), request_id: 9, error: None }));
    let r = t.request(&id(), None, FileExchangeAction::SendLogs, vec!["a".into()]).unwrap();
    assert_eq!(r.emits, vec![("logs-send".into(), vec![json!({"sessionId": "s1", "logs": ["a"]})])]);
    assert_eq!(file_exchange_updates(&t.event(&id(), "logs-send-success", &[])), vec![FileExchangeUpdate::LogsSent]);
    let r = t.request(&id(), None, FileExchangeAction::Abort, vec![]).unwrap();
    assert_eq!(r.emits, vec![("session-client-abort".into(), vec![json!({"sessionId": "s1"})])]);
    let r = t.event(&id(), "session-client-abort-success", &[json!({"sessionId": "s1"})]);
    assert_eq!(file_exchange_updates(&r), vec![FileExchangeUpdate::Ended { end: SessionEnd::Aborted }]);
    for (event, payload) in [
        ("session-file-available", json!("text")),
        ("session-file-available", json!({"content": "no id"})),
        ("session-start-success", json!({})),
        ("session-file-send-success", json!({"fileId": "unknown"})),
    ] {
        let r = t.event(&id(), event, &[payload]);
        assert!(r.updates.iter().any(|u| matches!(u, Update::Warning { .. })), "{event}: {r:?}");
    }
}
