//! Generated hostile input for the protocol translators and the console's decoding, shared
//! by `make fuzz` (core/fuzz, libFuzzer) and a short seeded run in `make test`. The bytes
//! of an input steer a small generator: which events and requests come, with values of the
//! wrong type, nulls, deep nesting, huge strings, markup, bidi controls, out-of-range and
//! far-future numbers, and the field names the protocols read, so that wrong shapes reach
//! deep. Whatever comes, a translator answers with updates that serialize; never a panic.

use serde_json::{json, Map, Number, Value};

use crate::api::{ConnId, Protocol};
use crate::connection::payload;
use crate::files::store::FileStore;
use crate::protocol::translator::{Context, ProtocolAction};
use crate::redact::Redactor;

/// Event names of every protocol (and a few no protocol has).
const EVENTS: &[&str] = &[
    "connected",
    "connection-auth-error",
    "error",
    "file_sent",
    "joined_room",
    "last_data",
    "left_room",
    "login_success",
    "logout_success",
    "logs-send-success",
    "message",
    "message_sent",
    "new_file",
    "new_message",
    "room_users",
    "send_session_key",
    "session-client-abort-success",
    "session-close",
    "session-file-available",
    "session-file-repeat-success",
    "session-file-send-error",
    "session-file-send-success",
    "session-reconnect-error",
    "session-reconnect-success",
    "session-start-success",
    "session_started",
    "user_connected",
    "user_joined_room",
    "user_left_room",
    "current_user_data",
    "roommates_data",
    "room_data",
    "timeout-close",
    "",
    "__proto__",
];

/// Field names the protocols read.
const FIELDS: &[&str] = &[
    "id",
    "room",
    "text",
    "username",
    "user",
    "users",
    "timestamp",
    "time",
    "name",
    "content",
    "size",
    "sessionId",
    "fileId",
    "file_id",
    "filename",
    "mime_type",
    "data",
    "message",
    "message_id",
    "detail",
    "reason",
    "type",
    "session_key",
    "sender",
    "room_id",
    "room_name",
    "room_size",
    "owner_id",
    "user_id",
    "create_time",
    "created_at",
    "join_time",
    "count",
    "file",
    "logs",
    "token",
    "activity",
    "roommates",
    "members",
    "$binary",
];

/// Request types of every protocol's actions.
const ACTIONS: &[&str] = &[
    "join",
    "leave",
    "message",
    "send_message",
    "start",
    "abort",
    "send_logs",
    "login",
    "logout",
    "set_activity",
    "create_session",
    "join_session",
    "chat",
    "retry_message",
    "get_room_users",
    "finish",
    "repeat",
];

/// Strings that have broken views or parsers somewhere.
const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "invoice\u{202e}fdp.exe",
    "a\u{2067}b\u{2069}\u{200f}",
    "../../etc/passwd",
    "CON",
    "\u{0}\u{7}\u{1b}[31m",
    "𝕏😀\u{fe0f}",
    "1e400",
    "NaN",
    "-0",
    "9007199254740993",
    "",
    " ",
];

/// Reads the input's bytes as choices; past its end, every choice is 0.
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (usize::from(self.byte()) << 8 | usize::from(self.byte())) % n
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[self.below(list.len())]
    }

    fn string(&mut self) -> String {
        match self.byte() % 6 {
            0 => self.pick(HOSTILE).to_owned(),
            1 => self.pick(FIELDS).to_owned(),
            2 => "x".repeat(self.below(1 << 17)),
            3 => "é\u{202e}".repeat(self.below(4096)),
            _ => {
                let len = self.below(24);
                (0..len).map(|_| char::from_u32(u32::from(self.byte()) * 37 % 0x2fff).unwrap_or('?')).collect()
            }
        }
    }

    fn number(&mut self) -> Value {
        let n = match self.byte() % 9 {
            0 => Number::from(u64::MAX),
            1 => Number::from(i64::MIN),
            2 => Number::from(0),
            3 => Number::from_f64(1e16).unwrap_or(Number::from(0)),
            4 => Number::from_f64(-1e308).unwrap_or(Number::from(0)),
            5 => Number::from_f64(f64::MIN_POSITIVE).unwrap_or(Number::from(0)),
            6 => Number::from_f64(-0.0).unwrap_or(Number::from(0)),
            7 => Number::from_f64(0.5).unwrap_or(Number::from(0)),
            _ => Number::from(self.byte()),
        };
        Value::Number(n)
    }

    fn value(&mut self, depth: usize) -> Value {
        match self.byte() % if depth > 40 { 5 } else { 9 } {
            0 => Value::Null,
            1 => Value::Bool(self.byte().is_multiple_of(2)),
            2 => self.number(),
            3 | 4 => Value::String(self.string()),
            5 => Value::Array((0..self.below(6)).map(|_| self.value(depth + 1)).collect()),
            6 => {
                // Deep nesting, as deep as the decoder lets through.
                let mut v = Value::Null;
                for _ in 0..self.below(130) {
                    v = Value::Array(vec![v]);
                }
                v
            }
            _ => Value::Object(self.object(depth + 1)),
        }
    }

    fn object(&mut self, depth: usize) -> Map<String, Value> {
        let mut map = Map::new();
        for _ in 0..self.below(8) {
            let key = if self.byte().is_multiple_of(4) { self.string() } else { self.pick(FIELDS).to_owned() };
            map.insert(key, self.value(depth));
        }
        map
    }

    fn args(&mut self) -> Vec<Value> {
        (0..self.below(4)).map(|_| self.value(0)).collect()
    }
}

/// The protocols a fuzz target can name.
pub const PROTOCOLS: [&str; 5] = ["console", "session_host", "dorm", "space", "file_exchange"];

fn protocol_named(name: &str) -> Protocol {
    serde_json::from_value(serde_json::json!({ "kind": name })).unwrap_or_default()
}

/// A request of protocol `name`, when the generated object reads as one.
fn action_of(name: &str, value: Value) -> Option<ProtocolAction> {
    let request = serde_json::from_value(serde_json::json!({ "protocol": name, "action": value })).ok()?;
    Some(ProtocolAction::Request(request))
}

/// Feed one input to protocol `name`'s translator (a session of events, requests, ticks and
/// losses), and the same input to the console's decoding of a raw packet. Panics only on a
/// broken rule: an update that does not serialize, or a token that shows.
pub fn feed(name: &str, data: &[u8]) {
    let protocol = protocol_named(name);
    let files = FileStore::new();
    let token = "tok-fuzz/+= ü";
    let mut translator = crate::protocol::translator_for(&protocol, Some(token.into()), files.clone(), 1 << 20);
    let id: ConnId = "fuzz".into();
    let redactor = Redactor::new([token.to_owned()]);
    let mut c = Choices { bytes: data, at: 0 };
    let mut now_ms = 1_700_000_000_000u64;
    let log = |_: usize| vec!["a log line".to_owned()];
    for _ in 0..64 {
        if c.done() {
            break;
        }
        let cx = Context { now_ms, recent_log: &log };
        let reaction = match c.byte() % 8 {
            0 => translator.on_connected(&id, &cx),
            1 => {
                now_ms = now_ms.saturating_add(c.below(600_000) as u64);
                translator.on_tick(&id, &Context { now_ms, recent_log: &log })
            }
            2 => {
                translator.on_lost();
                continue;
            }
            3 => {
                let mut request = c.object(0);
                request.insert("type".into(), Value::String(c.pick(ACTIONS).to_owned()));
                match action_of(name, Value::Object(request)) {
                    Some(action) => translator.on_action(&id, Some(c.below(4) as u64), action, &cx).unwrap_or_default(),
                    None => continue,
                }
            }
            _ => {
                let event = if c.byte().is_multiple_of(8) { c.string() } else { c.pick(EVENTS).to_owned() };
                let args = c.args();
                let shown = args.iter().map(|a| payload::console_view(a).into()).collect();
                let _ = translator.redact_raw(shown);
                translator.on_event(&id, &event, &args, &cx)
            }
        };
        for update in reaction.updates {
            let text = serde_json::to_string(&redactor.update(update)).expect("an update serializes");
            assert!(!text.contains(token), "the token shows: {text}");
        }
        for (event, args) in reaction.emits {
            serde_json::to_string(&json!([event, args])).expect("an emit serializes");
        }
    }
    console_packet(data);
}

/// The console's decoding of a raw Socket.IO packet: lenient JSON, placeholders filled from
/// attachments, long strings cut for display.
fn console_packet(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(packet) = socketio::packet::decode(&text) else { return };
    let Ok((_event, args)) = socketio::packet::event_of(packet.data) else { return };
    let attachments: Vec<bytes::Bytes> =
        (0..packet.attachments.min(4)).map(|n| bytes::Bytes::from(vec![n as u8; n])).collect();
    let shown: Vec<socketio::Json> =
        payload::from_wire(args, &attachments).into_iter().map(payload::cut_long_json).collect();
    serde_json::to_string(&shown).expect("the console's view serializes");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short seeded run of `make fuzz`'s inputs (xorshift, so the same every time).
    #[test]
    fn generated_hostile_input_never_breaks_a_translator() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for name in PROTOCOLS {
            for _ in 0..300 {
                let len = (next() % 512) as usize;
                let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                feed(name, &data);
            }
        }
    }

    #[test]
    fn the_generator_reaches_the_protocols_events() {
        // Event byte (4+ = event), then a known-name choice, the name's index, no args.
        let mut c = Choices { bytes: &[7, 1, 0, 13, 0, 0], at: 0 };
        assert_eq!(c.byte() % 8, 7);
        assert_ne!(c.byte() % 8, 0);
        assert_eq!(c.pick(EVENTS), "new_message");
    }
}
