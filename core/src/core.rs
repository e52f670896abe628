//! The dispatcher: one `Action` in, `Update`s out through the sink. Both the window and
//! the CLI drive the backend only through `Core::dispatch`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::api::files::{FileDirection, FileState};
use crate::api::{Action, ConnId, Update};
use crate::connection::{Connection, DEFAULT_ACK_TIMEOUT};
use crate::error::{Error, FileError, Result};
use crate::files::chosen::ChosenPaths;
use crate::files::store::FileStore;
use crate::history::History;
use crate::protocol::ProtocolAction;
use crate::sink::Sink;
use crate::{profiles, secrets};

mod history_actions;

pub struct Core {
    sink: Sink,
    connections: Mutex<HashMap<ConnId, Connection>>,
    /// Emit ids handed out when the caller gives none; counted up from halfway, so they
    /// never meet the small ids a caller picks.
    next_emit_id: AtomicU64,
    /// Simulated participants are numbered once and never again, so a removed one's
    /// successor is a new name in every member list.
    next_simulated: AtomicU64,
    /// Every file sent and received in this run.
    files: Arc<FileStore>,
    /// The paths the person chose (the app checks them; the CLI does not).
    chosen: ChosenPaths,
    /// The console's history and saved messages, when this run keeps them.
    history: Option<Arc<History>>,
}

/// How often a file being read reports its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Core {
    pub fn new(sink: impl Into<Sink>) -> Self {
        Self {
            sink: sink.into(),
            connections: Mutex::new(HashMap::new()),
            next_emit_id: AtomicU64::new(u64::MAX / 2),
            next_simulated: AtomicU64::new(1),
            files: FileStore::new(),
            chosen: ChosenPaths::any(),
            history: None,
        }
    }

    /// Keep every event, answer and state in `history` from now on, and serve its actions.
    pub fn with_history(mut self, history: Arc<History>) -> Self {
        self.sink = self.sink.recording(history.recorder());
        self.history = Some(history);
        self
    }

    /// The app's core: files are sent and saved only where the person chose, in a dialog or
    /// by a drop (recorded through `chosen()`), never at a path the page made up.
    /// Its events carry very long strings cut, as the window shows them.
    pub fn only_chosen_paths(sink: impl Into<Sink>) -> Self {
        Self { chosen: ChosenPaths::only_chosen(), ..Self::new(sink.into().cutting_long_strings()) }
    }

    /// Where the shell records the paths the person chose.
    pub fn chosen(&self) -> &ChosenPaths {
        &self.chosen
    }

    fn send(&self, update: Update) {
        let _ = self.sink.send(update);
    }

    /// Carry out one action. An error is also returned to the caller, who shows it.
    pub async fn dispatch(&self, action: Action) -> Result<()> {
        match action {
            Action::Connect { id, options } => {
                if id.trim().is_empty() {
                    return Err(Error::BadRequest("a connection needs an id".into()));
                }
                crate::connection::options::target(&options)?;
                let token = match options.token_profile.as_deref().filter(|p| !p.is_empty()) {
                    Some(profile) => secrets::read_token(profile.to_owned()).await?,
                    None => None,
                };
                self.close(&id).await;
                let conn = Connection::spawn(id.clone(), options, token, self.sink.clone(), self.files.clone());
                self.connections.lock().await.insert(id, conn);
                Ok(())
            }
            Action::Disconnect { id } => match self.close(&id).await {
                true => Ok(()),
                false => Err(Error::UnknownConnection(id)),
            },
            Action::Emit { id, event, args, ack, emit_id, ack_timeout_ms } => {
                if event.is_empty() {
                    return Err(Error::BadRequest("the event name is empty".into()));
                }
                let connections = self.connections.lock().await;
                let conn = pick(&connections, &id)?;
                let ack = ack.then(|| {
                    let emit_id = emit_id.unwrap_or_else(|| self.next_emit_id.fetch_add(1, Ordering::Relaxed));
                    let timeout = ack_timeout_ms.map(Duration::from_millis).unwrap_or(DEFAULT_ACK_TIMEOUT);
                    (emit_id, timeout)
                });
                conn.emit(event, args, ack)
            }
            Action::AckReply { id, ack, args } => {
                let connections = self.connections.lock().await;
                pick(&connections, &id)?.ack_reply(ack, args)
            }
            Action::Request { id, request_id, request } => {
                self.protocol_on(&id, ProtocolAction::Request(request), request_id).await
            }
            Action::SendFile { id, path, target } => {
                let path = PathBuf::from(path);
                self.chosen.check_send(&path)?;
                self.send_file(id, path, target, None).await
            }
            Action::CancelFile { file_id } => {
                let file = self.files.cancel(&file_id)?;
                self.send(Update::File { file });
                Ok(())
            }
            Action::RetryFile { file_id } => self.retry_file(file_id).await,
            Action::SaveFile { file_id, path } => {
                self.chosen.take_save(std::path::Path::new(&path))?;
                let files = self.files.clone();
                let file = tokio::task::spawn_blocking(move || files.save(&file_id, std::path::Path::new(&path)))
                    .await
                    .map_err(|e| Error::file(format!("saving stopped: {e}")))??;
                self.send(Update::File { file });
                Ok(())
            }
            Action::OpenFile { file_id } => {
                let path = self.files.saved_path(&file_id)?;
                open::that_detached(&path)
                    .map_err(|e| FileError::io(format!("{} could not be opened", path.display()))(e).into())
            }
            Action::PreviewFile { file_id } => {
                let (text, truncated) = self.files.preview(&file_id)?;
                self.send(Update::FilePreview { file_id, text, truncated });
                Ok(())
            }
            Action::SimulateParticipants { id, session_key, count } => self.simulate(id, session_key, count).await,
            Action::ListProfiles => {
                let profiles = profiles::load().await?;
                self.send(Update::Profiles { profiles });
                Ok(())
            }
            Action::SaveProfile { profile } => {
                if profile.id.trim().is_empty() {
                    return Err(Error::BadRequest("a saved server needs an id".into()));
                }
                crate::connection::options::target(&profile.options)?;
                let mut list = profiles::load().await?;
                profiles::upsert(&mut list, profile);
                profiles::store(&list).await?;
                self.send(Update::Profiles { profiles: list });
                Ok(())
            }
            Action::RemoveProfile { id } => {
                self.close(&id).await;
                let mut list = profiles::load().await?;
                list.retain(|p| p.id != id);
                profiles::store(&list).await?;
                secrets::delete_token(id.clone()).await?;
                self.send(Update::TokenState { profile: id, stored: false });
                self.send(Update::Profiles { profiles: list });
                Ok(())
            }
            Action::SaveToken { profile, token } => {
                secrets::save_token(profile.clone(), token).await?;
                self.send(Update::TokenState { profile, stored: true });
                Ok(())
            }
            Action::DeleteToken { profile } => {
                secrets::delete_token(profile.clone()).await?;
                self.send(Update::TokenState { profile, stored: false });
                Ok(())
            }
            Action::History { .. }
            | Action::ClearHistory { .. }
            | Action::ExportHistory { .. }
            | Action::SetHistoryLimits { .. }
            | Action::SavedMessages { .. }
            | Action::SaveMessage { .. }
            | Action::RemoveSavedMessage { .. }
            | Action::ExportSetup { .. }
            | Action::ImportSetup { .. } => self.history_action(action).await,
            Action::TokenState { profile } => {
                let stored = secrets::read_token(profile.clone()).await?.is_some();
                self.send(Update::TokenState { profile, stored });
                Ok(())
            }
        }
    }

    async fn protocol_on(&self, id: &str, action: ProtocolAction, request: Option<u64>) -> Result<()> {
        let connections = self.connections.lock().await;
        let conn = connections.get(id).ok_or_else(|| Error::UnknownConnection(id.to_owned()))?;
        // Refused to the caller at once rather than later from the connection.
        if let ProtocolAction::Request(request) = &action {
            crate::protocol::check(request, conn.options.token_profile.is_some())?;
        }
        conn.protocol(action, request)
    }

    /// Check, read and encode a file off the async threads (with progress, cancellable),
    /// then hand it to the connection's protocol. Returns once the file is checked.
    async fn send_file(&self, id: ConnId, path: PathBuf, target: String, retry: Option<String>) -> Result<()> {
        let target = target.trim().to_owned();
        if target.is_empty() {
            return Err(Error::BadRequest("there is nothing to send the file to yet".into()));
        }
        let (max, requests) = {
            let connections = self.connections.lock().await;
            let conn = connections.get(&id).ok_or_else(|| Error::UnknownConnection(id.clone()))?;
            (conn.options.max_file_bytes(), conn.requests())
        };
        let (info, cancel) = self.files.begin_send(&id, &path, &target, max, retry.as_deref())?;
        let file_id = info.file_id.clone();
        self.send(Update::File { file: info });
        let (files, sink) = (self.files.clone(), self.sink.clone());
        tokio::spawn(async move {
            let reading = {
                let (files, sink, file_id) = (files.clone(), sink.clone(), file_id.clone());
                tokio::task::spawn_blocking(move || {
                    let mut last = Instant::now();
                    crate::files::read::encode(&path, max, |done, total| {
                        if cancel.load(Ordering::Relaxed) {
                            return false;
                        }
                        if last.elapsed() >= PROGRESS_EVERY && done < total {
                            last = Instant::now();
                            if let Some(file) = files.set_state(&file_id, FileState::Reading { done, total }) {
                                let _ = sink.send(Update::File { file });
                            }
                        }
                        true
                    })
                })
                .await
            };
            let failed = |reason: String| {
                if !files.cancelled(&file_id) {
                    if let Some(file) = files.set_state(&file_id, FileState::Failed { reason }) {
                        let _ = sink.send(Update::File { file });
                    }
                }
            };
            match reading {
                Ok(Ok((content, sha256))) => {
                    files.ready(&file_id, content, sha256);
                    if let Err(e) = requests.protocol(ProtocolAction::SendFile { file_id: file_id.clone() }) {
                        failed(e.to_string());
                    }
                }
                Ok(Err(e)) => failed(crate::files::store::reason_of(e)),
                Err(e) => failed(format!("reading stopped: {e}")),
            }
        });
        Ok(())
    }

    /// Retry a failed file: read and send it again, or ask the server to repeat it.
    async fn retry_file(&self, file_id: String) -> Result<()> {
        let retry = self.files.retry_info(&file_id)?;
        let info = retry.info;
        match info.direction {
            FileDirection::Sent => {
                if !matches!(info.state, FileState::Failed { .. } | FileState::Cancelled) {
                    return Err(Error::BadRequest(format!("“{}” has not failed", info.name)));
                }
                let path =
                    retry.source.ok_or_else(|| Error::file(format!("“{}” has no file to read again", info.name)))?;
                self.send_file(info.conn, path, info.target, Some(file_id)).await
            }
            FileDirection::Received => self.protocol_on(&info.conn, ProtocolAction::RepeatFile { file_id }, None).await,
        }
    }

    /// Remove connection `id` and close it; `false` when there was none.
    async fn close(&self, id: &str) -> bool {
        let conn = self.connections.lock().await.remove(id);
        match conn {
            Some(conn) => {
                conn.disconnect().await;
                true
            }
            None => false,
        }
    }

    /// Open simulated session participants beside connection `id`, on the same server.
    async fn simulate(&self, id: ConnId, session_key: String, count: u8) -> Result<()> {
        if !(1..=16).contains(&count) {
            return Err(Error::BadRequest("between 1 and 16 simulated participants can be added".into()));
        }
        let session_key = session_key.trim().to_owned();
        if session_key.is_empty() {
            return Err(Error::BadRequest("there is no session to join yet".into()));
        }
        let mut connections = self.connections.lock().await;
        let base = connections.get(&id).ok_or_else(|| Error::UnknownConnection(id.clone()))?.options.clone();
        for _ in 0..count {
            let n = self.next_simulated.fetch_add(1, Ordering::Relaxed);
            let sim_id = format!("{id}/sim-{n}");
            let mut options = base.clone();
            options.protocol = crate::api::Protocol::SessionHost {
                simulated: Some(crate::api::session_host::Simulated {
                    name: format!("Simulated {n}"),
                    session_key: session_key.clone(),
                }),
            };
            // A simulated participant never carries the person's token.
            options.token_profile = None;
            let conn = Connection::spawn(sim_id.clone(), options, None, self.sink.clone(), self.files.clone());
            connections.insert(sim_id, conn);
        }
        Ok(())
    }

    /// Dispatch and report a failure as an `error` update (for callers without a reply path).
    pub async fn dispatch_reporting(&self, action: Action) {
        let id = match &action {
            Action::Connect { id, .. }
            | Action::Disconnect { id }
            | Action::Emit { id, .. }
            | Action::AckReply { id, .. }
            | Action::Request { id, .. }
            | Action::SendFile { id, .. }
            | Action::SimulateParticipants { id, .. }
            | Action::History { id, .. }
            | Action::ClearHistory { id }
            | Action::ExportHistory { id, .. }
            | Action::SavedMessages { id }
            | Action::SaveMessage { id, .. }
            | Action::RemoveSavedMessage { id, .. } => Some(id.clone()),
            _ => None,
        };
        if let Err(error) = self.dispatch(action).await {
            self.send(Update::Error { id, error });
        }
    }

    /// Close every connection (on exit).
    pub async fn shutdown(&self) {
        let all: Vec<_> = self.connections.lock().await.drain().map(|(_, c)| c).collect();
        for conn in all {
            conn.disconnect().await;
        }
        // What is still queued for the history goes to disk (made rows at the next start).
        if let Some(history) = self.history.clone() {
            let _ = tokio::task::spawn_blocking(move || history.sync()).await;
        }
    }
}

/// The connection an action names; with one connection (the CLI's case) the id may be left out.
fn pick<'a>(
    connections: &'a std::collections::HashMap<ConnId, crate::connection::Connection>,
    id: &str,
) -> Result<&'a crate::connection::Connection> {
    match (id, connections.len()) {
        ("", 1) => connections.values().next(),
        _ => connections.get(id),
    }
    .ok_or_else(|| Error::UnknownConnection(id.to_owned()))
}
