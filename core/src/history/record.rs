//! Which updates the history keeps, and how each becomes a row.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use socketio::Json;

use crate::api::history::HistoryKind;
use crate::api::{ConnState, Direction, Update};

/// A row to write (the writer fills in the emit's name for an answer), as read back from
/// its JSON line in the spill (`RecordLine` writes it). The fields' order is the line's.
#[derive(Debug, Deserialize)]
pub struct Record {
    pub server: String,
    pub time: u64,
    pub kind: HistoryKind,
    pub direction: Option<Direction>,
    pub namespace: String,
    pub event: String,
    /// Read back from the spill as values, so binary arguments still become blobs.
    #[serde(deserialize_with = "values")]
    pub args: Vec<Json>,
    pub ack: Option<u64>,
    pub emit_id: Option<u64>,
    pub detail: Option<String>,
}

/// A record as the update path writes it, borrowing the update: the fields of `Record`,
/// written as an array in their order (which `Record` reads as well as an object, the
/// form older versions spilled): no keys, so a 16-character event's line is 70 bytes
/// instead of 150, and the spill's SQLite writes half as much in a flood.
#[derive(Debug)]
pub struct RecordLine<'a> {
    pub server: &'a str,
    pub time: u64,
    pub kind: HistoryKind,
    pub direction: Option<Direction>,
    pub namespace: &'a str,
    pub event: &'a str,
    pub args: Cow<'a, [Json]>,
    pub ack: Option<u64>,
    pub emit_id: Option<u64>,
    pub detail: Option<String>,
}

impl Serialize for RecordLine<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(10)?;
        t.serialize_element(self.server)?;
        t.serialize_element(&self.time)?;
        t.serialize_element(&self.kind)?;
        t.serialize_element(&self.direction)?;
        t.serialize_element(self.namespace)?;
        t.serialize_element(self.event)?;
        t.serialize_element(&self.args)?;
        t.serialize_element(&self.ack)?;
        t.serialize_element(&self.emit_id)?;
        t.serialize_element(&self.detail)?;
        t.end()
    }
}

fn values<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Json>, D::Error> {
    Vec::<Value>::deserialize(d).map(socketio::json::from_values)
}

/// The row an update makes, if the history keeps it: events in and out, ack answers and
/// timeouts, connection states.
/// `now` is asked only for updates without a time of their own (an event has one).
pub fn record_of(update: &Update, now: impl Fn() -> u64) -> Option<RecordLine<'_>> {
    let base = |server, kind| RecordLine {
        server,
        time: now(),
        kind,
        direction: None,
        namespace: "",
        event: "",
        args: Cow::Borrowed(&[]),
        ack: None,
        emit_id: None,
        detail: None,
    };
    Some(match update {
        Update::Event { id, direction, namespace, event, args, ack, emit_id, time } => RecordLine {
            server: id,
            time: *time,
            kind: HistoryKind::Event,
            direction: Some(*direction),
            namespace,
            event,
            args: Cow::Borrowed(args),
            ack: *ack,
            emit_id: *emit_id,
            detail: None,
        },
        Update::Ack { id, emit_id, args } => RecordLine {
            direction: Some(Direction::In),
            args: Cow::Borrowed(args),
            emit_id: Some(*emit_id),
            ..base(id, HistoryKind::Ack)
        },
        Update::AckTimeout { id, emit_id, timeout_ms } => RecordLine {
            emit_id: Some(*emit_id),
            detail: Some(format!("no answer in {timeout_ms} ms")),
            ..base(id, HistoryKind::AckTimeout)
        },
        Update::Connection { id, state } => {
            let (name, detail) = state_words(state);
            RecordLine {
                event: name,
                args: Cow::Owned(serde_json::to_value(state).map(|v| vec![v.into()]).unwrap_or_default()),
                detail,
                ..base(id, HistoryKind::State)
            }
        }
        _ => return None,
    })
}

/// A state's name and, where there is one, its reason in words.
fn state_words(state: &ConnState) -> (&'static str, Option<String>) {
    match state {
        ConnState::Connecting { attempt } => ("connecting", Some(format!("attempt {attempt}"))),
        ConnState::Connected { transport: Some(t), upgraded: true, .. } => ("upgraded", Some(t.clone())),
        ConnState::Connected { transport, recovered, .. } => (
            "connected",
            Some(match (transport, recovered) {
                (Some(t), true) => format!("{t}, session recovered"),
                (Some(t), false) => t.clone(),
                (None, _) => String::new(),
            })
            .filter(|s| !s.is_empty()),
        ),
        ConnState::Reconnecting { attempt, delay_ms, reason } => (
            "reconnecting",
            Some(match reason {
                Some(r) => format!("{r}; attempt {attempt} in {} s", delay_ms.div_ceil(1000)),
                None => format!("attempt {attempt} in {} s", delay_ms.div_ceil(1000)),
            }),
        ),
        ConnState::Disconnected { reason } => ("disconnected", Some(reason.clone()).filter(|r| !r.is_empty())),
    }
}

/// The text the full-text index reads for a row's arguments: binary (its place marked by
/// `blobs::mark`) as "[binary]", and at most 16 KiB of it, so an image does not fill the
/// index with base64.
pub fn searchable(args: &[Value]) -> String {
    const KEEP: usize = 16 * 1024;
    fn walk(v: &Value, out: &mut String) {
        if out.len() >= KEEP {
            return;
        }
        match v {
            Value::Object(map) if map.len() == 1 && map.contains_key("$binary") => out.push_str("[binary] "),
            Value::Object(map) => {
                for (k, v) in map {
                    out.push_str(k);
                    out.push(' ');
                    walk(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::String(s) => {
                out.push_str(s);
                out.push(' ');
            }
            other => {
                out.push_str(&other.to_string());
                out.push(' ');
            }
        }
    }
    let mut out = String::new();
    args.iter().for_each(|v| walk(v, &mut out));
    if out.len() > KEEP {
        let mut end = KEEP;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keeps_events_answers_and_states_only() {
        let event = Update::Event {
            id: "a".into(),
            direction: Direction::Out,
            namespace: "/".into(),
            event: "ping".into(),
            args: vec![json!(1).into()],
            ack: None,
            emit_id: Some(7),
            time: 5,
        };
        let r = record_of(&event, || 99).unwrap();
        assert_eq!((r.time, r.emit_id, r.kind), (5, Some(7), HistoryKind::Event));
        let state = Update::Connection {
            id: "a".into(),
            state: ConnState::Reconnecting { attempt: 2, delay_ms: 1500, reason: Some("connection refused".into()) },
        };
        let r = record_of(&state, || 99).unwrap();
        assert_eq!(r.event, "reconnecting");
        assert_eq!(r.detail.as_deref(), Some("connection refused; attempt 2 in 2 s"));
        assert!(record_of(&Update::Profiles { profiles: vec![] }, || 1).is_none());
        let upgrade = Update::Connection {
            id: "a".into(),
            state: ConnState::Connected {
                sid: Some("s".into()),
                engine: Some(4),
                transport: Some("websocket".into()),
                recovered: false,
                upgraded: true,
            },
        };
        let r = record_of(&upgrade, || 99).unwrap();
        assert_eq!((r.event, r.detail.as_deref()), ("upgraded", Some("websocket")), "not a second connect");
    }

    #[test]
    fn a_line_reads_back_as_the_record_it_was() {
        let event = Update::Event {
            id: "srv".into(),
            direction: Direction::In,
            namespace: "/chat".into(),
            event: "file \"1\"".into(),
            args: vec![json!({"text": "Привет\n", "n": 1.5}).into(), Json::Bytes(vec![0u8, 255, 7].into())],
            ack: Some(3),
            emit_id: Some(9),
            time: 42,
        };
        let line = serde_json::to_string(&record_of(&event, || 0).unwrap()).unwrap();
        let r: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (r.server.as_str(), r.time, r.kind, r.direction, r.namespace.as_str(), r.event.as_str()),
            ("srv", 42, HistoryKind::Event, Some(Direction::In), "/chat", "file \"1\"")
        );
        assert_eq!((r.ack, r.emit_id, r.detail), (Some(3), Some(9), None));
        let Update::Event { args, .. } = &event else { unreachable!() };
        // Binary comes back as `{"$binary": BASE64}`, which `blobs::take` keeps as bytes.
        assert_eq!(&r.args, args);
        let timeout = Update::AckTimeout { id: "srv".into(), emit_id: 4, timeout_ms: 5000 };
        let line = serde_json::to_string(&record_of(&timeout, || 77).unwrap()).unwrap();
        let r: Record = serde_json::from_str(&line).unwrap();
        assert_eq!((r.time, r.kind, r.emit_id), (77, HistoryKind::AckTimeout, Some(4)));
        assert_eq!(r.detail.as_deref(), Some("no answer in 5000 ms"));
        assert!(line.starts_with("[\"srv\",77,"), "{line}");
        // A line spilled by an older version, as an object, still reads.
        let old = r#"{"server":"s","time":1,"kind":"ack","direction":"in","namespace":"","event":"",
            "args":[true],"ack":null,"emit_id":4,"detail":null}"#;
        let r: Record = serde_json::from_str(old).unwrap();
        assert_eq!((r.kind, r.emit_id, r.args.len()), (HistoryKind::Ack, Some(4), 1));
    }

    #[test]
    fn binary_is_not_indexed_and_text_is_capped() {
        let args = vec![json!({"name": "Анна", "file": {"$binary": "AAAA"}}), json!("x".repeat(40_000))];
        let s = searchable(&args);
        assert!(s.contains("Анна") && s.contains("[binary]") && !s.contains("AAAA"));
        assert!(s.len() <= 16 * 1024);
    }
}
