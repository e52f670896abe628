//! The dorm room protocol through the real reference server (Flask-SocketIO), with tokens
//! in a real keyring (run under scripts/with-keyring.sh, as `make test` does).

mod common;

use common::*;
use switchboard_core::api::dorm::{DormAction as A, DormUpdate as U, Sender};
use switchboard_core::api::{ProtocolRequest, ProtocolUpdate};
use switchboard_core::{Action, Protocol, Update};

impl Harness {
    /// Store `token` in the keyring and connect `id` to the dorm server with it.
    async fn dorm_connect(&mut self, server: &Server, id: &str, token: &str) {
        let profile = format!("switchboard-test-dorm-{id}-{}", std::process::id());
        self.dispatch(Action::SaveToken { profile: profile.clone(), token: token.into() }).await;
        let mut o = options(server.url("/"));
        o.protocol = Protocol::Dorm;
        o.token_profile = Some(profile);
        self.connect(id, o).await;
        self.connected(id).await;
    }

    async fn dorm(&self, id: &str, action: A) {
        self.dispatch(Action::Request { id: id.into(), request_id: None, request: ProtocolRequest::Dorm(action) })
            .await;
    }

    async fn dorm_update<T>(&mut self, id: &str, what: &str, pick: impl Fn(&U) -> Option<T>) -> T {
        let id = id.to_owned();
        self.wait_for(what, |u| match u {
            Update::Protocol { id: i, update: ProtocolUpdate::Dorm(update) } if *i == id => pick(update),
            _ => None,
        })
        .await
    }

    async fn join(&mut self, id: &str) -> (String, usize) {
        self.dorm(id, A::Join).await;
        self.dorm_update(id, "last_data", |u| match u {
            U::Room { me, roommates, .. } => Some((me.user_id.clone(), roommates.len())),
            _ => None,
        })
        .await
    }

    /// Send `action` as request `request_id`; the server's refusal of it, in words.
    async fn refused(&mut self, id: &str, request_id: u64, action: A) -> String {
        self.dispatch(Action::Request {
            id: id.into(),
            request_id: Some(request_id),
            request: ProtocolRequest::Dorm(action),
        })
        .await;
        let id = id.to_owned();
        self.wait_for(&format!("a refusal of request {request_id}"), |u| match u {
            Update::Answer { id: i, request_id: r, error: Some(e) } if *i == id && *r == request_id => Some(e.clone()),
            _ => None,
        })
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roommates_see_each_other_act_and_chat() {
    let server = Server::start(Kind::Dorm, &[]);
    let mut h = Harness::new();
    h.dorm_connect(&server, "alice", "tok-alice").await;
    h.dorm_connect(&server, "bob", "tok-bob").await;
    h.dorm_connect(&server, "carol", "tok-carol").await;

    let (alice_id, n) = h.join("alice").await;
    assert_eq!(n, 1);
    let (_, n) = h.join("bob").await;
    assert_eq!(n, 2, "bob sees alice and himself");
    let (_, n) = h.join("carol").await;
    assert_eq!(n, 3);

    // An activity reaches every roommate, tagged with the actor's user id.
    h.dorm("alice", A::SetActivity { code: Some("05".into()) }).await;
    for id in ["bob", "carol", "alice"] {
        let (who, code) = h
            .dorm_update(id, "activity", |u| match u {
                U::Activity { user_id, action, time } => {
                    assert!(time.is_some(), "the server's time is understood");
                    Some((user_id.clone(), action.clone()))
                }
                _ => None,
            })
            .await;
        assert_eq!((who.as_str(), code.as_deref()), (alice_id.as_str(), Some("05")), "{id}");
    }
    h.dorm("alice", A::SetActivity { code: None }).await;
    let cleared = h
        .dorm_update("bob", "cleared activity", |u| match u {
            U::Activity { action, .. } => Some(action.clone()),
            _ => None,
        })
        .await;
    assert_eq!(cleared, None);

    // A chat message is "me" for its sender and "roommate" for the others.
    h.dorm("bob", A::Message { text: "<b>hi</b> all".into() }).await;
    for (id, expected) in [("bob", Sender::Me), ("alice", Sender::Roommate), ("carol", Sender::Roommate)] {
        let (sender, text) = h
            .dorm_update(id, "message", |u| match u {
                U::Message { sender, text, .. } => Some((*sender, text.clone())),
                _ => None,
            })
            .await;
        assert_eq!((sender, text.as_str()), (expected, "<b>hi</b> all"), "{id}");
    }

    // No token ever reaches an update: not one's own, not a roommate's.
    for u in &h.seen {
        let text = serde_json::to_string(u).unwrap();
        assert!(!text.contains("tok-"), "a token leaked: {text}");
    }

    // Leave, and a leave when not joined is refused on `leave_room`.
    h.dorm("carol", A::Leave).await;
    h.dorm_update("carol", "left", |u| matches!(u, U::Left).then_some(())).await;
    assert!(!h.refused("carol", 1, A::Leave).await.is_empty());
    // Rejoin works and reloads the roster.
    let (_, n) = h.join("carol").await;
    assert_eq!(n, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_answers_the_request_it_refuses() {
    let server = Server::start(Kind::Dorm, &[]);
    let mut h = Harness::new();
    h.dorm_connect(&server, "stranger", "tok-nobody-has-this").await;
    assert!(!h.refused("stranger", 1, A::Join).await.is_empty());

    h.dorm_connect(&server, "homeless", "tok-homeless").await;
    assert!(!h.refused("homeless", 2, A::Join).await.is_empty());

    h.dorm_connect(&server, "erin", "tok-erin").await;
    assert!(!h.refused("erin", 3, A::Message { text: "before joining".into() }).await.is_empty());
    h.join("erin").await;
    // Refused at once, before sending: not an activity code.
    let err = h
        .core
        .dispatch(Action::Request {
            id: "erin".into(),
            request_id: None,
            request: ProtocolRequest::Dorm(A::SetActivity { code: Some("42".into()) }),
        })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("42"), "{err}");
}
