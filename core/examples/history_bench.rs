//! `make bench`: the console's history with a million events. Writes N events of one
//! server through the history's writer (as the app does, from the update path), then times
//! searches over them; prints one JSON line per figure.
//!
//!     history_bench [EVENTS] [DB_PATH]

use std::time::Instant;

use serde_json::json;
use switchboard_core::api::history::{HistoryKind, HistoryQuery};
use switchboard_core::history::History;
use switchboard_core::{Direction, Update};

const WORDS: &[&str] = &["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"];

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = args.next().map(Into::into).unwrap_or_else(|| dir.path().join("history.sqlite3"));
    let history = History::open(&path).expect("the history opens");
    let recorder = history.recorder();
    let start = Instant::now();
    for i in 0..n {
        let word = WORDS[(i % WORDS.len() as u64) as usize];
        let update = Update::Event {
            id: "bench".into(),
            direction: if i % 4 == 0 { Direction::Out } else { Direction::In },
            namespace: "/".into(),
            event: format!("{word}_event"),
            // One rare word in every 100,000 events.
            args: vec![json!({"user": format!("user-{}", i % 1000), "text": format!("message {i} says {word}{}",
                if i % 100_000 == 7 { " zanzibar" } else { "" }), "n": i})
            .into()],
            ack: None,
            emit_id: None,
            time: 1_700_000_000_000 + i,
        };
        recorder.record(&update);
    }
    // Taken (spilled) at this pace; made rows and indexed after.
    let taken = start.elapsed().as_secs_f64();
    history.settle_all();
    let secs = start.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("sqlite3-wal")).map(|m| m.len()).unwrap_or(0);
    println!(
        "{}",
        json!({"figure": "history_ingest", "events": n, "taken_per_s": n as f64 / taken, "seconds": secs,
            "rows_per_s": n as f64 / secs, "file_mib": size as f64 / 1048576.0})
    );
    let mid = 1_700_000_000_000 + n / 2;
    let searches: Vec<(&str, HistoryQuery)> = vec![
        ("newest 500", HistoryQuery::default()),
        ("text, common (every row), 500", HistoryQuery { text: Some("says".into()), ..Default::default() }),
        ("text, rare (1 in 100,000)", HistoryQuery { text: Some("zanzibar".into()), ..Default::default() }),
        ("text, 2 characters (row by row), 500", HistoryQuery { text: Some("9 ".into()), ..Default::default() }),
        ("event name, 500", HistoryQuery { event: Some("golf_event".into()), ..Default::default() }),
        (
            "out, a 1% time range, 500",
            HistoryQuery {
                direction: Some(Direction::Out),
                since: Some(mid),
                until: Some(mid + n / 100),
                ..Default::default()
            },
        ),
        ("a page from the middle, 500", HistoryQuery { before_row: Some(n / 2), ..Default::default() }),
        ("states only (none)", HistoryQuery { kinds: vec![HistoryKind::State], ..Default::default() }),
    ];
    for (name, query) in searches {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let (rows, _) = history.page("bench", &query).expect("the search runs");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            found = rows.len();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{}",
            json!({"figure": "history_search", "search": name, "rows": found, "median_ms": times[2],
                "max_ms": times[4], "events": n})
        );
    }
}
