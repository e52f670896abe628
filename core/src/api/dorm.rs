//! The dorm room protocol's requests and answers (translated in `protocol/dorm.rs`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum DormAction {
    /// Join (or, again, refresh) the room the token belongs to.
    Join,
    Leave,
    Message {
        text: String,
    },
    /// `None` clears one's activity.
    SetActivity {
        #[ts(optional)]
        code: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DormUser {
    pub user_id: String,
    pub username: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DormRoom {
    pub room_id: String,
    pub room_name: String,
    #[ts(optional)]
    pub owner_id: Option<String>,
    /// 2 or 4 in the contract; other sizes are shown as they come.
    #[ts(optional)]
    pub room_size: Option<u32>,
    #[ts(optional)]
    pub count: Option<u32>,
    /// Milliseconds since the epoch.
    #[ts(optional, as = "Option<f64>")]
    pub create_time: Option<u64>,
    /// The room's blackboard, plain text.
    pub notice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Roommate {
    pub user_id: String,
    pub username: String,
    #[ts(optional)]
    pub action: Option<String>,
    #[ts(optional, as = "Option<f64>")]
    pub join_time: Option<u64>,
}

/// Who wrote a chat message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sender {
    Me,
    Roommate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum DormUpdate {
    /// `last_data`: who I am, the room, and who is in it now.
    Room { me: DormUser, room: DormRoom, roommates: Vec<Roommate> },
    Message {
        sender: Sender,
        text: String,
        #[ts(optional, as = "Option<f64>")]
        time: Option<u64>,
    },
    Activity {
        user_id: String,
        #[ts(optional)]
        action: Option<String>,
        #[ts(optional, as = "Option<f64>")]
        time: Option<u64>,
    },
    /// We asked to leave (the server answers only on failure).
    Left,
    /// The server reported an error that answers no request of ours.
    Error { message: String },
}
