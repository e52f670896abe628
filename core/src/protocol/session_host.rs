//! Session host (PROTOCOLS.md section 1; seed 000, a Flask-SocketIO server): log in by
//! name, create a session (HOST) or join one by key (CLIENT), and the host starts it with
//! `proccess_check` (spelled as the server spells it).
//!
//! A simulated participant (the seed's "placeholder users from one device") is a
//! connection that logs in with a generated name and joins a given session by itself.

use serde_json::{json, Value};

use super::asked::{done, refused, Asked};
use super::translator::{not_this_protocol, string_field, Context, Emit, ProtocolAction, Reaction, Translator};
use crate::api::session_host::{SessionHostAction, SessionHostUpdate, Simulated};
use crate::api::{ConnId, ProtocolRequest, ProtocolUpdate, Update};
use crate::error::{Error, Result};

/// The emit for an action.
pub fn emit_for(action: SessionHostAction) -> Result<Emit> {
    let nonempty = |what: &str, s: String| {
        let s = s.trim().to_owned();
        if s.is_empty() {
            Err(Error::BadRequest(format!("the {what} is empty")))
        } else {
            Ok(s)
        }
    };
    Ok(match action {
        SessionHostAction::Login { name } => ("login".into(), vec![json!({ "name": nonempty("name", name)? })]),
        SessionHostAction::Logout => ("logout".into(), vec![]),
        // The seed: type "default", ph_users must be 0 for now.
        SessionHostAction::CreateSession => ("create_session".into(), vec![json!({"type": "default", "ph_users": 0})]),
        SessionHostAction::JoinSession { session_key } => {
            ("join_session".into(), vec![Value::String(nonempty("session key", session_key)?)])
        }
        SessionHostAction::Start { session_key } => {
            ("proccess_check".into(), vec![json!({ "session_key": nonempty("session key", session_key)? })])
        }
    })
}

#[derive(Debug)]
pub struct SessionHost {
    simulated: Option<Simulated>,
    asked: Asked,
    /// The name this connection logged in with (its own `user_connected` answers a join).
    me: Option<String>,
}

/// The kind of request an action is (what its answer is matched by).
fn kind_of(action: &SessionHostAction) -> &'static str {
    match action {
        SessionHostAction::Login { .. } => "login",
        SessionHostAction::Logout => "logout",
        SessionHostAction::CreateSession => "create_session",
        SessionHostAction::JoinSession { .. } => "join_session",
        SessionHostAction::Start { .. } => "start",
    }
}

impl SessionHost {
    pub fn new(simulated: Option<Simulated>) -> Self {
        Self { simulated, asked: Asked::default(), me: None }
    }

    /// The emit for a request, noted until its answer comes.
    pub fn request(&mut self, request: Option<u64>, action: SessionHostAction) -> Result<Reaction> {
        let kind = kind_of(&action);
        let emit = emit_for(action)?;
        self.asked.add(kind, None, request);
        Ok(Reaction { emits: vec![emit], ..Default::default() })
    }

    /// Which request `update` answers (the server's answers carry no request id): a login
    /// by `login_success`, a logout by `logout_success`, a new session by its key, a join by
    /// this connection's own `user_connected`, a start by `session_started`; an `error` by
    /// the oldest request waiting. Returns the update to show, if it is not only an answer.
    fn answer(&mut self, id: &ConnId, update: SessionHostUpdate, r: &mut Reaction) -> Option<SessionHostUpdate> {
        let answered = match &update {
            SessionHostUpdate::LoggedIn { name, .. } => {
                self.me = Some(name.clone());
                self.asked.take("login", None)
            }
            SessionHostUpdate::LoggedOut => self.asked.take("logout", None),
            SessionHostUpdate::SessionKey { .. } => self.asked.take("create_session", None),
            SessionHostUpdate::UserConnected { name } if self.me.as_ref().is_none_or(|me| me == name) => {
                self.asked.take("join_session", None)
            }
            SessionHostUpdate::Started { .. } => self.asked.take("start", None),
            SessionHostUpdate::Error { message } => match self.asked.take_oldest() {
                Some(request) => {
                    r.updates.push(refused(id, request, message.clone()));
                    return None;
                }
                None => None,
            },
            _ => None,
        };
        if let Some(request) = answered {
            r.updates.push(done(id, request));
        }
        Some(update)
    }

    pub fn connected(&mut self, _id: &ConnId) -> Reaction {
        let emits = match &self.simulated {
            Some(sim) => vec![("login".into(), vec![json!({ "name": sim.name })])],
            None => vec![],
        };
        Reaction { emits, ..Default::default() }
    }

    pub fn event(&mut self, id: &ConnId, event: &str, args: &[Value]) -> Reaction {
        let mut reaction = Reaction::default();
        let decoded = match decode(event, args) {
            Some(Ok(u)) => u,
            Some(Err(message)) => {
                reaction.updates.push(Update::Warning { id: id.clone(), message });
                return reaction;
            }
            None => return reaction,
        };
        if let (Some(sim), SessionHostUpdate::LoggedIn { name, .. }) = (&self.simulated, &decoded) {
            if *name == sim.name {
                reaction.emits.push(("join_session".into(), vec![Value::String(sim.session_key.clone())]));
            }
        }
        if let Some(update) = self.answer(id, decoded, &mut reaction) {
            reaction.updates.push(Update::Protocol { id: id.clone(), update: ProtocolUpdate::SessionHost(update) });
        }
        reaction
    }
}

/// Decode one server event: `None` for events of no concern, `Err` (a warning in words)
/// for a known event with a payload of the wrong shape.
pub fn decode(event: &str, args: &[Value]) -> Option<std::result::Result<SessionHostUpdate, String>> {
    let missing = |field: &str| format!("“{event}” arrived without a usable “{field}”: {}", preview(args));
    Some(match event {
        "login_success" => match (string_field(args, "name"), string_field(args, "type")) {
            (Some(name), role) => Ok(SessionHostUpdate::LoggedIn { name, role: role.unwrap_or_default() }),
            (None, _) => Err(missing("name")),
        },
        "logout_success" => Ok(SessionHostUpdate::LoggedOut),
        "send_session_key" => string_field(args, "session_key")
            .map(|session_key| SessionHostUpdate::SessionKey { session_key })
            .ok_or_else(|| missing("session_key")),
        "user_connected" => string_field(args, "name")
            .map(|name| SessionHostUpdate::UserConnected { name })
            .ok_or_else(|| missing("name")),
        "session_started" => Ok(SessionHostUpdate::Started { session_key: string_field(args, "session_key") }),
        "error" => {
            Ok(SessionHostUpdate::Error { message: string_field(args, "message").unwrap_or_else(|| preview(args)) })
        }
        _ => return None,
    })
}

/// A short, single-line rendering of arguments for messages.
fn preview(args: &[Value]) -> String {
    let text = Value::Array(args.to_vec()).to_string();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

impl Translator for SessionHost {
    fn on_action(
        &mut self,
        _id: &ConnId,
        request: Option<u64>,
        action: ProtocolAction,
        _cx: &Context,
    ) -> Result<Reaction> {
        match action {
            ProtocolAction::Request(ProtocolRequest::SessionHost(a)) => self.request(request, a),
            other => Err(not_this_protocol(&other)),
        }
    }

    fn on_connected(&mut self, id: &ConnId, _cx: &Context) -> Reaction {
        self.connected(id)
    }

    fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value], _cx: &Context) -> Reaction {
        self.event(id, event, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> ConnId {
        "c".into()
    }

    #[test]
    fn actions_become_the_seeds_events() {
        assert_eq!(
            emit_for(SessionHostAction::Login { name: " ann ".into() }).unwrap(),
            ("login".into(), vec![json!({"name": "ann"})])
        );
        assert_eq!(emit_for(SessionHostAction::Logout).unwrap(), ("logout".into(), vec![]));
        assert_eq!(
            emit_for(SessionHostAction::CreateSession).unwrap(),
            ("create_session".into(), vec![json!({"type": "default", "ph_users": 0})])
        );
        assert_eq!(
            emit_for(SessionHostAction::JoinSession { session_key: "AB12".into() }).unwrap(),
            ("join_session".into(), vec![json!("AB12")])
        );
        assert_eq!(
            emit_for(SessionHostAction::Start { session_key: "AB12".into() }).unwrap(),
            ("proccess_check".into(), vec![json!({"session_key": "AB12"})])
        );
        assert!(emit_for(SessionHostAction::Login { name: "  ".into() }).is_err());
        assert!(emit_for(SessionHostAction::JoinSession { session_key: "".into() }).is_err());
    }

    #[test]
    fn every_server_event_decodes() {
        let cases = [
            (
                "login_success",
                json!({"message": "You are connected!", "name": "ann", "type": "HOST"}),
                SessionHostUpdate::LoggedIn { name: "ann".into(), role: "HOST".into() },
            ),
            ("logout_success", json!({"message": "You are disconnected!"}), SessionHostUpdate::LoggedOut),
            (
                "send_session_key",
                json!({"message": "Session created!", "session_key": "K1"}),
                SessionHostUpdate::SessionKey { session_key: "K1".into() },
            ),
            (
                "user_connected",
                json!({"message": "User connected!", "name": "bob"}),
                SessionHostUpdate::UserConnected { name: "bob".into() },
            ),
            (
                "session_started",
                json!({"session_key": "K1"}),
                SessionHostUpdate::Started { session_key: Some("K1".into()) },
            ),
            (
                "error",
                json!({"message": "Not logged in", "id": 3}),
                SessionHostUpdate::Error { message: "Not logged in".into() },
            ),
        ];
        for (event, payload, expected) in cases {
            assert_eq!(decode(event, &[payload]), Some(Ok(expected)), "{event}");
        }
    }

    #[test]
    fn unknown_fields_missing_optionals_and_other_events() {
        assert_eq!(
            decode("login_success", &[json!({"name": "ann", "extra": [1]})]),
            Some(Ok(SessionHostUpdate::LoggedIn { name: "ann".into(), role: String::new() }))
        );
        assert_eq!(decode("something_else", &[json!(1)]), None);
        assert_eq!(
            decode("error", &[json!("plain words")]),
            Some(Ok(SessionHostUpdate::Error { message: "plain words".into() }))
        );
        assert_eq!(decode("error", &[]), Some(Ok(SessionHostUpdate::Error { message: "[]".into() })));
    }

    #[test]
    fn wrong_shapes_are_warnings_not_crashes() {
        for (event, args) in [
            ("login_success", vec![json!(42)]),
            ("send_session_key", vec![json!({"session_key": null})]),
            ("user_connected", vec![]),
            ("user_connected", vec![json!({"name": vec!["x"; 1000]})]),
        ] {
            let r = SessionHost::new(None).event(&id(), event, &args);
            assert!(matches!(r.updates.as_slice(), [Update::Warning { .. }]), "{event}: {r:?}");
            if let [Update::Warning { message, .. }] = r.updates.as_slice() {
                assert!(message.chars().count() < 400, "a huge payload is cut in the warning");
            }
        }
    }

    #[test]
    fn hostile_strings_pass_through_as_data() {
        let name = "<img src=x onerror=alert(1)>".to_owned() + &"я".repeat(10_000);
        assert_eq!(
            decode("user_connected", &[json!({"name": name})]),
            Some(Ok(SessionHostUpdate::UserConnected { name: name.clone() }))
        );
    }

    #[test]
    fn a_simulated_participant_logs_in_and_joins_by_itself() {
        let sim = Simulated { name: "Sim 1".into(), session_key: "K9".into() };
        let mut t = SessionHost::new(Some(sim));
        assert_eq!(t.connected(&id()).emits, vec![("login".into(), vec![json!({"name": "Sim 1"})])]);
        let r = t.event(&id(), "login_success", &[json!({"name": "Sim 1", "type": "USER"})]);
        assert_eq!(r.emits, vec![("join_session".into(), vec![json!("K9")])]);
        // A plain participant does nothing by itself.
        let mut plain = SessionHost::new(None);
        assert!(plain.connected(&id()).emits.is_empty());
        assert!(plain.event(&id(), "login_success", &[json!({"name": "x"})]).emits.is_empty());
    }

    fn answers(r: &Reaction) -> Vec<(u64, Option<String>)> {
        crate::protocol::asked::answers_in(&r.updates)
    }

    #[test]
    fn answers_end_the_requests_they_belong_to() {
        let mut t = SessionHost::new(None);
        t.request(Some(1), SessionHostAction::Login { name: "ann".into() }).unwrap();
        let r = t.event(&id(), "login_success", &[json!({"name": "ann", "type": "CLIENT"})]);
        assert_eq!(answers(&r), vec![(1, None)]);
        assert_eq!(r.updates.len(), 2, "the answer and the login itself");
        // An error answers the oldest request waiting, and is not shown a second time.
        t.request(Some(2), SessionHostAction::CreateSession).unwrap();
        let r = t.event(&id(), "error", &[json!({"message": "Not allowed"})]);
        assert_eq!(answers(&r), vec![(2, Some("Not allowed".into()))]);
        assert_eq!(r.updates.len(), 1);
        // An error with nothing waiting is the server's own.
        let r = t.event(&id(), "error", &[json!({"message": "Later"})]);
        assert_eq!(
            r.updates,
            vec![Update::Protocol {
                id: id(),
                update: ProtocolUpdate::SessionHost(SessionHostUpdate::Error { message: "Later".into() })
            }]
        );
        // A join is answered by this connection's own arrival, not someone else's.
        t.request(Some(3), SessionHostAction::JoinSession { session_key: "K".into() }).unwrap();
        assert!(answers(&t.event(&id(), "user_connected", &[json!({"name": "bob"})])).is_empty());
        assert_eq!(answers(&t.event(&id(), "user_connected", &[json!({"name": "ann"})])), vec![(3, None)]);
        // Requests without an id are sent and answered as before, with no answer update.
        t.request(None, SessionHostAction::Start { session_key: "K".into() }).unwrap();
        assert!(answers(&t.event(&id(), "session_started", &[json!({"session_key": "K"})])).is_empty());
    }
}
