//! The console's history in SQLite (in the app's data folder): every event in and out of
//! every server, ack answers and timeouts, and connection states, kept across restarts
//! within limits; searched by text (FTS5), name, direction, kind and time; exported as
//! JSON Lines or CSV. Each server's saved messages live in the same file.
//!
//! Rows are written by one thread (`writer.rs`), in batches: the event path only writes a
//! record's line into a bounded buffer (`lines.rs`) the writer takes whole; searches use a
//! second connection (WAL). During a flood the writer keeps only the cheap first step, so
//! a search right after one may not yet see the newest rows (they join within seconds).

mod blobs;
mod export;
mod lines;
mod query;
mod record;
mod saved;
mod schema;
mod writer;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::api::history::{ExportFormat, HistoryLimits, HistoryQuery, HistoryRow, SavedMessage};
use crate::api::Update;
use crate::error::{HistoryError, Result};
use lines::Lines;
use writer::Job;

pub use query::{DEFAULT_PAGE, MAX_PAGE};

/// Spilled rows a search makes rows before it runs, at most (about a second's work).
const SEARCH_SETTLES: u64 = 100_000;
/// Rows a text search indexes before it runs, at most (about a second's work).
const SEARCH_INDEXES: u64 = 40_000;

pub struct History {
    jobs: SyncSender<Job>,
    lines: Arc<Lines>,
    reader: Mutex<Connection>,
    path: PathBuf,
}

/// What the update path holds: hands updates to the writer.
#[derive(Clone)]
pub struct Recorder {
    jobs: SyncSender<Job>,
    lines: Arc<Lines>,
}

impl Recorder {
    /// Queue the row an update makes, if it makes one. Waits while the buffer is full.
    pub fn record(&self, update: &Update) {
        if let Some(r) = record::record_of(update, crate::time::now_ms) {
            if self.lines.push(&r) {
                let _ = self.jobs.send(Job::Records);
            }
        }
    }
}

impl History {
    /// Open (or create) the history at `path`, and start its writer.
    pub fn open(path: &Path) -> std::result::Result<Arc<History>, HistoryError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(HistoryError::io(format!("{} cannot be made", dir.display())))?;
        }
        let what = format!("{} cannot be opened", path.display());
        let mut db = Connection::open(path).map_err(HistoryError::sqlite(what.clone()))?;
        schema::tune(&db)?;
        schema::migrate(&mut db)?;
        let reader = Connection::open(path).map_err(HistoryError::sqlite(what))?;
        schema::tune(&reader)?;
        let (jobs, queue) = sync_channel(writer::QUEUE);
        let lines = Arc::new(Lines::default());
        let taken = lines.clone();
        std::thread::Builder::new()
            .name("history-writer".into())
            .spawn(move || writer::run(db, queue, &taken))
            .map_err(HistoryError::io("the history's writer cannot start"))?;
        Ok(Arc::new(History { jobs, lines, reader: Mutex::new(reader), path: path.to_owned() }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn recorder(&self) -> Recorder {
        Recorder { jobs: self.jobs.clone(), lines: self.lines.clone() }
    }

    /// Wait until every row queued so far is written to the file (spilled, at least).
    pub fn sync(&self) {
        self.settle(0, 0);
    }

    /// Wait until every row queued so far is written and made a row.
    pub fn flush(&self) {
        self.settle(u64::MAX, 0);
    }

    /// Wait until every row queued so far is written, up to `rows` of them are made rows
    /// and up to `index` rows not yet in the full-text index are put there.
    fn settle(&self, rows: u64, index: u64) {
        let (done, wait) = sync_channel(1);
        if self.jobs.send(Job::Settle { rows, index, done }).is_ok() {
            let _ = wait.recv();
        }
    }

    /// Wait until every row queued so far is a row in the full-text index (as the writer
    /// leaves it when idle): for exports, tests and benchmarks.
    pub fn settle_all(&self) {
        self.settle(u64::MAX, u64::MAX);
    }

    pub fn set_limits(&self, limits: HistoryLimits) {
        let _ = self.jobs.send(Job::Limits(limits));
    }

    fn reader(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic elsewhere while holding it leaves the connection itself usable.
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The newest rows of `server` that match (oldest first), and whether older ones match.
    pub fn page(&self, server: &str, query: &HistoryQuery) -> Result<(Vec<HistoryRow>, bool)> {
        // About a second's work at most: what is left after a flood joins later.
        match query.text.is_some() {
            // What is not indexed then is matched row by row.
            true => self.settle(SEARCH_SETTLES, SEARCH_INDEXES),
            false => self.settle(SEARCH_SETTLES, 0),
        }
        Ok(query::page(&self.reader(), server, query)?)
    }

    pub fn clear(&self, server: &str) -> Result<()> {
        let (done, wait) = sync_channel(1);
        self.jobs.send(Job::Clear(server.to_owned(), done)).map_err(|_| HistoryError::Off)?;
        Ok(wait.recv().map_err(|_| HistoryError::Off)??)
    }

    /// Write every row of `server` that matches to `path` (through a file beside it, so a
    /// failed export leaves nothing half-written); the number of rows.
    pub fn export(&self, server: &str, query: &HistoryQuery, format: ExportFormat, path: &Path) -> Result<u64> {
        self.settle_all();
        let part = path.with_extension("part");
        let file =
            std::fs::File::create(&part).map_err(HistoryError::io(format!("{} cannot be written", part.display())))?;
        let mut out = std::io::BufWriter::new(file);
        let io = |e: std::io::Error| HistoryError::io(format!("{} cannot be written", path.display()))(e);
        let written = (|| {
            export::header(format, &mut out).map_err(io)?;
            let n = query::each(&self.reader(), server, query, |row| export::line(format, &row, &mut out).map_err(io))?;
            out.flush().map_err(io)?;
            drop(out);
            std::fs::rename(&part, path).map_err(io)?;
            Ok::<_, HistoryError>(n)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        Ok(written?)
    }

    pub fn saved(&self, server: &str) -> Result<Vec<SavedMessage>> {
        Ok(saved::list(&self.reader(), server)?)
    }

    pub fn save_message(&self, server: &str, message: SavedMessage) -> Result<SavedMessage> {
        saved::save(&self.reader(), server, message, crate::time::now_ms())
    }

    pub fn remove_message(&self, server: &str, id: &str) -> Result<()> {
        Ok(saved::remove(&self.reader(), server, id)?)
    }
}

#[cfg(test)]
mod tests;
