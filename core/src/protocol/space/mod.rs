//! The Space (PROTOCOLS.md section 5; seed 004, a python-socketio server): rooms, chat,
//! users and files. Own messages and files are pending until the server confirms them
//! (`message_sent`, `file_sent`) and failed, with Retry, on an `error` or when no
//! confirmation comes in time. Answers carry no request id, so an `error` is pinned on
//! the oldest request still waiting. Server payloads may use the aliases of the contract.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use serde_json::{json, Map, Value};

mod fields;

use super::asked::{done, refused};
use super::translator::{not_this_protocol, Context, ProtocolAction, Reaction, Translator};
use crate::api::files::FileState;
use crate::api::space::{ChatEntry, EntryBody, EntryStatus, SpaceAction, SpaceUpdate, SpaceUser};
use crate::api::{ConnId, ProtocolRequest, ProtocolUpdate, Update};
use crate::error::{Error, Result};
use crate::files::store::FileStore;
use crate::files::transfer::{Encoding, Incoming};
use fields::{
    cut, field, is_space_event, space, time_of, username_of, users_of, warning, MAX_SHOWN_NAME, MAX_SHOWN_TEXT,
};

/// How long a message or request waits for its confirmation.
pub const CONFIRM_MS: u64 = 15_000;

/// What must be refused before it is sent.
pub fn validate(action: &SpaceAction) -> Result<()> {
    let room = match action {
        SpaceAction::Join { room, username } => {
            if username.trim().is_empty() {
                return Err(Error::BadRequest("choose a user name first".into()));
            }
            room
        }
        SpaceAction::Message { room, text } => {
            if text.trim().is_empty() {
                return Err(Error::BadRequest("the message is empty".into()));
            }
            room
        }
        SpaceAction::Leave { room } | SpaceAction::ListUsers { room } => room,
        SpaceAction::Retry { .. } => return Ok(()),
    };
    if room.trim().is_empty() {
        return Err(Error::BadRequest("the room name is empty".into()));
    }
    Ok(())
}

/// A request waiting for the server's answer.
#[derive(Debug, Clone)]
struct Waiting {
    request: &'static str,
    room: String,
    /// The chat entry it confirms (messages and files).
    key: Option<String>,
    /// File name, to match `file_sent`.
    filename: Option<String>,
    /// The caller's id for the request, which its answer carries.
    asked: Option<u64>,
    since: u64,
}

#[derive(Debug)]
pub struct Space {
    files: Arc<FileStore>,
    max_file_bytes: u64,
    /// My user name per joined room.
    names: HashMap<String, String>,
    /// Own entries by key (to mark them confirmed or failed, and to resend).
    mine: HashMap<String, ChatEntry>,
    waiting: VecDeque<Waiting>,
    /// Server ids already shown, so a message delivered twice is shown once.
    seen: HashSet<String>,
    next_key: u64,
    connected: bool,
    /// Connected before: a new connection rejoins the rooms (the server forgot them).
    was_connected: bool,
    /// The time of the call being handled (from its `Context`), ms since the epoch.
    now: u64,
}

impl Space {
    pub fn new(files: Arc<FileStore>, max_file_bytes: u64) -> Self {
        Self {
            files,
            max_file_bytes,
            names: HashMap::new(),
            mine: HashMap::new(),
            waiting: VecDeque::new(),
            seen: HashSet::new(),
            next_key: 0,
            connected: false,
            was_connected: false,
            now: 0,
        }
    }

    fn key(&mut self) -> String {
        self.next_key += 1;
        format!("local-{}", self.next_key)
    }

    fn wait(
        &mut self,
        request: &'static str,
        room: &str,
        key: Option<String>,
        filename: Option<String>,
        asked: Option<u64>,
    ) {
        let since = self.now;
        self.waiting.push_back(Waiting { request, room: room.to_owned(), key, filename, since, asked });
    }

    /// One of my entries, just sent.
    fn pending_entry(&self, key: &str, room: &str, body: EntryBody) -> ChatEntry {
        ChatEntry {
            key: key.to_owned(),
            username: self.names.get(room).cloned().unwrap_or_default(),
            room: room.to_owned(),
            mine: true,
            time: Some(self.now),
            status: EntryStatus::Pending,
            body,
        }
    }

    fn entry_update(id: &ConnId, entry: &ChatEntry) -> Update {
        Update::Protocol { id: id.clone(), update: ProtocolUpdate::Space(SpaceUpdate::Entry { entry: entry.clone() }) }
    }

    /// A request from the person.
    pub fn request(&mut self, id: &ConnId, asked: Option<u64>, action: SpaceAction) -> Result<Reaction> {
        validate(&action)?;
        let mut r = Reaction::default();
        match action {
            SpaceAction::Join { room, username } => {
                let (room, username) = (room.trim().to_owned(), username.trim().to_owned());
                self.names.insert(room.clone(), username.clone());
                self.wait("join_room", &room, None, None, asked);
                r.emits.push(("join_room".into(), vec![json!({"room": room, "username": username})]));
            }
            SpaceAction::Leave { room } => {
                self.wait("leave_room", &room, None, None, asked);
                r.emits.push(("leave_room".into(), vec![json!({"room": room})]));
            }
            SpaceAction::ListUsers { room } => {
                self.wait("get_room_users", &room, None, None, asked);
                r.emits.push(("get_room_users".into(), vec![json!({"room": room})]));
            }
            SpaceAction::Message { room, text } => {
                let key = self.key();
                let entry = self.pending_entry(&key, &room, EntryBody::Text { text: text.clone() });
                r.updates.push(Self::entry_update(id, &entry));
                self.mine.insert(key.clone(), entry);
                self.wait("send_message", &room, Some(key), None, asked);
                r.emits.push(("send_message".into(), vec![json!({"room": room, "message": text})]));
            }
            SpaceAction::Retry { key } => {
                let entry = self.mine.get_mut(&key).ok_or_else(|| Error::BadRequest("that message is gone".into()))?;
                let EntryBody::Text { text } = entry.body.clone() else {
                    return Err(Error::BadRequest("files are sent again with the file's Retry".into()));
                };
                if !matches!(entry.status, EntryStatus::Failed { .. }) {
                    return Err(Error::BadRequest("that message has not failed".into()));
                }
                entry.status = EntryStatus::Pending;
                entry.time = Some(self.now);
                let room = entry.room.clone();
                r.updates.push(Self::entry_update(id, entry));
                self.wait("send_message", &room, Some(key), None, asked);
                r.emits.push(("send_message".into(), vec![json!({"room": room, "message": text})]));
            }
        }
        Ok(r)
    }

    /// A file read by `Core` is ready to go to room `target`: `file_id` is in the store.
    pub fn send_file(&mut self, id: &ConnId, file_id: &str) -> Result<Reaction> {
        let mut r = Reaction::default();
        let Some(out) = self.files.take_outgoing(file_id) else {
            return Ok(r); // cancelled meanwhile
        };
        let room = out.info.target.clone();
        // Retry of a failed file reuses its chat entry.
        let existing = self.mine.iter().find(|(_, e)| e.body == EntryBody::File { file_id: file_id.to_owned() });
        let key = match existing {
            Some((k, _)) => k.clone(),
            None => self.key(),
        };
        let entry = self.pending_entry(&key, &room, EntryBody::File { file_id: file_id.to_owned() });
        r.updates.push(Update::File { file: out.info.clone() });
        r.updates.push(Self::entry_update(id, &entry));
        self.mine.insert(key.clone(), entry);
        self.wait("send_file", &room, Some(key), Some(out.info.name.clone()), None);
        let mut event = json!({
            "room": room,
            "filename": out.info.name,
            "mime_type": out.info.mime.unwrap_or_else(|| "application/octet-stream".into()),
            "size": out.info.size,
        });
        // Moved in, not through `json!` (which would copy the whole file's text).
        event["content"] = Value::String(out.content);
        r.emit_file(("send_file".into(), vec![event]), file_id);
        Ok(r)
    }

    pub fn connected(&mut self, _id: &ConnId) -> Reaction {
        self.connected = true;
        // Requests queued while offline are timed from now.
        let now = self.now;
        for w in self.waiting.iter_mut() {
            w.since = w.since.max(now);
        }
        let mut r = Reaction::default();
        if std::mem::replace(&mut self.was_connected, true) {
            // Rejoined before the queued requests go out (they follow these emits).
            let mut rooms: Vec<_> = self.names.iter().map(|(r, u)| (r.clone(), u.clone())).collect();
            rooms.sort();
            for (room, username) in rooms {
                self.wait("join_room", &room, None, None, None);
                r.emits.push(("join_room".into(), vec![json!({"room": room, "username": username})]));
            }
        }
        r
    }

    pub fn lost(&mut self) {
        self.connected = false;
    }

    /// Once a second: requests unanswered for too long fail (only while connected, since
    /// offline ones are still in the outbox).
    pub fn tick(&mut self, id: &ConnId, now: u64) -> Reaction {
        let mut r = Reaction::default();
        if !self.connected {
            return r;
        }
        while let Some(front) = self.waiting.front() {
            let limit = match front.request {
                // A large file takes longer to send: 2 s more per MiB.
                "send_file" => CONFIRM_MS * 2 + self.file_size(front) / (512 * 1024) * 1000,
                _ => CONFIRM_MS,
            };
            if now.saturating_sub(front.since) < limit {
                break;
            }
            let Some(w) = self.waiting.pop_front() else { break };
            self.fail(id, &w, "the server did not confirm it in time", &mut r);
        }
        r
    }

    fn file_size(&self, w: &Waiting) -> u64 {
        let file_id = w.key.as_ref().and_then(|k| self.mine.get(k)).and_then(|e| match &e.body {
            EntryBody::File { file_id } => Some(file_id.clone()),
            _ => None,
        });
        file_id.and_then(|f| self.files.info(&f).ok()).map(|i| i.size).unwrap_or(0)
    }

    /// Mark a waiting request as failed: its entry (and file) show the reason, or an error.
    fn fail(&mut self, id: &ConnId, w: &Waiting, reason: &str, r: &mut Reaction) {
        if let Some(asked) = w.asked {
            r.updates.push(refused(id, asked, reason));
        }
        let entry = w.key.as_ref().and_then(|k| self.mine.get_mut(k));
        match entry {
            Some(entry) => {
                entry.status = EntryStatus::Failed { reason: reason.to_owned() };
                if let EntryBody::File { file_id } = &entry.body {
                    if let Some(file) = self.files.set_state(file_id, FileState::Failed { reason: reason.to_owned() }) {
                        r.updates.push(Update::File { file });
                    }
                }
                r.updates.push(Self::entry_update(id, entry));
            }
            // A request the window did not ask (a rejoin): the error is shown on its own.
            None if w.asked.is_none() => r.updates.push(space(id, SpaceUpdate::Error { message: reason.to_owned() })),
            None => {}
        }
    }

    /// Remove and return the oldest waiting request matching; its caller hears it is done.
    fn answered(
        &mut self,
        id: &ConnId,
        r: &mut Reaction,
        request: &str,
        room: Option<&str>,
        filename: Option<&str>,
    ) -> Option<Waiting> {
        let pos = self.waiting.iter().position(|w| {
            w.request == request
                && room.is_none_or(|r| w.room == r)
                && filename.is_none_or(|f| w.filename.as_deref().is_none_or(|wf| wf == f))
        })?;
        self.take_answered(id, r, pos)
    }

    /// Remove waiting request number `pos`, now answered; its caller hears it is done.
    fn take_answered(&mut self, id: &ConnId, r: &mut Reaction, pos: usize) -> Option<Waiting> {
        let w = self.waiting.remove(pos)?;
        if let Some(asked) = w.asked {
            r.updates.push(done(id, asked));
        }
        Some(w)
    }

    /// Confirm one of my entries with the server's id and time.
    fn confirm(&mut self, id: &ConnId, key: &str, server_id: Option<String>, time: Option<u64>, r: &mut Reaction) {
        if let Some(sid) = server_id {
            self.seen.insert(sid);
        }
        let Some(entry) = self.mine.get_mut(key) else { return };
        entry.status = EntryStatus::Confirmed;
        entry.time = time.or(entry.time);
        if let EntryBody::File { file_id } = &entry.body {
            if let Some(file) = self.files.set_state(file_id, FileState::Sent) {
                r.updates.push(Update::File { file });
            }
        }
        r.updates.push(Self::entry_update(id, entry));
    }

    /// An event from the server.
    pub fn event(&mut self, id: &ConnId, event: &str, args: &[Value]) -> Reaction {
        let mut r = Reaction::default();
        let empty = Map::new();
        let obj = match args.first() {
            Some(Value::Object(map)) => map,
            _ if event == "error" => &empty,
            _ if is_space_event(event) => {
                r.updates
                    .push(warning(id, format!("“{event}” arrived without an object payload and was not understood")));
                return r;
            }
            _ => return r,
        };
        let room = field(obj, &["room", "room_id"]).map(|s| cut(&s, MAX_SHOWN_NAME));
        let need_room = |r: &mut Reaction| {
            r.updates.push(warning(id, format!("“{event}” arrived without a room and was not understood")));
        };
        match event {
            "connected" => r
                .updates
                .push(space(id, SpaceUpdate::Welcome { sid: field(obj, &["sid"]), message: field(obj, &["message"]) })),
            "joined_room" => match room {
                Some(room) => {
                    self.answered(id, &mut r, "join_room", Some(&room), None);
                    let users = obj.get("users").map(|u| users_of(u, &mut r, id));
                    r.updates.push(space(id, SpaceUpdate::Joined { room, users }));
                }
                None => need_room(&mut r),
            },
            "left_room" => match room {
                Some(room) => {
                    self.answered(id, &mut r, "leave_room", Some(&room), None);
                    self.names.remove(&room);
                    r.updates.push(space(id, SpaceUpdate::Left { room }));
                }
                None => need_room(&mut r),
            },
            "user_joined_room" | "user_left_room" => match room {
                Some(room) => {
                    let user = SpaceUser { username: username_of(obj), sid: field(obj, &["sid"]) };
                    let update = match event {
                        "user_joined_room" => SpaceUpdate::UserJoined { room, user },
                        _ => SpaceUpdate::UserLeft { room, user },
                    };
                    r.updates.push(space(id, update));
                }
                None => need_room(&mut r),
            },
            "room_users" => match room {
                Some(room) => {
                    self.answered(id, &mut r, "get_room_users", Some(&room), None);
                    let users = obj.get("users").map(|u| users_of(u, &mut r, id)).unwrap_or_default();
                    r.updates.push(space(id, SpaceUpdate::Users { room, users }));
                }
                None => need_room(&mut r),
            },
            // An answer that carries a server id already seen confirmed its message before
            // (by the echo): it must not confirm the next one waiting.
            "message_sent" | "file_sent" if field(obj, &["id"]).is_some_and(|sid| self.seen.contains(&sid)) => {}
            "message_sent" => {
                let time = time_of(obj);
                match self.answered(id, &mut r, "send_message", room.as_deref(), None).and_then(|w| w.key) {
                    Some(key) => self.confirm(id, &key, field(obj, &["id"]), time, &mut r),
                    None => {
                        r.updates.push(warning(id, "“message_sent” confirmed a message that was not waiting".into()))
                    }
                }
            }
            "file_sent" => {
                let filename = field(obj, &["filename", "name"]);
                match self.answered(id, &mut r, "send_file", room.as_deref(), filename.as_deref()).and_then(|w| w.key) {
                    Some(key) => self.confirm(id, &key, field(obj, &["id"]), time_of(obj), &mut r),
                    None => r.updates.push(warning(id, "“file_sent” confirmed a file that was not waiting".into())),
                }
            }
            "new_message" => match room {
                Some(room) => self.new_message(id, obj, room, &mut r),
                None => need_room(&mut r),
            },
            "new_file" => match room {
                Some(room) => self.new_file(id, obj, room, &mut r),
                None => need_room(&mut r),
            },
            "error" => {
                let message = match args.first() {
                    Some(Value::String(s)) => s.clone(),
                    _ => field(obj, &["message", "error", "detail"])
                        .unwrap_or_else(|| "the server reported an error".into()),
                };
                let message = cut(&message, MAX_SHOWN_NAME * 5);
                match self.waiting.pop_front() {
                    Some(w) => self.fail(id, &w, &message, &mut r),
                    None => r.updates.push(space(id, SpaceUpdate::Error { message })),
                }
            }
            _ => {}
        }
        r
    }

    /// Whether a server id was shown already (it is remembered from now on).
    fn duplicate(&mut self, obj: &Map<String, Value>) -> (bool, Option<String>) {
        match field(obj, &["id", "message_id", "file_id"]) {
            Some(sid) => (!self.seen.insert(sid.clone()), Some(sid)),
            None => (false, None),
        }
    }

    fn new_message(&mut self, id: &ConnId, obj: &Map<String, Value>, room: String, r: &mut Reaction) {
        let (dup, server_id) = self.duplicate(obj);
        if dup {
            return;
        }
        let username = username_of(obj);
        let text = match ["message", "text", "content"].iter().find_map(|k| obj.get(*k)) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => {
                r.updates
                    .push(warning(id, format!("a message from {username} in {room} had no text and was not shown")));
                return;
            }
        };
        // My own message echoed back before `message_sent`: it confirms the pending one.
        if self.names.get(&room) == Some(&username) {
            let pending = self.waiting.iter().position(|w| {
                w.request == "send_message"
                    && w.room == room
                    && w.key
                        .as_ref()
                        .and_then(|k| self.mine.get(k))
                        .is_some_and(|e| e.body == EntryBody::Text { text: text.clone() })
            });
            if let Some(w) = pending.and_then(|pos| self.take_answered(id, r, pos)) {
                if let Some(key) = w.key {
                    self.confirm(id, &key, server_id, time_of(obj), r);
                    return;
                }
            }
        }
        let text = if text.chars().count() > MAX_SHOWN_TEXT {
            r.updates.push(warning(
                id,
                format!("a message from {username} was longer than {MAX_SHOWN_TEXT} characters and was cut"),
            ));
            cut(&text, MAX_SHOWN_TEXT)
        } else {
            text
        };
        let key = server_id.map(|s| format!("srv-{s}")).unwrap_or_else(|| self.key());
        let entry = ChatEntry {
            key,
            room,
            username,
            mine: false,
            time: time_of(obj),
            status: EntryStatus::Received,
            body: EntryBody::Text { text },
        };
        r.updates.push(Self::entry_update(id, &entry));
    }

    fn new_file(&mut self, id: &ConnId, obj: &Map<String, Value>, room: String, r: &mut Reaction) {
        let (dup, server_id) = self.duplicate(obj);
        if dup {
            return;
        }
        let username = username_of(obj);
        let content = match ["content", "data"].iter().find_map(|k| obj.get(*k)) {
            Some(Value::String(s)) => s.as_str(),
            _ => {
                r.updates
                    .push(warning(id, format!("a file from {username} in {room} had no content and was not shown")));
                return;
            }
        };
        let incoming = Incoming {
            name: field(obj, &["filename", "name"]).map(|n| cut(&n, MAX_SHOWN_NAME)).unwrap_or_else(|| "file".into()),
            mime: field(obj, &["mime_type", "type"]),
            sender: Some(username.clone()),
            time: time_of(obj),
            announced_size: obj.get("size").and_then(Value::as_u64),
            target: room.clone(),
        };
        let file = self.files.receive(id, incoming, content, Encoding::Base64, self.max_file_bytes);
        let key = server_id.map(|s| format!("srv-{s}")).unwrap_or_else(|| self.key());
        let entry = ChatEntry {
            key,
            room,
            username,
            mine: false,
            time: file.time,
            status: EntryStatus::Received,
            body: EntryBody::File { file_id: file.file_id.clone() },
        };
        r.updates.push(Update::File { file });
        r.updates.push(Self::entry_update(id, &entry));
    }
}

impl Translator for Space {
    fn on_action(
        &mut self,
        id: &ConnId,
        request: Option<u64>,
        action: ProtocolAction,
        cx: &Context,
    ) -> Result<Reaction> {
        self.now = cx.now_ms;
        match action {
            ProtocolAction::Request(ProtocolRequest::Space(a)) => self.request(id, request, a),
            ProtocolAction::SendFile { file_id } => self.send_file(id, &file_id),
            ProtocolAction::RepeatFile { .. } => {
                Err(Error::BadRequest("The Space cannot send a file again; ask its sender to send it once more".into()))
            }
            other => Err(not_this_protocol(&other)),
        }
    }

    fn on_connected(&mut self, id: &ConnId, cx: &Context) -> Reaction {
        self.now = cx.now_ms;
        self.connected(id)
    }

    fn on_lost(&mut self) {
        self.lost()
    }

    fn on_tick(&mut self, id: &ConnId, cx: &Context) -> Reaction {
        self.now = cx.now_ms;
        self.tick(id, cx.now_ms)
    }

    fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value], cx: &Context) -> Reaction {
        self.now = cx.now_ms;
        self.event(id, event, args)
    }
}

#[cfg(test)]
mod tests;
