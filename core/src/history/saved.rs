//! Each server's saved messages (its collection), kept beside its history.

use rusqlite::{params, Connection};

use crate::api::history::SavedMessage;
use crate::error::{Error, HistoryError, Result};

pub fn list(db: &Connection, server: &str) -> std::result::Result<Vec<SavedMessage>, HistoryError> {
    let mut q = db
        .prepare_cached("SELECT body FROM saved WHERE server = ?1 ORDER BY position, id")
        .map_err(HistoryError::sqlite("reading the saved messages"))?;
    let rows =
        q.query_map([server], |r| r.get::<_, String>(0)).map_err(HistoryError::sqlite("reading the saved messages"))?;
    // A row that no longer reads is skipped rather than hiding all the others.
    Ok(rows.flatten().filter_map(|body| serde_json::from_str(&body).ok()).collect())
}

/// Add (a new id when it has none) or replace by id; returns the message as kept.
pub fn save(db: &Connection, server: &str, mut message: SavedMessage, now: u64) -> Result<SavedMessage> {
    message.name = message.name.trim().to_owned();
    message.event = message.event.trim().to_owned();
    if message.name.is_empty() {
        return Err(Error::BadRequest("a saved message needs a name".into()));
    }
    if message.event.is_empty() {
        return Err(Error::BadRequest("the event name is empty".into()));
    }
    if message.id.trim().is_empty() {
        let n: i64 = db
            .query_row("SELECT count(*) FROM saved WHERE server = ?1", [server], |r| r.get(0))
            .map_err(HistoryError::sqlite("saving the message"))?;
        message.id = format!("m{now}-{n}");
    }
    let body = serde_json::to_string(&message).map_err(|e| Error::BadRequest(e.to_string()))?;
    db.execute(
        "INSERT INTO saved(server, id, position, body) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(server, id) DO UPDATE SET body = excluded.body",
        params![server, message.id, now as i64, body],
    )
    .map_err(HistoryError::sqlite("saving the message"))?;
    Ok(message)
}

pub fn remove(db: &Connection, server: &str, id: &str) -> std::result::Result<(), HistoryError> {
    db.execute("DELETE FROM saved WHERE server = ?1 AND id = ?2", [server, id])
        .map_err(HistoryError::sqlite("removing the saved message"))?;
    Ok(())
}
