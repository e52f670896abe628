//! File exchange sessions (PROTOCOLS.md section 3; seed 002, "ПКУ", a Node.js socket.io
//! server on `/pku`): the client starts a session, the server sends files one by one,
//! the client answers each with a file; `finish` when all are answered, `timeout-close`
//! when one waits too long. After a dropped connection the session is resumed with
//! `session-reconnect` and answers that were on their way are sent again.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::asked::{done, refused, Asked};
use super::translator::{not_this_protocol, Context, ProtocolAction, Reaction, Translator};
use crate::api::file_exchange::{AnswerState, FileExchangeAction, FileExchangeUpdate, SessionEnd};
use crate::api::files::FileState;
use crate::api::{ConnId, ProtocolRequest, ProtocolUpdate, Update};
use crate::error::{Error, Result};
use crate::files::store::FileStore;
use crate::files::transfer::{Encoding, Incoming};

/// How long the server waits for an answer, unless the server's settings say otherwise.
pub const DEFAULT_ANSWER_LIMIT_SECS: u32 = 300;
/// Log lines sent with `logs-send`.
pub const LOG_LINES: usize = 200;

#[derive(Debug)]
struct Answer {
    file_id: String,
    /// Kept until the server confirms, to send again after a reconnect.
    content: Option<String>,
    state: AnswerState,
    /// Sent on a connection that has since dropped: send again once resumed.
    resend: bool,
}

#[derive(Debug)]
pub struct FileExchange {
    files: Arc<FileStore>,
    max_file_bytes: u64,
    session: Option<String>,
    /// Server file id → our received file id and when it first came.
    received: HashMap<String, (String, u64)>,
    answers: HashMap<String, Answer>,
    was_connected: bool,
    /// The session id a `session-reconnect` was sent for.
    resuming: Option<String>,
    asked: Asked,
    /// The time of the call being handled (from its `Context`), ms since the epoch.
    now: u64,
}

impl FileExchange {
    pub fn new(files: Arc<FileStore>, max_file_bytes: u64) -> Self {
        Self {
            files,
            max_file_bytes,
            session: None,
            received: HashMap::new(),
            answers: HashMap::new(),
            was_connected: false,
            resuming: None,
            asked: Asked::default(),
            now: 0,
        }
    }

    fn session(&self) -> Result<String> {
        self.session.clone().ok_or_else(|| Error::BadRequest("no session has been started".into()))
    }

    pub fn request(
        &mut self,
        _id: &ConnId,
        asked: Option<u64>,
        action: FileExchangeAction,
        logs: Vec<String>,
    ) -> Result<Reaction> {
        let mut r = Reaction::default();
        let kind = match action {
            FileExchangeAction::Start => "start",
            FileExchangeAction::Abort => "abort",
            FileExchangeAction::SendLogs => "send_logs",
        };
        match action {
            FileExchangeAction::Start => {
                if self.session.is_some() {
                    return Err(Error::BadRequest("a session is already running; abort it first".into()));
                }
                r.emits.push(("session-start".into(), vec![json!({})]));
            }
            FileExchangeAction::Abort => {
                r.emits.push(("session-client-abort".into(), vec![json!({"sessionId": self.session()?})]));
            }
            FileExchangeAction::SendLogs => {
                r.emits.push(("logs-send".into(), vec![json!({"sessionId": self.session, "logs": logs})]));
            }
        }
        self.asked.add(kind, None, asked);
        Ok(r)
    }

    /// Answer server file `target` with a file read by `Core`.
    pub fn send_file(&mut self, id: &ConnId, file_id: &str) -> Result<Reaction> {
        let mut r = Reaction::default();
        let session = self.session()?;
        let Some(out) = self.files.take_outgoing(file_id) else { return Ok(r) };
        let server_file_id = out.info.target.clone();
        if !self.received.contains_key(&server_file_id) {
            let reason = format!("the server never sent a file “{server_file_id}” in this session");
            if let Some(file) = self.files.set_state(file_id, FileState::Failed { reason: reason.clone() }) {
                r.updates.push(Update::File { file });
            }
            return Err(Error::BadRequest(reason));
        }
        // Text goes as text, anything else as base64 (as the server's own files come).
        let content = crate::files::read::text_of_base64(&out.content).unwrap_or(out.content);
        r.updates.push(Update::File { file: out.info.clone() });
        r.updates.push(answer_update(id, &server_file_id, file_id, AnswerState::Answering));
        r.emit_file(send_emit(&session, &server_file_id, &content), file_id);
        self.answers.insert(
            server_file_id,
            Answer {
                file_id: file_id.to_owned(),
                content: Some(content),
                state: AnswerState::Answering,
                resend: false,
            },
        );
        Ok(r)
    }

    /// Retry on a received file: ask the server for it again.
    pub fn repeat(&mut self, file_id: &str) -> Result<Reaction> {
        let session = self.session()?;
        let server_file_id = self
            .received
            .iter()
            .find(|(_, (f, _))| f == file_id)
            .map(|(s, _)| s.clone())
            .ok_or_else(|| Error::BadRequest("that file is not part of this session".into()))?;
        Ok(Reaction {
            emits: vec![("session-file-repeat".into(), vec![json!({"sessionId": session, "fileId": server_file_id})])],
            ..Default::default()
        })
    }

    pub fn connected(&mut self, _id: &ConnId) -> Reaction {
        let mut r = Reaction::default();
        if std::mem::replace(&mut self.was_connected, true) {
            if let Some(session) = self.session.clone() {
                self.resuming = Some(session.clone());
                r.emits.push(("session-reconnect".into(), vec![json!({"sessionId": session})]));
            }
        }
        r
    }

    /// Answers sent on the lost connection may not have arrived: send them again later.
    pub fn lost(&mut self) {
        for a in self.answers.values_mut() {
            if a.state == AnswerState::Answering {
                a.resend = true;
            }
        }
    }

    /// The oldest request of `kind` is done.
    fn done(&mut self, id: &ConnId, kind: &str, r: &mut Reaction) {
        if let Some(asked) = self.asked.take(kind, None) {
            r.updates.push(done(id, asked));
        }
    }

    fn end(&mut self, id: &ConnId, end: SessionEnd, r: &mut Reaction) {
        self.session = None;
        self.resuming = None;
        r.updates.push(file_exchange(id, FileExchangeUpdate::Ended { end }));
    }

    pub fn event(&mut self, id: &ConnId, event: &str, args: &[Value]) -> Reaction {
        let mut r = Reaction::default();
        let first = args.first();
        match event {
            "connection-auth-error" => {
                r.updates.push(file_exchange(id, FileExchangeUpdate::AuthError { message: message_of(first) }));
            }
            "session-start-success" => match session_id_of(first) {
                Some(session_id) => {
                    self.session = Some(session_id.clone());
                    self.received.clear();
                    self.answers.clear();
                    r.updates.push(file_exchange(id, FileExchangeUpdate::Started { session_id }));
                    self.done(id, "start", &mut r);
                }
                None => r.updates.push(warning(id, "“session-start-success” carried no session id")),
            },
            "session-reconnect-success" => {
                let session_id = session_id_of(first).or_else(|| self.resuming.clone()).unwrap_or_default();
                self.resuming = None;
                r.updates.push(file_exchange(
                    id,
                    FileExchangeUpdate::Resumed { session_id: session_id.clone(), resumed: true, message: None },
                ));
                // Answers that were on their way when the connection dropped.
                let mut resend: Vec<_> = self.answers.iter_mut().filter(|(_, a)| a.resend).collect();
                resend.sort_by(|a, b| a.0.cmp(b.0));
                for (server_file_id, a) in resend {
                    a.resend = false;
                    if let Some(content) = &a.content {
                        r.emit_file(send_emit(&session_id, server_file_id, content), &a.file_id);
                    }
                }
            }
            "session-reconnect-error" => {
                let session_id = self.resuming.take().unwrap_or_default();
                let message = message_of(first);
                r.updates.push(file_exchange(
                    id,
                    FileExchangeUpdate::Resumed { session_id, resumed: false, message: Some(message.clone()) },
                ));
                self.end(id, SessionEnd::Other { text: message }, &mut r);
            }
            "session-file-available" => self.file_available(id, first, &mut r),
            "session-file-send-success" => {
                let server_file_id = file_id_of(first).or_else(|| self.oldest_answering());
                match server_file_id.and_then(|s| self.answers.get_mut(&s).map(|a| (s, a))) {
                    Some((server_file_id, a)) => {
                        a.state = AnswerState::Answered;
                        a.content = None;
                        a.resend = false;
                        if let Some(file) = self.files.set_state(&a.file_id, FileState::Sent) {
                            r.updates.push(Update::File { file });
                        }
                        r.updates.push(answer_update(id, &server_file_id, &a.file_id.clone(), AnswerState::Answered));
                    }
                    None => {
                        r.updates.push(warning(id, "“session-file-send-success” confirmed no answer that was waiting"))
                    }
                }
            }
            "session-file-send-error" => {
                let message = message_of(first);
                match file_id_of(first).or_else(|| self.oldest_answering()) {
                    Some(server_file_id) => self.answer_failed(id, &server_file_id, message, &mut r),
                    None => r.updates.push(error(id, message)),
                }
            }
            "session-close" => {
                let kind = match first {
                    Some(Value::Object(o)) => o.get("type").and_then(Value::as_str).map(str::to_owned),
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => None,
                };
                let end = match kind.as_deref() {
                    Some("finish") => SessionEnd::Finish,
                    Some("timeout-close") => {
                        SessionEnd::TimeoutClose { missing: file_id_of(first).or_else(|| self.oldest_unanswered()) }
                    }
                    Some(other) => SessionEnd::Other { text: other.to_owned() },
                    None => SessionEnd::Other { text: "the server closed the session".into() },
                };
                self.end(id, end, &mut r);
            }
            "session-client-abort-success" => {
                self.end(id, SessionEnd::Aborted, &mut r);
                self.done(id, "abort", &mut r);
            }
            "logs-send-success" => {
                r.updates.push(file_exchange(id, FileExchangeUpdate::LogsSent));
                self.done(id, "send_logs", &mut r);
            }
            "session-file-repeat-success" => {}
            // The server names the request an error answers by its event.
            e if e.ends_with("-error") => {
                let kind = match e.trim_end_matches("-error") {
                    "session-start" => Some("start"),
                    "session-client-abort" => Some("abort"),
                    "logs-send" => Some("send_logs"),
                    _ => None,
                };
                let message = message_of(first);
                match kind.and_then(|k| self.asked.take(k, None)) {
                    Some(asked) => r.updates.push(refused(id, asked, message)),
                    None => r.updates.push(error(id, message)),
                }
            }
            _ => {}
        }
        r
    }

    fn file_available(&mut self, id: &ConnId, first: Option<&Value>, r: &mut Reaction) {
        let Some(Value::Object(o)) = first else {
            r.updates.push(warning(id, "“session-file-available” arrived without an object payload"));
            return;
        };
        let Some(server_file_id) = file_id_of(first) else {
            r.updates.push(warning(id, "“session-file-available” carried no fileId"));
            return;
        };
        let content = match o.get("content") {
            Some(Value::String(s)) => s.as_str(),
            _ => {
                r.updates.push(warning(id, "“session-file-available” carried no text content"));
                ""
            }
        };
        if let Some(session) = o.get("sessionId").and_then(Value::as_str) {
            if self.session.is_none() {
                self.session = Some(session.to_owned());
            }
        }
        let known = self.received.get(&server_file_id).cloned();
        let (file_id, since, repeat) = match known {
            Some((file_id, since)) => {
                let file = self.files.receive_again(&file_id, content, Encoding::TextOrBase64, self.max_file_bytes);
                if let Some(file) = file {
                    r.updates.push(Update::File { file });
                }
                (file_id, since, true)
            }
            None => {
                let incoming = Incoming {
                    name: server_file_id.clone(),
                    time: Some(self.now),
                    target: server_file_id.clone(),
                    ..Default::default()
                };
                let file = self.files.receive(id, incoming, content, Encoding::TextOrBase64, self.max_file_bytes);
                let since = file.time.unwrap_or_default();
                let file_id = file.file_id.clone();
                r.updates.push(Update::File { file });
                self.received.insert(server_file_id.clone(), (file_id.clone(), since));
                (file_id, since, false)
            }
        };
        r.updates.push(file_exchange(id, FileExchangeUpdate::FileAvailable { server_file_id, file_id, since, repeat }));
    }

    fn answer_failed(&mut self, id: &ConnId, server_file_id: &str, reason: String, r: &mut Reaction) {
        let Some(a) = self.answers.get_mut(server_file_id) else {
            r.updates.push(error(id, reason));
            return;
        };
        let state = AnswerState::Failed { reason: reason.clone() };
        a.state = state.clone();
        a.content = None;
        a.resend = false;
        if let Some(file) = self.files.set_state(&a.file_id, FileState::Failed { reason }) {
            r.updates.push(Update::File { file });
        }
        r.updates.push(answer_update(id, server_file_id, &a.file_id.clone(), state));
    }

    fn oldest_answering(&self) -> Option<String> {
        let mut waiting: Vec<_> = self
            .answers
            .iter()
            .filter(|(_, a)| a.state == AnswerState::Answering)
            .map(|(s, _)| (self.received.get(s).map(|(_, t)| *t).unwrap_or(0), s.clone()))
            .collect();
        waiting.sort();
        waiting.into_iter().next().map(|(_, s)| s)
    }

    /// The oldest server file with no confirmed answer.
    fn oldest_unanswered(&self) -> Option<String> {
        let mut open: Vec<_> = self
            .received
            .iter()
            .filter(|(s, _)| self.answers.get(*s).is_none_or(|a| a.state != AnswerState::Answered))
            .map(|(s, (_, t))| (*t, s.clone()))
            .collect();
        open.sort();
        open.into_iter().next().map(|(_, s)| s)
    }
}

fn send_emit(session: &str, server_file_id: &str, content: &str) -> super::translator::Emit {
    ("session-file-send".into(), vec![json!({"sessionId": session, "fileId": server_file_id, "content": content})])
}

fn file_exchange(id: &ConnId, update: FileExchangeUpdate) -> Update {
    Update::Protocol { id: id.clone(), update: ProtocolUpdate::FileExchange(update) }
}

fn answer_update(id: &ConnId, server_file_id: &str, file_id: &str, state: AnswerState) -> Update {
    file_exchange(
        id,
        FileExchangeUpdate::Answer { server_file_id: server_file_id.to_owned(), file_id: file_id.to_owned(), state },
    )
}

fn error(id: &ConnId, message: String) -> Update {
    file_exchange(id, FileExchangeUpdate::Error { message })
}

fn warning(id: &ConnId, message: &str) -> Update {
    Update::Warning { id: id.clone(), message: message.to_owned() }
}

/// An error's words: a string, or `{"message"}`.
fn message_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| Value::Object(o.clone()).to_string()),
        Some(other) => other.to_string(),
        None => "the server gave no reason".into(),
    }
}

/// A session id: a bare string or `{"sessionId"}`.
fn session_id_of(v: Option<&Value>) -> Option<String> {
    super::translator::string_field(v.map(std::slice::from_ref).unwrap_or(&[]), "sessionId").filter(|s| !s.is_empty())
}

fn file_id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(o) => match o.get("fileId")? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
        _ => None,
    }
}

impl Translator for FileExchange {
    fn on_action(
        &mut self,
        id: &ConnId,
        request: Option<u64>,
        action: ProtocolAction,
        cx: &Context,
    ) -> Result<Reaction> {
        self.now = cx.now_ms;
        match action {
            ProtocolAction::Request(ProtocolRequest::FileExchange(a)) => {
                self.request(id, request, a, (cx.recent_log)(LOG_LINES))
            }
            ProtocolAction::SendFile { file_id } => self.send_file(id, &file_id),
            ProtocolAction::RepeatFile { file_id } => self.repeat(&file_id),
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

    fn on_event(&mut self, id: &ConnId, event: &str, args: &[Value], cx: &Context) -> Reaction {
        self.now = cx.now_ms;
        self.event(id, event, args)
    }
}

#[cfg(test)]
mod tests;
