//! An update as one JSON line for the CLI: events and answers written here (their
//! arguments copied as they came, binary encoded once), the rest by serde_json. The text is
//! the same as serde_json's. (Apart from `jsonl`, which `Update` itself uses, so the two do
//! not import each other.)

use std::io::{self, Write};

use crate::api::Update;
use crate::jsonl;

/// An update's line (without its line break): events and answers written here (their
/// arguments as they are, binary encoded once), the rest by serde_json. The text is the
/// same as serde_json's.
pub fn write_update(out: &mut impl Write, update: &Update) -> io::Result<()> {
    match update {
        Update::Event { id, direction, namespace, event, args, ack, emit_id, time } => {
            out.write_all(br#"{"type":"event","id":"#)?;
            jsonl::write_str(out, id)?;
            out.write_all(br#","direction":"#)?;
            serde_json::to_writer(&mut *out, direction)?;
            out.write_all(br#","namespace":"#)?;
            jsonl::write_str(out, namespace)?;
            out.write_all(br#","event":"#)?;
            jsonl::write_str(out, event)?;
            out.write_all(br#","args":"#)?;
            jsonl::write_args(out, args)?;
            out.write_all(br#","ack":"#)?;
            serde_json::to_writer(&mut *out, ack)?;
            out.write_all(br#","emit_id":"#)?;
            serde_json::to_writer(&mut *out, emit_id)?;
            write!(out, r#","time":{time}}}"#)
        }
        Update::Ack { id, emit_id, args } => {
            out.write_all(br#"{"type":"ack","id":"#)?;
            jsonl::write_str(out, id)?;
            write!(out, r#","emit_id":{emit_id},"args":"#)?;
            jsonl::write_args(out, args)?;
            out.write_all(b"}")
        }
        other => serde_json::to_writer(&mut *out, other).map_err(io::Error::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Direction;
    use serde_json::json;
    use socketio::Json;

    #[test]
    fn updates_are_written_as_serde_json_writes_them() {
        let text = Json::Text(socketio::json::JsonText::new(r#"{"a" :[1]}"#).unwrap());
        let bytes = |n: usize| Json::Bytes((0..=255u8).cycle().take(n).collect::<Vec<_>>().into());
        let args = vec![text, bytes(3 * 4096 * 2 + 2), json!({"k": "v\n"}).into(), bytes(0), bytes(1), bytes(4096)];
        let updates = [
            Update::Event {
                id: "c\"1".into(),
                direction: Direction::In,
                namespace: "/ns".into(),
                event: "é\u{1}".into(),
                args: args.clone(),
                ack: Some(3),
                emit_id: None,
                time: 1_795_327_582_046,
            },
            Update::Event {
                id: "c".into(),
                direction: Direction::Out,
                namespace: "/".into(),
                event: "e".into(),
                args: vec![],
                ack: None,
                emit_id: Some(u64::MAX),
                time: 0,
            },
            Update::Ack { id: "a".into(), emit_id: 7, args },
            Update::Warning { id: "w".into(), message: "m".into() },
        ];
        for u in &updates {
            let mut ours = Vec::new();
            write_update(&mut ours, u).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(u).unwrap());
        }
    }
}
