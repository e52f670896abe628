//! Requests a translator sent its server and that are not answered yet, with the ids the
//! caller chose. The protocols' servers answer with no request id, so each translator
//! says which request an answer belongs to (by its kind, a key such as a room, or the
//! oldest); this keeps the ids and makes the `answer` updates.

use std::collections::VecDeque;

use crate::api::{ConnId, Update};

#[derive(Debug, Default)]
pub struct Asked {
    /// (kind, key, request id), oldest first.
    waiting: VecDeque<(&'static str, Option<String>, u64)>,
}

impl Asked {
    /// Note request `request` (when the caller gave an id) of `kind`, about `key`.
    pub fn add(&mut self, kind: &'static str, key: Option<String>, request: Option<u64>) {
        if let Some(request) = request {
            self.waiting.push_back((kind, key, request));
        }
    }

    /// Note request `request` of `kind` in place of any other of that kind (the last one is
    /// the one a late refusal answers).
    pub fn replace(&mut self, kind: &'static str, request: Option<u64>) {
        if request.is_some() {
            self.waiting.retain(|(k, _, _)| *k != kind);
            self.add(kind, None, request);
        }
    }

    /// The oldest request of `kind` (about `key`, when given), now answered.
    pub fn take(&mut self, kind: &str, key: Option<&str>) -> Option<u64> {
        let at = self
            .waiting
            .iter()
            .position(|(k, wk, _)| *k == kind && key.is_none_or(|key| wk.as_deref() == Some(key)))?;
        self.waiting.remove(at).map(|(_, _, r)| r)
    }

    /// The oldest request of any kind (for an error that names none).
    pub fn take_oldest(&mut self) -> Option<u64> {
        self.waiting.pop_front().map(|(_, _, r)| r)
    }
}

/// Request `request` of connection `id` is done.
pub fn done(id: &ConnId, request: u64) -> Update {
    Update::Answer { id: id.clone(), request_id: request, error: None }
}

/// Request `request` of connection `id` was refused, in `words`.
pub fn refused(id: &ConnId, request: u64, words: impl Into<String>) -> Update {
    Update::Answer { id: id.clone(), request_id: request, error: Some(words.into()) }
}

/// The answer updates among `updates`, as (request id, error) (for tests).
#[cfg(test)]
pub fn answers_in(updates: &[Update]) -> Vec<(u64, Option<String>)> {
    updates
        .iter()
        .filter_map(|u| match u {
            Update::Answer { request_id, error, .. } => Some((*request_id, error.clone())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_go_to_the_oldest_request_of_their_kind_and_key() {
        let mut a = Asked::default();
        a.add("join", Some("lobby".into()), Some(1));
        a.add("join", Some("den".into()), Some(2));
        a.add("message", None, Some(3));
        a.add("join", Some("lobby".into()), None); // no id: nothing to answer
        a.add("join", Some("lobby".into()), Some(4));
        assert_eq!(a.take("join", Some("den")), Some(2));
        assert_eq!(a.take("join", None), Some(1));
        assert_eq!(a.take("join", Some("den")), None);
        assert_eq!(a.take_oldest(), Some(3));
        assert_eq!(a.take("join", Some("lobby")), Some(4));
        assert_eq!(a.take_oldest(), None);
    }
}
