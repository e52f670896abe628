//! Reading The Space's payloads: its event names, the aliases of the contract for each
//! field, user lists, and the limits on what is shown.

use serde_json::{Map, Value};

use crate::api::space::{SpaceUpdate, SpaceUser};
use crate::api::{ConnId, ProtocolUpdate, Update};
use crate::protocol::translator::Reaction;
use crate::time::to_epoch_ms;

/// Longest message text shown; longer ones are cut (with a warning).
pub const MAX_SHOWN_TEXT: usize = 100_000;
/// Longest name (room, user, file) shown.
pub const MAX_SHOWN_NAME: usize = 200;

pub fn is_space_event(event: &str) -> bool {
    matches!(
        event,
        "connected"
            | "joined_room"
            | "left_room"
            | "user_joined_room"
            | "user_left_room"
            | "new_message"
            | "message_sent"
            | "new_file"
            | "file_sent"
            | "room_users"
    )
}

pub fn space(id: &ConnId, update: SpaceUpdate) -> Update {
    Update::Protocol { id: id.clone(), update: ProtocolUpdate::Space(update) }
}

pub fn warning(id: &ConnId, message: String) -> Update {
    Update::Warning { id: id.clone(), message }
}

/// The first of `names` that is a string (or a number, written out).
pub fn field(obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match obj.get(*n)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

pub fn username_of(obj: &Map<String, Value>) -> String {
    field(obj, &["username", "user", "sender", "name"])
        .map(|u| cut(&u, MAX_SHOWN_NAME))
        .unwrap_or_else(|| "unknown".into())
}

pub fn time_of(obj: &Map<String, Value>) -> Option<u64> {
    ["timestamp", "time", "created_at"].iter().find_map(|k| obj.get(*k)).and_then(to_epoch_ms)
}

/// `[{"username", "sid"}]` or `[str]`; anything else in the list is skipped with a warning.
pub fn users_of(value: &Value, r: &mut Reaction, id: &ConnId) -> Vec<SpaceUser> {
    let Value::Array(items) = value else {
        r.updates.push(warning(id, "a user list was not a list".into()));
        return Vec::new();
    };
    let mut skipped = 0;
    let users = items
        .iter()
        .filter_map(|item| match item {
            Value::String(s) => Some(SpaceUser { username: cut(s, MAX_SHOWN_NAME), sid: None }),
            Value::Object(o) => Some(SpaceUser { username: username_of(o), sid: field(o, &["sid"]) }),
            _ => {
                skipped += 1;
                None
            }
        })
        .collect();
    if skipped > 0 {
        r.updates.push(warning(id, format!("{skipped} entries of a user list were not users and were skipped")));
    }
    users
}

/// At most `max` characters.
pub fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
