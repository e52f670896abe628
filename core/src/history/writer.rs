//! The one thread that writes the history, off the event path. Work is done in three
//! steps, the cheap one first, so a flood is kept at the pace of the network:
//! 1. records arrive as JSON lines in a bounded buffer (`lines.rs`); what each take finds
//!    is written as one blob (the spill) in one insert;
//! 2. when no line has come for a moment (or a search asks), the oldest spilled batch becomes rows
//!    (with their indexes, the emits' names on their answers, the usage counts), and the
//!    oldest rows of a server go once it holds more than its limits;
//! 3. then rows go into the full-text index, which costs twice what the row does.
//!
//! Steps 2 and 3 wait until no record has come for a moment (or a search asks for them),
//! so during a flood the writer only spills.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, Transaction};

use super::blobs;
use super::lines::{self, Lines};
use super::record::{searchable, Record};
use crate::api::history::{HistoryKind, HistoryLimits};
use crate::api::Direction;
use crate::error::HistoryError;

/// Jobs waiting at most (records wait in `Lines`, which wakes the writer once per take).
pub const QUEUE: usize = 1_024;
/// Emits waiting for their answer whose names are remembered (to name the answer's row).
const PENDING: usize = 100_000;
/// A take this large means a flood: the writer then pauses `FLOOD_PAUSE` between takes, so
/// lines gather and their senders need not wake it.
const FLOOD_BATCH: usize = 256;
const FLOOD_PAUSE: Duration = Duration::from_millis(10);
/// How long no line comes before the work left is taken up.
const QUIET: Duration = Duration::from_millis(50);
/// During a flood, a step of the work left at least this often.
const AT_LEAST_EVERY: Duration = Duration::from_secs(1);
/// Rows indexed in one transaction at most (then the queue is looked at again).
const INDEX_CHUNK: i64 = 2_000;

pub enum Job {
    /// Lines wait in `Lines` (sent when the first of a take is written).
    Records,
    Limits(HistoryLimits),
    Clear(String, SyncSender<Result<(), HistoryError>>),
    /// Answered once everything queued before it is written, up to `rows` spilled records
    /// have become rows and up to `index` rows not in the full-text index are put there
    /// (`u64::MAX`: all).
    Settle {
        rows: u64,
        index: u64,
        done: SyncSender<()>,
    },
}

/// Records stop waiting for room once the writer is gone, however it ends.
struct Closing<'a>(&'a Lines);

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

pub fn run(mut db: Connection, jobs: Receiver<Job>, lines: &Lines) {
    let _closing = Closing(lines);
    let mut writer = Writer {
        limits: HistoryLimits::default(),
        usage: HashMap::new(),
        pending: HashMap::new(),
        indexed: 0,
        last_row: 0,
        spilled: 0,
    };
    if let Err(e) = writer.count(&db) {
        crate::applog::record(format!("history: {e}"));
    }
    let mut body = Vec::new();
    let (mut last_record, mut last_step) = (Instant::now(), Instant::now());
    loop {
        // Work left (steps 2 and 3) waits for a quiet queue, so a flood does not share the
        // machine with it; during a long flood a step is still taken every second.
        let first = match writer.spilled > 0 || writer.indexed < writer.last_row {
            true => {
                let quiet = last_record.elapsed() >= QUIET;
                let waiting = match quiet {
                    true => jobs.try_recv().map_err(|e| e == TryRecvError::Disconnected),
                    false => jobs
                        .recv_timeout(QUIET.saturating_sub(last_record.elapsed()))
                        .map_err(|e| e == RecvTimeoutError::Disconnected),
                };
                match waiting {
                    Ok(job) => job,
                    Err(true) => return,
                    Err(false) if quiet || last_step.elapsed() >= AT_LEAST_EVERY => {
                        match writer.spilled > 0 {
                            true => writer.settle(&mut db, 1),
                            false => writer.index(&mut db, INDEX_CHUNK) as u64,
                        };
                        last_step = Instant::now();
                        continue;
                    }
                    Err(false) => continue,
                }
            }
            false => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match job {
                Job::Records => {}
                Job::Limits(l) => writer.limits = l,
                Job::Settle { rows, index, done } => {
                    writer.spill(&mut db, lines, &mut body);
                    writer.settle(&mut db, rows);
                    let mut left = index;
                    while writer.indexed < writer.last_row && left > 0 {
                        let chunk = left.min(INDEX_CHUNK as u64) as i64;
                        if writer.index(&mut db, chunk) == 0 {
                            break;
                        }
                        left = left.saturating_sub(chunk as u64);
                    }
                    let _ = done.send(());
                }
                Job::Clear(server, done) => {
                    writer.spill(&mut db, lines, &mut body);
                    writer.settle(&mut db, u64::MAX);
                    let _ = done.send(writer.clear(&db, &server));
                }
            }
            next = jobs.try_recv().ok();
        }
        let (count, bytes) = writer.spill(&mut db, lines, &mut body);
        if count > 0 {
            last_record = Instant::now();
        }
        // A full buffer means the writer is behind: no pause then.
        if count >= FLOOD_BATCH && bytes < lines::MOST_BYTES {
            // Let lines gather a while: only the first line of a take wakes the writer (a
            // system call on the event path), so the more a take holds, the fewer wakeups.
            std::thread::sleep(FLOOD_PAUSE);
        }
    }
}

struct Writer {
    limits: HistoryLimits,
    /// Rows and bytes each server holds.
    usage: HashMap<String, (u64, u64)>,
    /// (server, emit id) of emits sent with an ack → the emit's name.
    pending: HashMap<(String, u64), String>,
    /// Rows up to this one are in the full-text index.
    indexed: i64,
    /// The newest row written.
    last_row: i64,
    /// Spilled batches not yet made rows.
    spilled: u64,
}

impl Writer {
    fn count(&mut self, db: &Connection) -> Result<(), HistoryError> {
        let mut q = db
            .prepare("SELECT server, count(*), coalesce(sum(bytes), 0) FROM rows GROUP BY server")
            .map_err(HistoryError::sqlite("counting the history"))?;
        let rows = q
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64)))
            .map_err(HistoryError::sqlite("counting the history"))?;
        for (server, n, bytes) in rows.flatten() {
            self.usage.insert(server, (n, bytes));
        }
        self.indexed = indexed_upto(db).map_err(HistoryError::sqlite("counting the history"))?;
        self.spilled = db
            .query_row("SELECT count(*) FROM spill", [], |r| r.get::<_, i64>(0))
            .map_err(HistoryError::sqlite("counting the history"))? as u64;
        self.last_row = db
            .query_row("SELECT coalesce(max(row), 0) FROM rows", [], |r| r.get(0))
            .map_err(HistoryError::sqlite("counting the history"))?;
        Ok(())
    }

    /// Put up to `most` rows not yet indexed into the full-text index; how many it took.
    fn index(&mut self, db: &mut Connection, most: i64) -> usize {
        match self.index_chunk(db, most) {
            Ok(n) => n,
            Err(e) => {
                // Not indexed is still kept and found row by row; do not try again and again.
                crate::applog::record(format!("history: rows could not be indexed: {e}"));
                self.indexed = self.last_row;
                0
            }
        }
    }

    fn index_chunk(&mut self, db: &mut Connection, most: i64) -> rusqlite::Result<usize> {
        let tx = db.transaction()?;
        let mut upto = self.indexed;
        let mut n = 0;
        {
            let mut rows = tx.prepare_cached(
                "SELECT row, kind, event, args, detail, blobs FROM rows WHERE row > ?1 ORDER BY row LIMIT ?2",
            )?;
            let mut add = tx.prepare_cached("INSERT INTO rows_text(rowid, event, args) VALUES (?1, ?2, ?3)")?;
            let mut found = rows.query(params![self.indexed, most])?;
            while let Some(r) = found.next()? {
                let (row, kind, event): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let text = match kind_of(kind) {
                    HistoryKind::State => r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    _ => {
                        let mut args: serde_json::Value =
                            serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default();
                        if r.get::<_, i64>(5)? > 0 {
                            blobs::mark(&tx, row, &mut args)?;
                        }
                        searchable(args.as_array().map_or(&[], |a| a.as_slice()))
                    }
                };
                add.execute(params![row, event, text])?;
                upto = row;
                n += 1;
            }
        }
        if n == 0 {
            upto = self.last_row;
        }
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'indexed_upto'", [upto])?;
        tx.commit()?;
        self.indexed = upto;
        Ok(n)
    }

    /// Step 1: the lines waiting, taken into `body`, as one blob. How many records and
    /// bytes they were.
    fn spill(&mut self, db: &mut Connection, lines: &Lines, body: &mut Vec<u8>) -> (usize, usize) {
        let count = lines.take(body);
        if count == 0 {
            return (0, 0);
        }
        match db.prepare_cached("INSERT INTO spill(body) VALUES (?1)").and_then(|mut q| q.execute([&body[..]])) {
            Ok(_) => self.spilled += 1,
            Err(e) => crate::applog::record(format!("history: {count} rows not kept: {e}")),
        }
        (count, body.len())
    }

    /// Step 2: spilled batches become rows until `most` rows are made or none is left;
    /// then servers over their limits lose their oldest rows. The rows made.
    fn settle(&mut self, db: &mut Connection, most: u64) -> u64 {
        let mut made = 0;
        while self.spilled > 0 && made < most {
            match self.unspill(db) {
                Ok(Some(n)) => made += n,
                Ok(None) => self.spilled = 0,
                Err(e) => {
                    crate::applog::record(format!("history: rows not kept: {e}"));
                    break;
                }
            }
        }
        let over: Vec<String> = self
            .usage
            .iter()
            .filter(|(_, &(n, b))| n > self.limits.max_events || b > self.limits.max_bytes)
            .map(|(s, _)| s.clone())
            .collect();
        for server in over {
            if let Err(e) = self.prune(db, &server) {
                crate::applog::record(format!("history: the oldest rows could not be removed: {e}"));
            }
        }
        made
    }

    /// The oldest spilled batch made rows, in one transaction with its removal.
    fn unspill(&mut self, db: &mut Connection) -> Result<Option<u64>, HistoryError> {
        let tx = db.transaction().map_err(HistoryError::sqlite("writing the history"))?;
        let found: Option<(i64, Vec<u8>)> = tx
            .query_row("SELECT id, body FROM spill ORDER BY id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(HistoryError::sqlite("writing the history"))?;
        let Some((id, body)) = found else { return Ok(None) };
        let mut n = 0;
        for line in body.lines().map_while(Result::ok) {
            // A line that does not read (written by a different version) is skipped.
            if let Ok(record) = serde_json::from_str::<Record>(&line) {
                self.insert_one(&tx, record).map_err(HistoryError::sqlite("writing the history"))?;
                n += 1;
            }
        }
        tx.execute("DELETE FROM spill WHERE id = ?1", [id]).map_err(HistoryError::sqlite("writing the history"))?;
        tx.commit().map_err(HistoryError::sqlite("writing the history"))?;
        self.spilled = self.spilled.saturating_sub(1);
        Ok(Some(n))
    }

    fn insert_one(&mut self, tx: &Transaction, mut r: Record) -> rusqlite::Result<()> {
        let blobs = blobs::take(&mut r.args);
        let args = serde_json::to_string(&r.args).unwrap_or_else(|_| "[]".into());
        let mut event = r.event.clone();
        match (r.kind, r.emit_id) {
            (HistoryKind::Event, Some(emit)) => {
                if self.pending.len() >= PENDING {
                    self.pending.clear();
                }
                self.pending.insert((r.server.clone(), emit), r.event.clone());
            }
            (HistoryKind::Ack | HistoryKind::AckTimeout, Some(emit)) => {
                if let Some(name) = self.pending.remove(&(r.server.clone(), emit)) {
                    event = name;
                }
            }
            _ => {}
        }
        let blob_bytes: usize = blobs.iter().map(|(path, data)| path.len() + data.len() + 16).sum();
        let bytes =
            (args.len() + blob_bytes + event.len() + r.namespace.len() + r.detail.as_ref().map_or(0, |d| d.len()) + 64)
                as u64;
        tx.prepare_cached(
            "INSERT INTO rows(server, time, kind, direction, namespace, event, args, ack, emit_id, detail, bytes, blobs)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            r.server,
            r.time as i64,
            kind_code(r.kind),
            r.direction.map(direction_code),
            r.namespace,
            event,
            args,
            r.ack.map(|n| n as i64),
            r.emit_id.map(|n| n as i64),
            r.detail,
            bytes as i64,
            blobs.len() as i64
        ])?;
        self.last_row = tx.last_insert_rowid();
        blobs::write(tx, self.last_row, &blobs)?;
        let usage = self.usage.entry(r.server.clone()).or_default();
        usage.0 += 1;
        usage.1 += bytes;
        Ok(())
    }

    /// Remove a server's oldest rows until it is within both limits (and a little under,
    /// so a full history is not pruned on every batch).
    fn prune(&mut self, db: &mut Connection, server: &str) -> Result<(), HistoryError> {
        let (n, bytes) = self.usage.get(server).copied().unwrap_or_default();
        let limits = self.limits;
        let slack = |max: u64| max - max / 100;
        let mut drop_rows = n.saturating_sub(slack(limits.max_events.max(1)));
        let tx = db.transaction().map_err(HistoryError::sqlite("removing the oldest history"))?;
        if bytes > limits.max_bytes {
            // Walk the oldest rows until enough bytes are counted.
            let need = bytes - slack(limits.max_bytes.max(1));
            let mut q = tx
                .prepare("SELECT bytes FROM rows WHERE server = ?1 ORDER BY row")
                .map_err(HistoryError::sqlite("removing the oldest history"))?;
            let mut rows = q.query([server]).map_err(HistoryError::sqlite("removing the oldest history"))?;
            let (mut counted, mut k) = (0u64, 0u64);
            while counted < need {
                match rows.next().map_err(HistoryError::sqlite("removing the oldest history"))? {
                    Some(r) => {
                        counted += r.get::<_, i64>(0).unwrap_or(0) as u64;
                        k += 1;
                    }
                    None => break,
                }
            }
            drop_rows = drop_rows.max(k);
        }
        if drop_rows == 0 {
            return Ok(());
        }
        let (gone, freed): (i64, i64) = tx
            .query_row(
                "SELECT count(*), coalesce(sum(bytes), 0) FROM
                 (SELECT bytes FROM rows WHERE server = ?1 ORDER BY row LIMIT ?2)",
                params![server, drop_rows as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(HistoryError::sqlite("removing the oldest history"))?;
        tx.execute(
            "DELETE FROM rows WHERE row IN (SELECT row FROM rows WHERE server = ?1 ORDER BY row LIMIT ?2)",
            params![server, drop_rows as i64],
        )
        .map_err(HistoryError::sqlite("removing the oldest history"))?;
        tx.commit().map_err(HistoryError::sqlite("removing the oldest history"))?;
        let usage = self.usage.entry(server.to_owned()).or_default();
        usage.0 = usage.0.saturating_sub(gone as u64);
        usage.1 = usage.1.saturating_sub(freed as u64);
        Ok(())
    }

    fn clear(&mut self, db: &Connection, server: &str) -> Result<(), HistoryError> {
        db.execute("DELETE FROM rows WHERE server = ?1", [server])
            .map_err(HistoryError::sqlite("clearing the history"))?;
        self.usage.remove(server);
        self.pending.retain(|(s, _), _| s != server);
        Ok(())
    }
}

/// Rows up to this one are in the full-text index.
pub fn indexed_upto(db: &Connection) -> rusqlite::Result<i64> {
    db.query_row("SELECT value FROM meta WHERE key = 'indexed_upto'", [], |r| r.get(0))
}

pub fn kind_code(kind: HistoryKind) -> i64 {
    match kind {
        HistoryKind::Event => 0,
        HistoryKind::Ack => 1,
        HistoryKind::AckTimeout => 2,
        HistoryKind::State => 3,
    }
}

pub fn kind_of(code: i64) -> HistoryKind {
    match code {
        1 => HistoryKind::Ack,
        2 => HistoryKind::AckTimeout,
        3 => HistoryKind::State,
        _ => HistoryKind::Event,
    }
}

pub fn direction_code(d: Direction) -> i64 {
    match d {
        Direction::In => 0,
        Direction::Out => 1,
    }
}

pub fn direction_of(code: Option<i64>) -> Option<Direction> {
    code.map(|c| if c == 1 { Direction::Out } else { Direction::In })
}
