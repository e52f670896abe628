//! The session host protocol through the real reference server (Flask-SocketIO):
//! every success and error path, and simulated participants.

mod common;

use common::*;
use switchboard_core::api::session_host::{SessionHostAction as A, SessionHostUpdate as U};
use switchboard_core::api::{ProtocolRequest, ProtocolUpdate};
use switchboard_core::{Action, Protocol, Update};

fn session_host(server: &Server) -> switchboard_core::ConnectionOptions {
    let mut o = options(server.url("/"));
    o.protocol = Protocol::SessionHost { simulated: None };
    o
}

impl Harness {
    async fn sh(&self, id: &str, action: A) {
        self.dispatch(Action::Request {
            id: id.into(),
            request_id: None,
            request: ProtocolRequest::SessionHost(action),
        })
        .await;
    }

    /// The next session-host update on `id` that `pick` accepts.
    async fn sh_update<T>(&mut self, id: &str, what: &str, pick: impl Fn(&U) -> Option<T>) -> T {
        let id = id.to_owned();
        self.wait_for(what, |u| match u {
            Update::Protocol { id: i, update: ProtocolUpdate::SessionHost(update) } if *i == id => pick(update),
            _ => None,
        })
        .await
    }

    async fn sh_error(&mut self, id: &str) -> String {
        self.sh_update(id, "an error", |u| match u {
            U::Error { message } => Some(message.clone()),
            _ => None,
        })
        .await
    }

    async fn login(&mut self, id: &str, name: &str) -> String {
        self.sh(id, A::Login { name: name.into() }).await;
        let want = name.to_owned();
        self.sh_update(id, "logged in", |u| match u {
            U::LoggedIn { name, role } if *name == want => Some(role.clone()),
            _ => None,
        })
        .await
    }

    async fn session_key(&mut self, id: &str) -> String {
        self.sh_update(id, "session key", |u| match u {
            U::SessionKey { session_key } => Some(session_key.clone()),
            _ => None,
        })
        .await
    }

    async fn member(&mut self, id: &str, who: &str) {
        let who = who.to_owned();
        self.sh_update(id, &format!("{who} connected"), |u| match u {
            U::UserConnected { name } if *name == who => Some(()),
            _ => None,
        })
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_and_client_through_a_whole_session() {
    let server = Server::start(Kind::SessionHost, &[]);
    let mut h = Harness::new();
    h.connect("host", session_host(&server)).await;
    h.connect("ann", session_host(&server)).await;
    h.connected("host").await;
    h.connected("ann").await;

    h.login("host", "Hostess").await;
    h.sh("host", A::CreateSession).await;
    let key = h.session_key("host").await;
    assert!(!key.is_empty());

    h.login("ann", "Ann").await;
    h.sh("ann", A::JoinSession { session_key: key.clone() }).await;
    // Every member hears of the joiner, the joiner too.
    h.member("host", "Ann").await;
    h.member("ann", "Ann").await;

    // Only the host may start; the server's `error` event (a name rust_socketio keeps for
    // itself) arrives as the protocol's error.
    h.sh("ann", A::Start { session_key: key.clone() }).await;
    let refusal = h.sh_error("ann").await;
    assert!(!refusal.is_empty());
    h.sh("host", A::Start { session_key: key.clone() }).await;
    for id in ["host", "ann"] {
        h.sh_update(id, "started", |u| matches!(u, U::Started { .. }).then_some(())).await;
    }

    h.sh("ann", A::Logout).await;
    h.sh_update("ann", "logged out", |u| matches!(u, U::LoggedOut).then_some(())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_comes_back_in_words() {
    let server = Server::start(Kind::SessionHost, &[]);
    let mut h = Harness::new();
    h.connect("c", session_host(&server)).await;
    h.connected("c").await;
    // Join before logging in.
    h.sh("c", A::JoinSession { session_key: "NOPE42".into() }).await;
    assert!(!h.sh_error("c").await.is_empty());
    // Create before logging in.
    h.sh("c", A::CreateSession).await;
    assert!(!h.sh_error("c").await.is_empty());
    // Unknown key.
    h.login("c", "Bob").await;
    h.sh("c", A::JoinSession { session_key: "NOPE42".into() }).await;
    assert!(!h.sh_error("c").await.is_empty());
    // Already in a session: create one, then try to join another.
    h.sh("c", A::CreateSession).await;
    let key = h.session_key("c").await;
    h.sh("c", A::JoinSession { session_key: key }).await;
    assert!(!h.sh_error("c").await.is_empty());
    // Empty input never reaches the server.
    let err = h
        .core
        .dispatch(Action::Request {
            id: "c".into(),
            request_id: None,
            request: ProtocolRequest::SessionHost(A::Login { name: " ".into() }),
        })
        .await;
    assert!(err.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulated_participants_log_in_and_join_by_themselves() {
    let server = Server::start(Kind::SessionHost, &[]);
    let mut h = Harness::new();
    h.connect("host", session_host(&server)).await;
    h.connected("host").await;
    h.login("host", "Hostess").await;
    h.sh("host", A::CreateSession).await;
    let key = h.session_key("host").await;
    h.dispatch(Action::SimulateParticipants { id: "host".into(), session_key: key.clone(), count: 2 }).await;
    h.member("host", "Simulated 1").await;
    h.member("host", "Simulated 2").await;
    // Removed like any connection; the next one gets a number never used before.
    h.dispatch(Action::Disconnect { id: "host/sim-1".into() }).await;
    h.dispatch(Action::SimulateParticipants { id: "host".into(), session_key: key, count: 1 }).await;
    h.member("host", "Simulated 3").await;
    // Bounds are checked before anything is opened.
    let err =
        h.core.dispatch(Action::SimulateParticipants { id: "host".into(), session_key: "K".into(), count: 17 }).await;
    assert!(err.is_err());
    let err =
        h.core.dispatch(Action::SimulateParticipants { id: "host".into(), session_key: "K".into(), count: 0 }).await;
    assert!(err.is_err());
}
