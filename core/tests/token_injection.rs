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

/// A token with characters a URL escapes, sent in the query (the file exchange protocol):
/// the connect error quotes the URL with the token escaped; no form of it may show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_escaped_in_the_url_never_shows_in_any_form() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = free.local_addr().expect("its address").port();
    drop(free);
    let mut h = Harness::new();
    let profile = format!("switchboard-test-escaped-{}", std::process::id());
    let token = "p5B/sec+ret= &ü-42";
    h.dispatch(Action::SaveToken { profile: profile.clone(), token: token.into() }).await;
    let mut o = options(format!("http://127.0.0.1:{port}/pku"));
    o.transport = switchboard_core::Transport::Polling;
    o.protocol = switchboard_core::Protocol::FileExchange { answer_limit_secs: None };
    o.token_profile = Some(profile.clone());
    h.connect("c", o).await;
    // The failed connect is reported in words that quote the URL (redacted).
    let words = h
        .wait_for("a connect error", |u| match u {
            Update::Error { error, .. } => Some(serde_json::to_string(error).unwrap()),
            _ => None,
        })
        .await;
    assert!(words.contains("•••"), "the URL with its token was quoted and redacted: {words}");
    h.dispatch(Action::Disconnect { id: "c".into() }).await;
    let escaped: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
    let forms = [token.to_owned(), escaped.clone(), escaped.replace('+', "%20"), "sec%2Bret".into()];
    let log = switchboard_core::applog::recent(usize::MAX).join("\n");
    for text in h.seen.iter().map(|u| serde_json::to_string(u).unwrap()).chain([log]) {
        for form in &forms {
            assert!(!text.contains(form.as_str()), "{form} leaked: {text}");
        }
    }
    h.dispatch(Action::DeleteToken { profile }).await;
}
