//! The local relay (core/connection/relay.rs) against real servers: a large string taken
//! out of an event and streamed in WebSocket fragments reaches python-socketio and Node
//! socket.io as the same JSON (quotes, line breaks and non-ASCII text included), and the
//! answer's long strings, kept by the relay out of the library's way, are put back whole.

mod common;

use common::*;
use serde_json::json;
use switchboard_core::connection::relay::STASH_MIN;
use switchboard_core::{applog, Protocol};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_strings_are_streamed_through_the_relay_to_both_servers() {
    for kind in BOTH {
        let server = Server::start(kind, &[]);
        let mut h = Harness::new();
        let id = format!("relay-{kind:?}");
        let mut o = options(server.url("/"));
        // A protocol that sends files, so its connection goes through the relay.
        o.protocol = Protocol::Space;
        h.connect(&id, o).await;
        h.connected(&id).await;
        // Under the servers' default 1 MB message limit, over several fragments.
        let text = "line \"one\"\\ é 中文 \t\n".repeat(700_000 / 28);
        assert!(text.len() > 3 * STASH_MIN);
        let other = "QUJD".repeat(STASH_MIN / 4);
        let args = vec![json!({"text": text, "n": 1}), json!(other), json!("small")];
        h.emit_ack(&id, "ack_echo", args.clone(), 1, 10_000).await;
        let answer = h.ack(&id, 1).await;
        assert_eq!(answer, args, "{kind:?} answers with the same arguments");
        let streamed = applog::recent(applog::KEEP)
            .into_iter()
            .filter(|l| l.contains(&format!("{id}: sent a ")) && l.contains("through the relay"))
            .count();
        assert_eq!(streamed, 1, "{kind:?}: the event went out through the relay, in parts");
        let kept = applog::recent(applog::KEEP)
            .into_iter()
            .filter(|l| l.contains(&format!("{id}: kept a ")) && l.contains("out of the library"))
            .count();
        assert_eq!(kept, 2, "{kind:?}: the answer's two long strings were kept by the relay and put back");
    }
}
