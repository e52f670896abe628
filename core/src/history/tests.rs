//! The history on a real SQLite file.

use serde_json::json;

use super::*;
use crate::api::history::{HistoryKind, HistoryLimits, HistoryQuery, SavedMessage};
use crate::api::{ConnState, Direction, Update};
use rusqlite::Connection;

fn event(server: &str, direction: Direction, name: &str, args: serde_json::Value, time: u64) -> Update {
    Update::Event {
        id: server.into(),
        direction,
        namespace: "/".into(),
        event: name.into(),
        args: socketio::json::from_values(args.as_array().cloned().unwrap_or_default()),
        ack: None,
        emit_id: None,
        time,
    }
}

fn all(h: &History, server: &str) -> Vec<HistoryRow> {
    h.page(server, &HistoryQuery { limit: Some(MAX_PAGE), ..Default::default() }).unwrap().0
}

#[test]
fn kept_across_a_restart_per_server_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h").join("history.sqlite3");
    {
        let h = History::open(&path).unwrap();
        let r = h.recorder();
        r.record(&event("a", Direction::In, "chat", json!([{"text": "Привет, мир"}]), 1));
        r.record(&event("a", Direction::Out, "chat", json!(["你好世界"]), 2));
        r.record(&event("b", Direction::In, "other", json!([1]), 3));
        r.record(&Update::Profiles { profiles: vec![] });
        h.flush();
    }
    let h = History::open(&path).unwrap();
    let rows = all(&h, "a");
    assert_eq!(rows.iter().map(|r| r.time).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(rows[0].args, vec![json!({"text": "Привет, мир"})]);
    let find = |text: &str| {
        let q = HistoryQuery { text: Some(text.into()), ..Default::default() };
        h.page("a", &q).unwrap().0.into_iter().map(|r| r.time).collect::<Vec<_>>()
    };
    assert_eq!(find("привет"), [1], "any case, any script");
    assert_eq!(find("世界"), [2], "two characters are matched row by row");
    assert_eq!(find("ПР"), [1], "in any case too");
    assert_eq!(find("chat"), [1, 2], "names too");
    assert_eq!(find("other"), Vec::<u64>::new(), "another server's rows are not this one's");
    assert_eq!(find("\"*) OR 1"), Vec::<u64>::new(), "FTS syntax is only text");
    let out = HistoryQuery { direction: Some(Direction::Out), ..Default::default() };
    assert_eq!(h.page("a", &out).unwrap().0.len(), 1);
    let later = HistoryQuery { since: Some(2), until: Some(9), ..Default::default() };
    assert_eq!(h.page("a", &later).unwrap().0[0].time, 2);
}

#[test]
fn pages_go_back_from_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
    let r = h.recorder();
    for t in 0..25 {
        r.record(&event("a", Direction::In, "tick", json!([t]), t));
    }
    let (page, more) = h.page("a", &HistoryQuery { limit: Some(10), ..Default::default() }).unwrap();
    assert!(more);
    assert_eq!(page.iter().map(|r| r.time).collect::<Vec<_>>(), (15..25).collect::<Vec<_>>());
    let q = HistoryQuery { limit: Some(10), before_row: Some(page[0].row), ..Default::default() };
    let (older, _) = h.page("a", &q).unwrap();
    assert_eq!(older.last().unwrap().time, 14);
    let q = HistoryQuery { limit: Some(10), before_row: Some(older[0].row), ..Default::default() };
    let (oldest, more) = h.page("a", &q).unwrap();
    assert_eq!((oldest.len(), more), (5, false));
}

#[test]
fn an_emit_and_its_answer_point_at_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
    let r = h.recorder();
    let mut emit = event("a", Direction::Out, "ask", json!([1]), 0);
    if let Update::Event { emit_id, .. } = &mut emit {
        *emit_id = Some(7);
    }
    r.record(&emit);
    std::thread::sleep(std::time::Duration::from_millis(20));
    r.record(&Update::Ack { id: "a".into(), emit_id: 7, args: vec![json!("yes").into()] });
    r.record(&Update::AckTimeout { id: "a".into(), emit_id: 8, timeout_ms: 5000 });
    r.record(&Update::Connection {
        id: "a".into(),
        state: ConnState::Disconnected { reason: "The server closed the connection".into() },
    });
    let rows = all(&h, "a");
    let (sent, answer) = (&rows[0], &rows[1]);
    assert_eq!((answer.kind, answer.event.as_str()), (HistoryKind::Ack, "ask"), "the answer is named after its emit");
    assert_eq!(sent.linked_row, Some(answer.row));
    assert_eq!(answer.linked_row, Some(sent.row));
    assert!(sent.round_trip_ms.is_some() && answer.round_trip_ms == sent.round_trip_ms);
    assert_eq!(rows[2].kind, HistoryKind::AckTimeout);
    assert_eq!((rows[3].kind, rows[3].event.as_str()), (HistoryKind::State, "disconnected"));
    assert_eq!(rows[3].detail.as_deref(), Some("The server closed the connection"));
    let states = HistoryQuery { kinds: vec![HistoryKind::State], ..Default::default() };
    assert_eq!(h.page("a", &states).unwrap().0.len(), 1);
}

#[test]
fn the_oldest_go_first_past_the_limits_and_clear_forgets() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
    h.set_limits(HistoryLimits { max_events: 100, max_bytes: 1 << 30 });
    let r = h.recorder();
    for t in 0..250 {
        r.record(&event("a", Direction::In, "tick", json!([t]), t));
        r.record(&event("b", Direction::In, "tick", json!([t]), t));
    }
    let rows = all(&h, "a");
    assert!(rows.len() <= 100 && rows.len() >= 90, "{}", rows.len());
    assert_eq!(rows.last().unwrap().time, 249, "the newest stay");
    let q = HistoryQuery { text: Some("tick".into()), ..Default::default() };
    assert_eq!(h.page("a", &q).unwrap().0.len(), rows.len(), "the index forgets what is removed");
    h.clear("a").unwrap();
    assert!(all(&h, "a").is_empty());
    assert!(!all(&h, "b").is_empty(), "only that server's");
    // A limit by size: 200 rows of about 1 KiB in 100 KiB.
    h.set_limits(HistoryLimits { max_events: 1_000_000, max_bytes: 100 * 1024 });
    for t in 0..200 {
        r.record(&event("c", Direction::In, "big", json!(["x".repeat(1000)]), t));
    }
    let n = all(&h, "c").len();
    assert!((80..=100).contains(&n), "{n}");
}

#[test]
fn exports_what_a_query_finds() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
    let r = h.recorder();
    for t in 0..10 {
        r.record(&event("a", Direction::In, if t % 2 == 0 { "even" } else { "odd" }, json!([t]), t));
    }
    let file = dir.path().join("out.jsonl");
    let q = HistoryQuery { event: Some("even".into()), ..Default::default() };
    assert_eq!(h.export("a", &q, ExportFormat::Jsonl, &file).unwrap(), 5);
    let text = std::fs::read_to_string(&file).unwrap();
    let rows: Vec<HistoryRow> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.iter().map(|r| r.time).collect::<Vec<_>>(), [0, 2, 4, 6, 8]);
    let csv = dir.path().join("out.csv");
    assert_eq!(h.export("a", &HistoryQuery::default(), ExportFormat::Csv, &csv).unwrap(), 10);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 11);
    assert!(!dir.path().join("out.part").exists());
}

#[test]
fn saved_messages_are_kept_in_order_and_replaced_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
    let msg = |name: &str| SavedMessage {
        id: String::new(),
        name: name.into(),
        event: "ping".into(),
        args: vec![json!({"n": 1})],
        ack: true,
        ack_timeout_ms: Some(2000),
    };
    let first = h.save_message("a", msg("first")).unwrap();
    h.save_message("a", msg("second")).unwrap();
    assert!(!first.id.is_empty());
    h.save_message("a", SavedMessage { name: "renamed".into(), ..first.clone() }).unwrap();
    let list = h.saved("a").unwrap();
    assert_eq!(list.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["renamed", "second"]);
    assert!(h.saved("b").unwrap().is_empty());
    assert!(h.save_message("a", msg(" ")).unwrap_err().to_string().contains("needs a name"));
    h.remove_message("a", &first.id).unwrap();
    assert_eq!(h.saved("a").unwrap().len(), 1);
}

#[test]
fn rows_not_yet_indexed_are_found_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let h = History::open(&path).unwrap();
    let r = h.recorder();
    for t in 0..10 {
        r.record(&event("a", Direction::In, "say", json!([format!("word{t}")]), t));
    }
    h.settle_all();
    // As if the writer had not reached the last four rows yet.
    let db = Connection::open(&path).unwrap();
    schema::tune(&db).unwrap();
    let rows: Vec<i64> = db
        .prepare("SELECT row FROM rows ORDER BY row")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    db.execute("DELETE FROM rows_text WHERE rowid > ?1", [rows[5]]).unwrap();
    db.execute("UPDATE meta SET value = ?1 WHERE key = 'indexed_upto'", [rows[5]]).unwrap();
    let find = |text: &str, limit: u32| {
        let q = HistoryQuery { text: Some(text.into()), limit: Some(limit), ..Default::default() };
        query::page(&db, "a", &q).unwrap().0.into_iter().map(|r| r.time).collect::<Vec<_>>()
    };
    assert_eq!(find("word8", 10), [8], "in the tail");
    assert_eq!(find("word2", 10), [2], "in the index");
    assert_eq!(find("word", 10), (0..10).collect::<Vec<_>>(), "both, newest first, as one page");
    assert_eq!(find("word", 3), [7, 8, 9]);
}

#[test]
fn binary_is_kept_as_blobs_and_read_back_as_it_came() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let image = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, vec![7u8; 30_000]);
    let args = json!([{"name": "photo.png", "data": {"$binary": image}}, {"$binary": "AAE="}]);
    {
        let h = History::open(&path).unwrap();
        h.recorder().record(&event("a", Direction::In, "file", args.clone(), 1));
        h.flush();
        let rows = all(&h, "a");
        assert_eq!(serde_json::Value::Array(rows[0].args.clone()), args);
        h.clear("a").unwrap();
        h.recorder().record(&event("a", Direction::In, "file", args.clone(), 2));
        h.flush();
    }
    let db = Connection::open(&path).unwrap();
    let (json, blobs): (String, i64) = db
        .query_row("SELECT args, (SELECT count(*) FROM blobs) FROM rows", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(blobs, 2, "a cleared row's blobs go with it");
    assert!(!json.contains("$binary") && json.len() < 100, "no base64 in the row: {json}");
    let size: i64 = db.query_row("SELECT sum(length(data)) FROM blobs", [], |r| r.get(0)).unwrap();
    assert_eq!(size, 30_002);
}

#[test]
fn binary_is_indexed_as_binary_not_as_the_null_in_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(&dir.path().join("h.sqlite3")).unwrap();
    h.recorder().record(&event(
        "a",
        Direction::In,
        "file",
        json!([{"name": "photo.png", "data": {"$binary": "AAE="}}]),
        1,
    ));
    h.recorder().record(&event("a", Direction::In, "nothing", json!([null]), 2));
    h.settle_all();
    let find = |text: &str| {
        let q = HistoryQuery { text: Some(text.into()), ..Default::default() };
        h.page("a", &q).unwrap().0.into_iter().map(|r| r.time).collect::<Vec<_>>()
    };
    assert_eq!(find("binary"), [1]);
    assert_eq!(find("photo"), [1]);
    assert_eq!(find("null"), [2], "a real null only");
}
