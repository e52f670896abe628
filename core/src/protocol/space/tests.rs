use super::*;
use base64::{engine::general_purpose::STANDARD, Engine};

fn t() -> Space {
    Space::new(FileStore::new(), 1024 * 1024)
}

fn id() -> ConnId {
    "c".into()
}

fn space_updates(r: &Reaction) -> Vec<SpaceUpdate> {
    r.updates
        .iter()
        .filter_map(|u| match u {
            Update::Protocol { update: ProtocolUpdate::Space(update), .. } => Some(update.clone()),
            _ => None,
        })
        .collect()
}

fn entries(r: &Reaction) -> Vec<ChatEntry> {
    space_updates(r)
        .into_iter()
        .filter_map(|u| match u {
            SpaceUpdate::Entry { entry } => Some(entry),
            _ => None,
        })
        .collect()
}

fn warnings(r: &Reaction) -> Vec<String> {
    r.updates
        .iter()
        .filter_map(|u| match u {
            Update::Warning { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

fn joined(t: &mut Space, room: &str, name: &str) {
    t.request(&id(), None, SpaceAction::Join { room: room.into(), username: name.into() }).unwrap();
    t.event(&id(), "joined_room", &[json!({"room": room})]);
    t.connected(&id());
}

#[test]
fn requests_have_the_reference_shapes() {
    let mut t = t();
    let r = t.request(&id(), None, SpaceAction::Join { room: " lobby ".into(), username: "ann".into() }).unwrap();
    assert_eq!(r.emits, vec![("join_room".into(), vec![json!({"room": "lobby", "username": "ann"})])]);
    let r = t.request(&id(), None, SpaceAction::Leave { room: "lobby".into() }).unwrap();
    assert_eq!(r.emits, vec![("leave_room".into(), vec![json!({"room": "lobby"})])]);
    let r = t.request(&id(), None, SpaceAction::ListUsers { room: "lobby".into() }).unwrap();
    assert_eq!(r.emits, vec![("get_room_users".into(), vec![json!({"room": "lobby"})])]);
    let r = t.request(&id(), None, SpaceAction::Message { room: "lobby".into(), text: "hi".into() }).unwrap();
    assert_eq!(r.emits, vec![("send_message".into(), vec![json!({"room": "lobby", "message": "hi"})])]);
    assert!(t.request(&id(), None, SpaceAction::Message { room: "lobby".into(), text: "  ".into() }).is_err());
    assert!(t.request(&id(), None, SpaceAction::Join { room: "".into(), username: "x".into() }).is_err());
    assert!(t.request(&id(), None, SpaceAction::Join { room: "r".into(), username: " ".into() }).is_err());
}

#[test]
fn a_message_is_pending_until_confirmed_and_shown_once() {
    let mut t = t();
    joined(&mut t, "lobby", "ann");
    let r = t.request(&id(), None, SpaceAction::Message { room: "lobby".into(), text: "hi".into() }).unwrap();
    let pending = entries(&r).remove(0);
    assert_eq!(pending.status, EntryStatus::Pending);
    assert!(pending.mine);
    assert_eq!(pending.username, "ann");
    let r =
        t.event(&id(), "message_sent", &[json!({"id": "m1", "room": "lobby", "timestamp": "2026-01-02T03:04:05Z"})]);
    let confirmed = entries(&r).remove(0);
    assert_eq!(confirmed.key, pending.key);
    assert_eq!(confirmed.status, EntryStatus::Confirmed);
    assert_eq!(confirmed.time, Some(1_767_323_045_000));
    // A server that also broadcasts to the sender: the same id is not shown again.
    let r = t.event(&id(), "new_message", &[json!({"id": "m1", "room": "lobby", "username": "ann", "message": "hi"})]);
    assert!(r.updates.is_empty());
    // Other people's messages, twice: once.
    let m = json!({"id": "m2", "room": "lobby", "username": "bob", "message": "yo"});
    assert_eq!(entries(&t.event(&id(), "new_message", std::slice::from_ref(&m))).len(), 1);
    assert!(t.event(&id(), "new_message", &[m]).updates.is_empty());
}

#[test]
fn an_echo_before_the_confirmation_confirms() {
    let mut t = t();
    joined(&mut t, "lobby", "ann");
    let pending =
        entries(&t.request(&id(), None, SpaceAction::Message { room: "lobby".into(), text: "hi".into() }).unwrap())
            .remove(0);
    let r = t.event(&id(), "new_message", &[json!({"id": "m1", "room": "lobby", "username": "ann", "message": "hi"})]);
    let e = entries(&r).remove(0);
    assert_eq!((e.key, e.status), (pending.key, EntryStatus::Confirmed));
    // The later message_sent finds nothing waiting: a warning, not a second entry.
    let r = t.event(&id(), "message_sent", &[json!({"id": "m1", "room": "lobby"})]);
    assert!(entries(&r).is_empty());
}

#[test]
fn a_late_confirmation_of_an_echoed_message_does_not_confirm_the_next() {
    let mut t = t();
    joined(&mut t, "lobby", "ann");
    let send = |t: &mut Space, text: &str| {
        entries(&t.request(&id(), None, SpaceAction::Message { room: "lobby".into(), text: text.into() }).unwrap())
            .remove(0)
    };
    let first = send(&mut t, "one");
    let second = send(&mut t, "two");
    // The server echoes the first to the room (confirming it), then confirms it by its id.
    let r = t.event(&id(), "new_message", &[json!({"id": "m1", "room": "lobby", "username": "ann", "message": "one"})]);
    assert_eq!(entries(&r)[0].key, first.key);
    let r = t.event(&id(), "message_sent", &[json!({"id": "m1", "room": "lobby"})]);
    assert!(entries(&r).is_empty(), "the second is not confirmed by the first's id: {r:?}");
    // The server refuses the second: the error is its answer.
    let r = t.event(&id(), "error", &[json!({"message": "Message too long"})]);
    let e = entries(&r).remove(0);
    assert_eq!((e.key, e.status), (second.key, EntryStatus::Failed { reason: "Message too long".into() }));
}

#[test]
fn errors_and_timeouts_fail_the_oldest_request_and_retry_resends() {
    let mut t = t();
    joined(&mut t, "lobby", "ann");
    let pending =
        entries(&t.request(&id(), None, SpaceAction::Message { room: "lobby".into(), text: "hi".into() }).unwrap())
            .remove(0);
    let r = t.event(&id(), "error", &[json!({"message": "Message too long"})]);
    assert_eq!(entries(&r)[0].status, EntryStatus::Failed { reason: "Message too long".into() });
    let r = t.request(&id(), None, SpaceAction::Retry { key: pending.key.clone() }).unwrap();
    assert_eq!(entries(&r)[0].status, EntryStatus::Pending);
    assert_eq!(r.emits.len(), 1);
    assert!(t.request(&id(), None, SpaceAction::Retry { key: pending.key.clone() }).is_err(), "not failed now");
    let now = t.now;
    assert!(t.tick(&id(), now).updates.is_empty());
    let r = t.tick(&id(), now + CONFIRM_MS + 1);
    assert!(matches!(&entries(&r)[0].status, EntryStatus::Failed { reason } if reason.contains("in time")));
    // Offline, nothing times out (the request is still queued).
    t.request(&id(), None, SpaceAction::Retry { key: pending.key }).unwrap();
    t.lost();
    assert!(t.tick(&id(), now + 10 * CONFIRM_MS).updates.is_empty());
    // An error with nothing waiting, or a bare string, is still shown.
    let mut t2 = self::t();
    let r = t2.event(&id(), "error", &[json!("Room not found")]);
    assert_eq!(space_updates(&r), vec![SpaceUpdate::Error { message: "Room not found".into() }]);
    // An error answers the oldest request waiting: the caller's join, by its id.
    t2.request(&id(), Some(7), SpaceAction::Join { room: "x".into(), username: "a".into() }).unwrap();
    let r = t2.event(&id(), "error", &[json!({"message": "Room is closed"})]);
    assert_eq!(r.updates, vec![Update::Answer { id: id(), request_id: 7, error: Some("Room is closed".into()) }]);
}

#[test]
fn answers_carry_the_callers_request_ids() {
    let mut t = t();
    let answers = |r: &Reaction| crate::protocol::asked::answers_in(&r.updates);
    t.connected(&id());
    t.request(&id(), Some(1), SpaceAction::Join { room: "a".into(), username: "ann".into() }).unwrap();
    t.request(&id(), Some(2), SpaceAction::Join { room: "b".into(), username: "ann".into() }).unwrap();
    // Answers by room, in any order.
    assert_eq!(answers(&t.event(&id(), "joined_room", &[json!({"room": "b"})])), vec![(2, None)]);
    assert_eq!(answers(&t.event(&id(), "joined_room", &[json!({"room": "a"})])), vec![(1, None)]);
    // A message: done when confirmed (by the echo or by message_sent); failed by a timeout.
    t.request(&id(), Some(3), SpaceAction::Message { room: "a".into(), text: "hi".into() }).unwrap();
    let echo = json!({"id": "m1", "room": "a", "username": "ann", "message": "hi"});
    assert_eq!(answers(&t.event(&id(), "new_message", &[echo])), vec![(3, None)]);
    t.request(&id(), Some(4), SpaceAction::Message { room: "a".into(), text: "again".into() }).unwrap();
    let r = t.tick(&id(), t.now + CONFIRM_MS + 1);
    assert_eq!(answers(&r), vec![(4, Some("the server did not confirm it in time".into()))]);
    // A leave without an id is answered with no answer update.
    t.request(&id(), None, SpaceAction::Leave { room: "b".into() }).unwrap();
    assert!(answers(&t.event(&id(), "left_room", &[json!({"room": "b"})])).is_empty());
}

#[test]
fn a_new_connection_rejoins_the_rooms() {
    let mut t = t();
    assert!(t.connected(&id()).emits.is_empty(), "the first connection joins nothing");
    t.request(&id(), None, SpaceAction::Join { room: "b".into(), username: "ann".into() }).unwrap();
    t.request(&id(), None, SpaceAction::Join { room: "a".into(), username: "ann".into() }).unwrap();
    t.event(&id(), "left_room", &[json!({"room": "b"})]);
    t.lost();
    let r = t.connected(&id());
    assert_eq!(r.emits, vec![("join_room".into(), vec![json!({"room": "a", "username": "ann"})])]);
}

#[test]
fn aliases_are_accepted() {
    let mut t = t();
    let r = t.event(
        &id(),
        "new_message",
        &[json!({"room_id": "r", "sender": "bob", "text": "a", "created_at": 1_700_000_000})],
    );
    let e = entries(&r).remove(0);
    assert_eq!((e.room.as_str(), e.username.as_str(), e.time), ("r", "bob", Some(1_700_000_000_000)));
    assert_eq!(e.body, EntryBody::Text { text: "a".into() });
    let r = t.event(
        &id(),
        "new_message",
        &[json!({"room": "r", "user": "cy", "content": "b", "time": "2026-01-01 00:00:00"})],
    );
    assert_eq!(entries(&r)[0].username, "cy");
    let r = t.event(&id(), "new_message", &[json!({"room": "r", "name": "di", "message": 42})]);
    assert_eq!(entries(&r)[0].body, EntryBody::Text { text: "42".into() });
    let r = t.event(
        &id(),
        "new_file",
        &[json!({"room": "r", "user": "bob", "name": "a.txt", "type": "text/plain", "data": STANDARD.encode("hey")})],
    );
    let Update::File { file } = &r.updates[0] else { panic!("{r:?}") };
    assert_eq!(
        (file.name.as_str(), file.mime.as_deref(), file.size, file.sender.as_deref()),
        ("a.txt", Some("text/plain"), 3, Some("bob"))
    );
    assert_eq!(file.state, FileState::Received);
    let r = t.event(&id(), "room_users", &[json!({"room": "r", "users": ["ann", {"user": "bob", "sid": "s2"}, 7]})]);
    assert_eq!(
        space_updates(&r)[0],
        SpaceUpdate::Users {
            room: "r".into(),
            users: vec![
                SpaceUser { username: "ann".into(), sid: None },
                SpaceUser { username: "bob".into(), sid: Some("s2".into()) }
            ]
        }
    );
    assert_eq!(warnings(&r).len(), 1, "the 7 is skipped with a warning");
    let r = t.event(&id(), "joined_room", &[json!({"room_id": "r", "extra": true})]);
    assert_eq!(space_updates(&r), vec![SpaceUpdate::Joined { room: "r".into(), users: None }]);
}

#[test]
fn malformed_payloads_warn_and_never_panic() {
    let mut t = t();
    for (event, payload) in [
        ("new_message", json!("just a string")),
        ("new_message", json!({"username": "x", "message": "no room"})),
        ("new_message", json!({"room": "r", "username": "x"})),
        ("new_message", json!({"room": "r", "message": {"nested": 1}})),
        ("new_file", json!({"room": "r", "filename": "a"})),
        ("joined_room", json!([1, 2])),
        ("room_users", json!({"room": "r", "users": "everyone"})),
        ("user_joined_room", json!(null)),
    ] {
        let r = t.event(&id(), event, std::slice::from_ref(&payload));
        assert!(!warnings(&r).is_empty(), "{event} {payload}: {r:?}");
    }
    assert!(t.event(&id(), "unrelated", &[json!(1)]).updates.is_empty());
    assert!(t.event(&id(), "new_message", &[]).updates.len() == 1);
}

#[test]
fn huge_and_hostile_text_is_kept_as_text() {
    let mut t = t();
    let big = "x".repeat(1_000_000);
    let script = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let r = t.event(&id(), "new_message", &[json!({"room": "r", "username": script, "message": big})]);
    let e = entries(&r).remove(0);
    assert_eq!(e.username, script, "names are text; the window renders them as text");
    let EntryBody::Text { text } = e.body else { panic!() };
    assert_eq!(text.chars().count(), MAX_SHOWN_TEXT + 1);
    assert!(text.ends_with('…'));
    assert_eq!(warnings(&r).len(), 1);
    let r = t.event(&id(), "new_message", &[json!({"room": script.repeat(10), "username": "u", "message": script})]);
    let e = entries(&r).remove(0);
    assert_eq!(e.body, EntryBody::Text { text: script.into() });
    assert_eq!(e.room.chars().count(), MAX_SHOWN_NAME + 1);
}

#[test]
fn files_are_pending_until_file_sent() {
    let files = FileStore::new();
    let mut t = Space::new(files.clone(), 1024);
    joined(&mut t, "lobby", "ann");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "data").unwrap();
    let (info, _) = files.begin_send(&id(), &path, "lobby", 1024, None).unwrap();
    files.ready(&info.file_id, STANDARD.encode("data"), crate::files::sha256_hex(b"data"));
    let r = t.send_file(&id(), &info.file_id).unwrap();
    assert_eq!(r.emits[0].0, "send_file");
    assert_eq!(
        r.emits[0].1[0],
        json!({"room": "lobby", "filename": "a.txt", "content": "ZGF0YQ==", "mime_type": "text/plain", "size": 4})
    );
    let entry = entries(&r).remove(0);
    assert_eq!(entry.status, EntryStatus::Pending);
    let r = t.event(&id(), "file_sent", &[json!({"id": "f1", "room": "lobby", "filename": "a.txt"})]);
    assert_eq!(entries(&r)[0].status, EntryStatus::Confirmed);
    assert_eq!(files.info(&info.file_id).unwrap().state, FileState::Sent);
    // Refused: the entry and the file fail; a retry reuses the entry.
    let (_, _) = files.begin_send(&id(), &path, "lobby", 1024, Some(&info.file_id)).unwrap();
    files.ready(&info.file_id, STANDARD.encode("data"), String::new());
    let again = entries(&t.send_file(&id(), &info.file_id).unwrap()).remove(0);
    assert_eq!(again.key, entry.key);
    let r = t.event(&id(), "error", &[json!({"message": "File type not allowed"})]);
    assert!(matches!(files.info(&info.file_id).unwrap().state, FileState::Failed { .. }));
    assert!(matches!(entries(&r)[0].status, EntryStatus::Failed { .. }));
}
