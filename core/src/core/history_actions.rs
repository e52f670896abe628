//! The history's actions: searching, clearing and exporting a server's history, its saved
//! messages, and the setup file of servers and saved messages. SQLite and files are used
//! off the async threads.

use std::path::PathBuf;
use std::sync::Arc;

use super::Core;
use crate::api::history::HistoryLimits;
use crate::api::{Action, Update};
use crate::error::{Error, HistoryError, Result};
use crate::history::History;
use crate::setup::{ServerSetup, Setup};
use crate::{profiles, secrets};

/// Run `work` on the history off the async threads.
async fn blocking<T: Send + 'static>(
    history: &Arc<History>,
    work: impl FnOnce(&History) -> Result<T> + Send + 'static,
) -> Result<T> {
    let history = history.clone();
    tokio::task::spawn_blocking(move || work(&history))
        .await
        .map_err(|e| Error::BadRequest(format!("the history stopped: {e}")))?
}

impl Core {
    fn history(&self) -> Result<&Arc<History>> {
        self.history.as_ref().ok_or_else(|| HistoryError::Off.into())
    }

    pub(super) async fn history_action(&self, action: Action) -> Result<()> {
        match action {
            Action::History { id, request_id, query } => {
                let server = id.clone();
                let (rows, more) = blocking(self.history()?, move |h| h.page(&server, &query)).await?;
                self.send(Update::History { id, request_id, rows, more });
            }
            Action::ClearHistory { id } => {
                let server = id.clone();
                blocking(self.history()?, move |h| h.clear(&server)).await?;
                self.send(Update::HistoryCleared { id });
            }
            Action::ExportHistory { id, query, format, path } => {
                let file = PathBuf::from(&path);
                self.chosen.take_save(&file)?;
                let server = id.clone();
                let rows = blocking(self.history()?, move |h| h.export(&server, &query, format, &file)).await?;
                self.send(Update::HistoryExported { id, path, rows });
            }
            Action::SetHistoryLimits { limits } => {
                if limits.max_events == 0 || limits.max_bytes < 1024 * 1024 {
                    return Err(Error::BadRequest("a history keeps at least 1 event and 1 MiB".into()));
                }
                self.history()?.set_limits(HistoryLimits { ..limits });
            }
            Action::SavedMessages { id } => self.send_saved(id).await?,
            Action::SaveMessage { id, message } => {
                let server = id.clone();
                blocking(self.history()?, move |h| h.save_message(&server, message)).await?;
                self.send_saved(id).await?;
            }
            Action::RemoveSavedMessage { id, message_id } => {
                let server = id.clone();
                blocking(self.history()?, move |h| h.remove_message(&server, &message_id)).await?;
                self.send_saved(id).await?;
            }
            Action::ExportSetup { path } => self.export_setup(path).await?,
            Action::ImportSetup { path } => self.import_setup(path).await?,
            other => return Err(Error::BadRequest(format!("not a history action: {other:?}"))),
        }
        Ok(())
    }

    async fn send_saved(&self, id: String) -> Result<()> {
        let server = id.clone();
        let messages = blocking(self.history()?, move |h| h.saved(&server)).await?;
        self.send(Update::SavedMessages { id, messages });
        Ok(())
    }

    async fn export_setup(&self, path: String) -> Result<()> {
        let file = PathBuf::from(&path);
        self.chosen.take_save(&file)?;
        let list = profiles::load().await?;
        let history = self.history()?.clone();
        let (servers, messages) = tokio::task::spawn_blocking(move || {
            let mut servers = Vec::new();
            for profile in list {
                let messages = history.saved(&profile.id)?;
                servers.push(ServerSetup { profile, messages });
            }
            let counts = (servers.len() as u32, servers.iter().map(|s| s.messages.len() as u32).sum());
            Setup::new(servers).write(&file)?;
            Ok::<_, Error>(counts)
        })
        .await
        .map_err(|e| Error::BadRequest(format!("the export stopped: {e}")))??;
        self.send(Update::SetupExported { path, servers, messages });
        Ok(())
    }

    async fn import_setup(&self, path: String) -> Result<()> {
        let file = PathBuf::from(&path);
        self.chosen.check_send(&file)?;
        let setup = tokio::task::spawn_blocking(move || Setup::read(&file))
            .await
            .map_err(|e| Error::BadRequest(format!("the import stopped: {e}")))??;
        for server in &setup.servers {
            if server.profile.id.trim().is_empty() {
                return Err(Error::BadRequest("a server in the file has no id".into()));
            }
            crate::connection::options::target(&server.profile.options)?;
        }
        let history = self.history()?.clone();
        let mut list = profiles::load().await?;
        let (mut names, mut need_token, mut messages) = (Vec::new(), Vec::new(), 0u32);
        for server in setup.servers {
            let profile = server.profile;
            if let Some(key) = profile.options.token_profile.clone().filter(|k| !k.is_empty()) {
                if secrets::read_token(key).await?.is_none() {
                    need_token.push(profile.name.clone());
                }
            }
            let (id, saved) = (profile.id.clone(), server.messages);
            messages += saved.len() as u32;
            blocking(&history, move |h| saved.into_iter().try_for_each(|m| h.save_message(&id, m).map(|_| ()))).await?;
            names.push(profile.name.clone());
            profiles::upsert(&mut list, profile);
        }
        profiles::store(&list).await?;
        self.send(Update::SetupImported { servers: names, need_token, messages });
        self.send(Update::Profiles { profiles: list });
        Ok(())
    }
}
