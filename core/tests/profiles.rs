//! Saved servers on disk: written atomically, never with a secret, read back in order.

use switchboard_core::{api::Profile, Action, ConnectionOptions, Core, Update};
use tokio::sync::mpsc;

#[tokio::test]
async fn save_list_remove_and_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("SWITCHBOARD_CONFIG_DIR", dir.path());
    let (sink, mut rx) = mpsc::unbounded_channel();
    let core = Core::new(sink);
    let profile = |id: &str| Profile {
        id: id.into(),
        name: format!("Server {id}"),
        options: ConnectionOptions { url: format!("http://127.0.0.1/{id}"), ..Default::default() },
    };
    core.dispatch(Action::SaveProfile { profile: profile("a") }).await.unwrap();
    core.dispatch(Action::SaveProfile { profile: profile("b") }).await.unwrap();
    core.dispatch(Action::ListProfiles).await.unwrap();
    let mut last = None;
    while let Ok(u) = rx.try_recv() {
        if let Update::Profiles { profiles } = u {
            last = Some(profiles);
        }
    }
    let ids: Vec<_> = last.unwrap().into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["a", "b"]);
    // A bad URL is refused before anything is written.
    let mut bad = profile("c");
    bad.options.url = "ftp://nope".into();
    assert!(core.dispatch(Action::SaveProfile { profile: bad }).await.is_err());
    let text = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!text.contains("\"c\""));
    // A damaged file is an error in words, and is not overwritten by a read.
    std::fs::write(dir.path().join("profiles.json"), "{not json").unwrap();
    let err = core.dispatch(Action::ListProfiles).await.unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("profiles.json")).unwrap(), "{not json");
}
