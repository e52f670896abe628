//! The history's tables, made and migrated by `PRAGMA user_version` (one step per version,
//! never edited once released: a new version is a new step).

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::error::HistoryError;

/// Each step takes the database from version `i` to `i + 1`.
const STEPS: &[&str] = &[
    // 1: rows of every server, their full-text index, and the saved messages.
    "CREATE TABLE rows(
        row INTEGER PRIMARY KEY AUTOINCREMENT,
        server TEXT NOT NULL,
        time INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        direction INTEGER,
        namespace TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL DEFAULT '',
        args TEXT NOT NULL DEFAULT '[]',
        ack INTEGER,
        emit_id INTEGER,
        detail TEXT,
        bytes INTEGER NOT NULL
    );
    CREATE INDEX rows_by_server ON rows(server, row);
    CREATE INDEX rows_by_time ON rows(server, time);
    CREATE INDEX rows_by_emit ON rows(server, emit_id) WHERE emit_id IS NOT NULL;
    CREATE INDEX rows_by_kind ON rows(server, kind, row);
    -- Trigrams: any three characters of a name or an argument are found, in any script.
    CREATE VIRTUAL TABLE rows_text USING fts5(event, args, content='', contentless_delete=1, tokenize='trigram');
    CREATE TRIGGER rows_text_forget AFTER DELETE ON rows BEGIN
        DELETE FROM rows_text WHERE rowid = old.row;
    END;
    -- Batches of rows as JSON lines, written at once during a flood; made rows when idle.
    CREATE TABLE spill(id INTEGER PRIMARY KEY, body BLOB NOT NULL);
    -- Rows up to `indexed_upto` are in rows_text; the writer indexes the rest when idle.
    CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta VALUES ('indexed_upto', 0);
    CREATE TABLE saved(
        server TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY(server, id)
    );",
    // 2: binary arguments as blobs beside their row (the row's JSON holds null there).
    "CREATE TABLE blobs(row INTEGER NOT NULL, path TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX blobs_by_row ON blobs(row);
    ALTER TABLE rows ADD COLUMN blobs INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER rows_blobs_forget AFTER DELETE ON rows WHEN old.blobs > 0 BEGIN
        DELETE FROM blobs WHERE row = old.row;
    END;",
];

/// Open or create the database at its newest version.
pub fn migrate(db: &mut Connection) -> Result<(), HistoryError> {
    let version: usize = db
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(HistoryError::sqlite("reading the history's version"))?
        .try_into()
        .unwrap_or(usize::MAX);
    if version > STEPS.len() {
        return Err(HistoryError::NotASetup(format!(
            "the history was written by a newer Switchboard (version {version}); update the app to read it"
        )));
    }
    for (i, step) in STEPS.iter().enumerate().skip(version) {
        let tx = db.transaction().map_err(HistoryError::sqlite("updating the history"))?;
        tx.execute_batch(step).map_err(HistoryError::sqlite(format!("updating the history to version {}", i + 1)))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(HistoryError::sqlite("updating the history"))?;
        tx.commit().map_err(HistoryError::sqlite("updating the history"))?;
    }
    Ok(())
}

/// Settings of every connection to the file: WAL, so searches read while events are written;
/// and `fold(text)`, lower case in every script (SQLite's `lower` knows only ASCII), for
/// the text matched row by row.
pub fn tune(db: &Connection) -> Result<(), HistoryError> {
    db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;")
        .map_err(HistoryError::sqlite("opening the history"))?;
    db.create_scalar_function("fold", 1, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|s| s.to_lowercase()))
    })
    .map_err(HistoryError::sqlite("opening the history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_a_newer_file() {
        let mut db = Connection::open_in_memory().unwrap();
        migrate(&mut db).unwrap();
        migrate(&mut db).unwrap();
        let v: i64 = db.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v as usize, STEPS.len());
        db.pragma_update(None, "user_version", 99).unwrap();
        let e = migrate(&mut db).unwrap_err().to_string();
        assert!(e.contains("newer Switchboard"), "{e}");
    }
}
