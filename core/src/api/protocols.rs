//! The registry of server protocols: the one list that names them. A protocol's own types
//! are in its file beside this one (`dorm.rs`: `DormAction`, `DormUpdate`); here it gets
//! one line in each of the three lists below. Adding a protocol: docs/ARCHITECTURE.md.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::dorm::{DormAction, DormUpdate};
use super::file_exchange::{FileExchangeAction, FileExchangeUpdate};
use super::session_host::{SessionHostAction, SessionHostUpdate, Simulated};
use super::space::{SpaceAction, SpaceUpdate};

/// Which server protocol a connection speaks (every connection also shows raw events).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Protocol {
    /// No protocol: the raw event console only.
    #[default]
    Console,
    /// The session host protocol; `simulated` makes it a scripted participant.
    SessionHost {
        #[serde(default)]
        #[ts(optional)]
        simulated: Option<Simulated>,
    },
    /// The dorm room protocol; the connection's token goes into every request.
    Dorm,
    /// The Space: rooms, chat, users and files.
    Space,
    /// File exchange sessions; the connection's token goes into the query as `token`.
    FileExchange {
        /// How long the server waits for an answer (default 300 s), for the countdown.
        #[serde(default)]
        #[ts(optional)]
        answer_limit_secs: Option<u32>,
    },
}

/// A request to a connection's server, in its protocol's words: `{"protocol": "dorm",
/// "action": {…}}` (inside the `request` action).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "protocol", content = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum ProtocolRequest {
    SessionHost(SessionHostAction),
    Dorm(DormAction),
    Space(SpaceAction),
    FileExchange(FileExchangeAction),
}

/// What a connection's server said, in its protocol's words: `{"protocol": "dorm",
/// "update": {…}}` (inside the `protocol` update).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "protocol", content = "update", rename_all = "snake_case")]
#[ts(export)]
pub enum ProtocolUpdate {
    SessionHost(SessionHostUpdate),
    Dorm(DormUpdate),
    Space(SpaceUpdate),
    FileExchange(FileExchangeUpdate),
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::api::{Action, Update};

    #[test]
    fn a_request_reads_and_writes_as_the_window_and_the_cli_send_it() {
        let wire = json!({"type": "request", "id": "bob", "request_id": 7, "protocol": "space",
            "action": {"type": "leave", "room": "lobby"}});
        let action: Action = serde_json::from_value(wire.clone()).expect("a request");
        let want = Action::Request {
            id: "bob".into(),
            request_id: Some(7),
            request: ProtocolRequest::Space(SpaceAction::Leave { room: "lobby".into() }),
        };
        assert_eq!(action, want);
        assert_eq!(serde_json::to_value(&action).expect("json"), wire);
    }

    #[test]
    fn a_request_for_no_such_protocol_or_in_another_protocols_words_is_refused() {
        let unknown = json!({"type": "request", "id": "b", "protocol": "gopher", "action": {"type": "leave"}});
        assert!(serde_json::from_value::<Action>(unknown).is_err());
        let mixed = json!({"type": "request", "id": "b", "protocol": "dorm", "action": {"type": "join_session", "session_key": "K"}});
        assert!(serde_json::from_value::<Action>(mixed).is_err());
        let bare = json!({"type": "request", "id": "b", "action": {"type": "leave", "room": "x"}});
        assert!(serde_json::from_value::<Action>(bare).is_err());
    }

    #[test]
    fn a_protocol_update_is_one_flat_object_naming_its_protocol() {
        let update = Update::Protocol {
            id: "bob".into(),
            update: ProtocolUpdate::Space(SpaceUpdate::Left { room: "lobby".into() }),
        };
        let wire: Value = serde_json::to_value(&update).expect("json");
        assert_eq!(
            wire,
            json!({"type": "protocol", "id": "bob", "protocol": "space", "update": {"type": "left", "room": "lobby"}})
        );
    }

    #[test]
    fn every_protocol_kind_reads_with_its_defaults() {
        for kind in ["console", "session_host", "dorm", "space", "file_exchange"] {
            let protocol: Protocol = serde_json::from_value(json!({ "kind": kind })).expect(kind);
            assert_eq!(serde_json::to_value(&protocol).expect("json")["kind"], kind);
        }
    }
}
