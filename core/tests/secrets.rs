//! Tokens through a real Secret Service: run under `scripts/with-keyring.sh` (dbus-run-session
//! with an unlocked gnome-keyring), as `make test` does.

use switchboard_core::{secrets, Action, Core, Update};
use tokio::sync::mpsc;

fn unique(name: &str) -> String {
    format!("switchboard-test-{name}-{}", std::process::id())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_read_and_delete_a_token() {
    let profile = unique("roundtrip");
    assert_eq!(secrets::read_token(profile.clone()).await.unwrap(), None);
    secrets::save_token(profile.clone(), "tok-123456".into()).await.unwrap();
    assert_eq!(secrets::read_token(profile.clone()).await.unwrap(), Some("tok-123456".into()));
    // Replacing keeps one entry with the new value.
    secrets::save_token(profile.clone(), "tok-abcdef".into()).await.unwrap();
    assert_eq!(secrets::read_token(profile.clone()).await.unwrap(), Some("tok-abcdef".into()));
    secrets::delete_token(profile.clone()).await.unwrap();
    assert_eq!(secrets::read_token(profile.clone()).await.unwrap(), None);
    // Deleting what is not there is not an error.
    secrets::delete_token(profile).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_names_and_tokens_are_refused_in_words() {
    assert!(secrets::save_token(" ".into(), "x".into()).await.is_err());
    assert!(secrets::save_token(unique("empty"), String::new()).await.is_err());
}

/// Through the API the token never comes back: only whether one is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_reports_only_whether_a_token_is_stored() {
    let (sink, mut rx) = mpsc::unbounded_channel();
    let core = Core::new(sink);
    let profile = unique("api");
    core.dispatch(Action::SaveToken { profile: profile.clone(), token: "never-shown-1234".into() }).await.unwrap();
    core.dispatch(Action::TokenState { profile: profile.clone() }).await.unwrap();
    core.dispatch(Action::DeleteToken { profile: profile.clone() }).await.unwrap();
    core.dispatch(Action::TokenState { profile: profile.clone() }).await.unwrap();
    let mut states = Vec::new();
    while let Ok(u) = rx.try_recv() {
        let text = serde_json::to_string(&u).unwrap();
        assert!(!text.contains("never-shown-1234"), "the token leaked: {text}");
        if let Update::TokenState { stored, .. } = u {
            states.push(stored);
        }
    }
    assert_eq!(states, [true, true, false, false]);
}
