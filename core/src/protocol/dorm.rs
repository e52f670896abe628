//! Dorm room (PROTOCOLS.md section 4; seed 003, a Flask-SocketIO server): join a room of 2
//! or 4 with a token, see roommates and their activity (codes 00–09 or none), and chat.
//! Every request carries `{"token"}`, added here from the keyring; success and error share
//! an event name (an `"error"` key marks the error); chat messages carry the sender's
//! token, which is never shown: one's own is "me", any other "roommate".

use serde_json::{json, Map, Value};

use super::asked::{done, refused, Asked};
use super::translator::{not_this_protocol, Context, Emit, ProtocolAction, Reaction, Translator};
use crate::api::dorm::{DormAction, DormRoom, DormUpdate, DormUser, Roommate, Sender};
use crate::api::{ConnId, ProtocolRequest, ProtocolUpdate, Update};
use crate::error::{Error, Result};
use crate::redact::REDACTED;
use crate::time::to_epoch_ms;

/// The activity codes of the seed, `00` snacks … `09` desk.
pub const ACTIVITY_CODES: [&str; 10] = ["00", "01", "02", "03", "04", "05", "06", "07", "08", "09"];

#[derive(Debug)]
pub struct Dorm {
    token: Option<String>,
    /// In the room (a `last_data` came and we did not leave since): rejoin on reconnect,
    /// because the server forgets a dropped socket's presence.
    joined: bool,
    /// User ids of the last roster, and strangers already asked about.
    known: std::collections::HashSet<String>,
    asked: Asked,
    /// My user id in the room (my own `action` answers my activity request).
    me: Option<String>,
}

/// The kind of request an action is (what its answers are matched by).
fn kind_of(action: &DormAction) -> &'static str {
    match action {
        DormAction::Join => "join",
        DormAction::Leave => "leave",
        DormAction::Message { .. } => "message",
        DormAction::SetActivity { .. } => "set_activity",
    }
}

/// The server refused a request: the kind of request (by the event its error came with;
/// `last_data` answers a join) and the server's words.
pub fn refusal_of(event: &str, args: &[Value]) -> Option<(&'static str, String)> {
    let kind = match event {
        "last_data" | "join_room" => "join",
        "leave_room" => "leave",
        "message" => "message",
        "action" => "set_activity",
        _ => return None,
    };
    let err = match args.first() {
        Some(Value::Object(obj)) => obj.get("error")?,
        _ => return None,
    };
    Some((kind, text_of(Some(err)).unwrap_or_else(|| err.to_string())))
}

/// What can be refused before a request reaches the connection (no token needed).
pub fn validate(action: &DormAction) -> Result<()> {
    match action {
        DormAction::Message { text } if text.trim().is_empty() => Err(Error::BadRequest("the message is empty".into())),
        DormAction::SetActivity { code: Some(c) } if !ACTIVITY_CODES.contains(&c.as_str()) => {
            Err(Error::BadRequest(format!("“{c}” is not an activity code (00 to 09)")))
        }
        _ => Ok(()),
    }
}

impl Dorm {
    pub fn new(token: Option<String>) -> Self {
        Self { token, joined: false, known: Default::default(), asked: Asked::default(), me: None }
    }

    /// Back after a dropped connection: rejoin the room we were in.
    pub fn connected(&mut self, _id: &ConnId) -> Reaction {
        let mut reaction = Reaction::default();
        if self.joined {
            if let Some(token) = &self.token {
                reaction.emits.push(("join_room".into(), vec![json!({ "token": token })]));
            }
        }
        reaction
    }

    /// The emits (and local updates) for an action; the token is added to every request.
    pub fn request(&mut self, id: &ConnId, asked: Option<u64>, action: DormAction) -> Result<Reaction> {
        let token = self.token.clone().ok_or_else(|| {
            Error::BadRequest("no token is stored in the keyring for this dorm server: add one in its settings".into())
        })?;
        let request = |event: &str, mut extra: Map<String, Value>| -> Emit {
            extra.insert("token".into(), Value::String(token.clone()));
            (event.into(), vec![Value::Object(extra)])
        };
        validate(&action)?;
        let kind = kind_of(&action);
        let mut reaction = Reaction::default();
        match action {
            DormAction::Join => reaction.emits.push(request("join_room", Map::new())),
            DormAction::Leave => {
                // The server answers a leave only when it refuses it: done once sent, and a
                // refusal that follows answers it again (the last word counts).
                self.joined = false;
                reaction.emits.push(request("leave_room", Map::new()));
                reaction
                    .updates
                    .push(Update::Protocol { id: id.clone(), update: ProtocolUpdate::Dorm(DormUpdate::Left) });
                if let Some(asked) = asked {
                    reaction.updates.push(done(id, asked));
                }
                self.asked.replace(kind, asked);
                return Ok(reaction);
            }
            DormAction::Message { text } => {
                let mut m = Map::new();
                m.insert("message".into(), Value::String(text));
                reaction.emits.push(request("message", m));
            }
            DormAction::SetActivity { code } => {
                let mut m = Map::new();
                m.insert("action".into(), code.map(Value::String).unwrap_or(Value::Null));
                reaction.emits.push(request("action", m));
            }
        }
        self.asked.add(kind, None, asked);
        Ok(reaction)
    }

    /// An event from the server. Its answers carry no request id: a `last_data` answers the
    /// oldest join, my own chat message my oldest message, my own activity my oldest
    /// activity request; an error, the oldest request of the kind its event names.
    pub fn event(&mut self, id: &ConnId, event: &str, args: &[Value]) -> Reaction {
        let mut reaction = Reaction::default();
        if let Some((kind, message)) = refusal_of(event, args) {
            reaction.updates.push(match self.asked.take(kind, None) {
                Some(asked) => refused(id, asked, message),
                None => {
                    Update::Protocol { id: id.clone(), update: ProtocolUpdate::Dorm(DormUpdate::Error { message }) }
                }
            });
            return reaction;
        }
        match decode(event, args, self.token.as_deref()) {
            Some(Ok(update)) => {
                let answered = match &update {
                    DormUpdate::Room { me, .. } => {
                        self.me = Some(me.user_id.clone());
                        self.asked.take("join", None)
                    }
                    DormUpdate::Message { sender: Sender::Me, .. } => self.asked.take("message", None),
                    DormUpdate::Activity { user_id, .. } if self.me.as_ref() == Some(user_id) => {
                        self.asked.take("set_activity", None)
                    }
                    _ => None,
                };
                match &update {
                    DormUpdate::Room { roommates, .. } => {
                        self.joined = true;
                        self.known = roommates.iter().map(|m| m.user_id.clone()).collect();
                    }
                    // The server never announces newcomers: someone unknown acting means
                    // the roster is stale, so ask for it again (once per stranger).
                    DormUpdate::Activity { user_id, .. } if self.joined && self.known.insert(user_id.clone()) => {
                        if let Some(token) = &self.token {
                            reaction.emits.push(("join_room".into(), vec![json!({ "token": token })]));
                        }
                    }
                    _ => {}
                }
                reaction.updates.push(Update::Protocol { id: id.clone(), update: ProtocolUpdate::Dorm(update) });
                if let Some(asked) = answered {
                    reaction.updates.push(done(id, asked));
                }
            }
            Some(Err(message)) => reaction.updates.push(Update::Warning { id: id.clone(), message }),
            None => {}
        }
        reaction
    }
}

/// Hide every `token` field (others' tokens arrive with their chat messages).
pub fn redact_tokens(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if k == "token" && !v.is_null() { json!(REDACTED) } else { redact_tokens(v) };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact_tokens).collect()),
        other => other,
    }
}

/// An id given as a number or a string.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An activity: a code string, a number (`5` for `05`), or null / missing for none.
fn activity_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => n.as_u64().map(|n| format!("{n:02}")),
        _ => None,
    }
}

fn count_of(v: Option<&Value>) -> Option<u32> {
    match v? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Decode one event: `None` when it is none of the protocol's, `Err` (a warning) when its
/// payload has the wrong shape.
pub fn decode(event: &str, args: &[Value], my_token: Option<&str>) -> Option<std::result::Result<DormUpdate, String>> {
    if !matches!(event, "last_data" | "join_room" | "leave_room" | "message" | "action") {
        return None;
    }
    let wrong = |what: &str| Err(format!("“{event}” arrived with {what}"));
    let Some(Value::Object(obj)) = args.first() else {
        return Some(wrong("no object payload"));
    };
    if obj.contains_key("error") {
        // A refusal (see `refusal_of`), not an update.
        return None;
    }
    Some(match event {
        "last_data" => decode_last_data(obj),
        "message" => match text_of(obj.get("message")) {
            Some(text) => {
                let mine = matches!((obj.get("token"), my_token), (Some(Value::String(t)), Some(m)) if t == m);
                Ok(DormUpdate::Message {
                    sender: if mine { Sender::Me } else { Sender::Roommate },
                    text,
                    time: obj.get("time").and_then(to_epoch_ms),
                })
            }
            None => wrong("no text in “message”"),
        },
        "action" => match id_of(obj.get("user_id")) {
            Some(user_id) => Ok(DormUpdate::Activity {
                user_id,
                action: activity_of(obj.get("action")),
                time: obj.get("time").and_then(to_epoch_ms),
            }),
            None => wrong("no “user_id”"),
        },
        // `join_room` / `leave_room` without an error: nothing to show.
        _ => return None,
    })
}

fn decode_last_data(obj: &Map<String, Value>) -> std::result::Result<DormUpdate, String> {
    let me = match obj.get("current_user_data") {
        Some(Value::Object(u)) => DormUser {
            user_id: id_of(u.get("user_id")).ok_or("“last_data” has no current user id")?,
            username: text_of(u.get("username")).unwrap_or_default(),
        },
        _ => return Err("“last_data” has no “current_user_data”".into()),
    };
    let room = match obj.get("room_data") {
        Some(Value::Object(r)) => DormRoom {
            room_id: id_of(r.get("room_id")).unwrap_or_default(),
            room_name: text_of(r.get("room_name")).unwrap_or_default(),
            owner_id: id_of(r.get("owner_id")),
            room_size: count_of(r.get("room_size")),
            count: count_of(r.get("count")),
            create_time: r.get("create_time").and_then(to_epoch_ms),
            notice: text_of(r.get("notice")).unwrap_or_default(),
        },
        _ => return Err("“last_data” has no “room_data”".into()),
    };
    let roommates = match obj.get("roommates_data") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|m| {
                let m = m.as_object()?;
                Some(Roommate {
                    user_id: id_of(m.get("user_id"))?,
                    username: text_of(m.get("username")).unwrap_or_default(),
                    action: activity_of(m.get("action")),
                    join_time: m.get("join_time").and_then(to_epoch_ms),
                })
            })
            .collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err("“last_data” has a “roommates_data” that is not a list".into()),
    };
    Ok(DormUpdate::Room { me, room, roommates })
}

impl Translator for Dorm {
    fn on_action(
        &mut self,
        id: &ConnId,
        request: Option<u64>,
        action: ProtocolAction,
        _cx: &Context,
    ) -> Result<Reaction> {
        match action {
            ProtocolAction::Request(ProtocolRequest::Dorm(a)) => self.request(id, request, a),
            other => Err(not_this_protocol(&other)),
        }
    }

    fn on_connected(&mut self, id: &ConnId, _cx: &Context) -> Reaction {
        self.connected(id)
    }

    fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value], _cx: &Context) -> Reaction {
        self.event(id, event, args)
    }

    fn redact_raw(&self, args: Vec<socketio::Json>) -> Vec<socketio::Json> {
        args.into_iter().map(|a| redact_tokens(a.into_value()).into()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> ConnId {
        "d".into()
    }

    fn last_data() -> Value {
        json!({
            "current_user_data": {"user_id": 1, "username": "alice"},
            "room_data": {"room_id": 101, "room_name": "Room 101", "owner_id": 1, "room_size": 4, "count": 2,
                          "create_time": "2024-03-05 14:07:09", "notice": "Quiet after 11pm\n<b>really</b>"},
            "roommates_data": [
                {"username": "alice", "user_id": 1, "action": null, "join_time": "2024-03-05T14:07:09Z"},
                {"username": "Zoë", "user_id": "2", "action": "05", "join_time": 1709647629}
            ],
            "extra": true
        })
    }

    #[test]
    fn every_request_carries_the_token() {
        let mut t = Dorm::new(Some("tok-1".into()));
        let mut emits = |a| t.request(&id(), None, a).unwrap().emits;
        assert_eq!(emits(DormAction::Join), vec![("join_room".into(), vec![json!({"token": "tok-1"})])]);
        assert_eq!(
            Dorm::new(Some("tok-1".into())).request(&id(), None, DormAction::Leave).unwrap().emits,
            vec![("leave_room".into(), vec![json!({"token": "tok-1"})])]
        );
        let mut t = Dorm::new(Some("tok-1".into()));
        assert_eq!(
            t.request(&id(), None, DormAction::Message { text: "hi".into() }).unwrap().emits,
            vec![("message".into(), vec![json!({"token": "tok-1", "message": "hi"})])]
        );
        assert_eq!(
            t.request(&id(), None, DormAction::SetActivity { code: Some("07".into()) }).unwrap().emits,
            vec![("action".into(), vec![json!({"token": "tok-1", "action": "07"})])]
        );
        assert_eq!(
            t.request(&id(), None, DormAction::SetActivity { code: None }).unwrap().emits,
            vec![("action".into(), vec![json!({"token": "tok-1", "action": null})])]
        );
    }

    #[test]
    fn rejoins_after_a_reconnect_and_refreshes_for_strangers() {
        let mut t = Dorm::new(Some("tok".into()));
        assert!(t.connected(&id()).emits.is_empty(), "not joined yet");
        t.event(&id(), "last_data", &[last_data()]);
        assert_eq!(t.connected(&id()).emits, vec![("join_room".into(), vec![json!({"token": "tok"})])]);
        // A known roommate acting: nothing to fetch; a stranger: one refresh.
        assert!(t.event(&id(), "action", &[json!({"user_id": 2, "action": "01"})]).emits.is_empty());
        assert_eq!(t.event(&id(), "action", &[json!({"user_id": 9, "action": "01"})]).emits.len(), 1);
        assert!(t.event(&id(), "action", &[json!({"user_id": 9, "action": "02"})]).emits.is_empty());
        t.request(&id(), None, DormAction::Leave).unwrap();
        assert!(t.connected(&id()).emits.is_empty(), "left on purpose");
    }

    #[test]
    fn bad_requests_are_refused_before_sending() {
        assert!(Dorm::new(None).request(&id(), None, DormAction::Join).is_err(), "no token");
        let mut t = Dorm::new(Some("x".into()));
        assert!(t.request(&id(), None, DormAction::SetActivity { code: Some("10".into()) }).is_err());
        assert!(t.request(&id(), None, DormAction::Message { text: "  ".into() }).is_err());
    }

    #[test]
    fn last_data_in_all_its_forms() {
        let Some(Ok(DormUpdate::Room { me, room, roommates })) = decode("last_data", &[last_data()], None) else {
            panic!()
        };
        assert_eq!(me, DormUser { user_id: "1".into(), username: "alice".into() });
        assert_eq!(room.room_id, "101");
        assert_eq!(room.room_size, Some(4));
        assert_eq!(room.create_time, Some(1_709_647_629_000));
        assert_eq!(room.notice, "Quiet after 11pm\n<b>really</b>", "kept as text");
        assert_eq!(roommates.len(), 2);
        assert_eq!(roommates[0].action, None);
        assert_eq!(roommates[1].action.as_deref(), Some("05"));
        assert_eq!(roommates[0].join_time, roommates[1].join_time, "ISO and epoch seconds agree");
    }

    #[test]
    fn errors_share_the_success_event_name() {
        for (event, kind) in [
            ("join_room", "join"),
            ("last_data", "join"),
            ("leave_room", "leave"),
            ("message", "message"),
            ("action", "set_activity"),
        ] {
            let args = [json!({"error": "Room is full"})];
            assert_eq!(refusal_of(event, &args), Some((kind, "Room is full".to_owned())), "{event}");
            assert_eq!(decode(event, &args, None), None, "{event}: a refusal is not an update");
        }
        assert_eq!(refusal_of("message", &[json!({"message": "hi"})]), None);
        assert_eq!(decode("join_room", &[json!({})], None), None, "no error: nothing to show");
    }

    fn answers(r: &Reaction) -> Vec<(u64, Option<String>)> {
        crate::protocol::asked::answers_in(&r.updates)
    }

    #[test]
    fn answers_end_the_requests_they_belong_to() {
        let mut t = Dorm::new(Some("tok".into()));
        t.request(&id(), Some(1), DormAction::Join).unwrap();
        t.request(&id(), Some(2), DormAction::Join).unwrap();
        // The first refused (the room is full), the second answered by the room.
        assert_eq!(
            answers(&t.event(&id(), "join_room", &[json!({"error": "Room is full"})])),
            vec![(1, Some("Room is full".into()))]
        );
        assert_eq!(answers(&t.event(&id(), "last_data", &[last_data()])), vec![(2, None)]);
        // My own chat message answers my message; a roommate's does not.
        t.request(&id(), Some(3), DormAction::Message { text: "hi".into() }).unwrap();
        assert!(answers(&t.event(&id(), "message", &[json!({"token": "tok-x", "message": "yo"})])).is_empty());
        assert_eq!(answers(&t.event(&id(), "message", &[json!({"token": "tok", "message": "hi"})])), vec![(3, None)]);
        // My own activity answers my activity request (user 1 is me in `last_data`).
        t.request(&id(), Some(4), DormAction::SetActivity { code: Some("03".into()) }).unwrap();
        assert!(answers(&t.event(&id(), "action", &[json!({"user_id": 2, "action": "01"})])).is_empty());
        assert_eq!(answers(&t.event(&id(), "action", &[json!({"user_id": 1, "action": "03"})])), vec![(4, None)]);
        // A leave is done once sent (the server answers only a refusal), and a refusal that
        // follows answers the last leave again.
        assert_eq!(answers(&t.request(&id(), Some(5), DormAction::Leave).unwrap()), vec![(5, None)]);
        assert_eq!(answers(&t.request(&id(), Some(6), DormAction::Leave).unwrap()), vec![(6, None)]);
        let r = t.event(&id(), "leave_room", &[json!({"error": "Not in a room"})]);
        assert_eq!(answers(&r), vec![(6, Some("Not in a room".into()))]);
        // An error nothing waits for is the server's own.
        let r = t.event(&id(), "action", &[json!({"error": "Not in a room"})]);
        assert_eq!(
            r.updates,
            vec![Update::Protocol {
                id: id(),
                update: ProtocolUpdate::Dorm(DormUpdate::Error { message: "Not in a room".into() })
            }]
        );
    }

    #[test]
    fn messages_are_mine_or_a_roommates_and_tokens_never_leave() {
        let mine =
            decode("message", &[json!({"token": "tok-me", "message": "hi", "time": 1709647629})], Some("tok-me"));
        assert_eq!(
            mine,
            Some(Ok(DormUpdate::Message { sender: Sender::Me, text: "hi".into(), time: Some(1_709_647_629_000) }))
        );
        let theirs =
            decode("message", &[json!({"token": "tok-other", "message": "yo", "time": "bad time"})], Some("tok-me"));
        assert_eq!(theirs, Some(Ok(DormUpdate::Message { sender: Sender::Roommate, text: "yo".into(), time: None })));
        let shown = serde_json::to_string(&theirs).unwrap();
        assert!(!shown.contains("tok-other"));
        assert_eq!(
            redact_tokens(json!([{"token": "tok-other", "nested": {"token": "t2"}, "message": "token"}])),
            json!([{"token": "•••", "nested": {"token": "•••"}, "message": "token"}])
        );
    }

    #[test]
    fn actions_from_anyone_even_strangers() {
        assert_eq!(
            decode("action", &[json!({"user_id": 99, "action": "03", "time": "2024-03-05T14:07:09Z"})], None),
            Some(Ok(DormUpdate::Activity {
                user_id: "99".into(),
                action: Some("03".into()),
                time: Some(1_709_647_629_000)
            }))
        );
        assert_eq!(
            decode("action", &[json!({"user_id": "7", "action": null})], None),
            Some(Ok(DormUpdate::Activity { user_id: "7".into(), action: None, time: None }))
        );
    }

    #[test]
    fn malformed_and_hostile_payloads_are_warnings_or_text() {
        for (event, args) in [
            ("last_data", vec![json!("nope")]),
            ("last_data", vec![json!({"room_data": {}})]),
            ("last_data", vec![json!({"current_user_data": {"user_id": 1}, "room_data": {}, "roommates_data": 5})]),
            ("message", vec![json!({"token": "x"})]),
            ("action", vec![json!({"action": "01"})]),
            ("action", vec![]),
        ] {
            assert!(matches!(decode(event, &args, None), Some(Err(_))), "{event} {args:?}");
        }
        let huge = "<script>alert(1)</script>".repeat(40_000);
        let Some(Ok(DormUpdate::Message { text, .. })) = decode("message", &[json!({"message": huge.clone()})], None)
        else {
            panic!()
        };
        assert_eq!(text, huge);
    }
}
