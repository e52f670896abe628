//! A token stored in the keyring is injected by the backend as `auth.token` and redacted
//! from everything the console shows. Needs a Secret Service (see tests/secrets.rs).

mod common;

use common::*;
use serde_json::json;
use switchboard_core::{Action, Update};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyring_token_goes_into_auth_and_never_into_updates() {
    let server = Server::start(Kind::Python, &[]);
    let mut h = Harness::new();
    let profile = format!("switchboard-test-inject-{}", std::process::id());
    let token = "sekrit-token-98765";
    h.dispatch(Action::SaveToken { profile: profile.clone(), token: token.into() }).await;
    let mut o = options(server.url("/"));
    o.auth = Some(json!({"user": "ann"}));
    o.token_profile = Some(profile.clone());
    h.connect("c", o).await;
    h.connected("c").await;
    // The server saw the token...
    h.emit_ack("c", "ack_echo", vec![json!("x")], 1, 5000).await;
    h.ack("c", 1).await;
    h.emit("c", "echo", vec![json!({"echoing": token})]).await;
    // ...the console did not.
    assert_eq!(h.event("c", "echo").await, vec![json!({"echoing": "•••"})]);
    let who = h.whoami("c", 2).await;
    assert_eq!(who["auth"], json!({"user": "ann", "token": "•••"}), "redacted in the ack shown");
    for u in &h.seen {
        let text = serde_json::to_string(u).unwrap();
        assert!(!text.contains(token), "token leaked: {text}");
    }
    assert!(h.seen.iter().any(|u| matches!(u, Update::Event { .. })));
    h.dispatch(Action::DeleteToken { profile }).await;
}
