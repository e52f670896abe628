//! The raw console: no protocol, every event shown as it is.

use serde_json::Value;

use super::translator::{not_this_protocol, Context, ProtocolAction, Reaction, Translator};
use crate::api::ConnId;
use crate::error::Result;

#[derive(Debug)]
pub struct Console;

impl Translator for Console {
    fn on_action(
        &mut self,
        _id: &ConnId,
        _request: Option<u64>,
        action: ProtocolAction,
        _cx: &Context,
    ) -> Result<Reaction> {
        Err(not_this_protocol(&action))
    }

    fn reads_events(&self) -> bool {
        false
    }

    fn on_event(&mut self, _id: &ConnId, _event: &str, _args: &[Value], _cx: &Context) -> Reaction {
        Reaction::default()
    }
}
