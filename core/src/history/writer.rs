//! The one thread that writes the history: rows arrive on a bounded queue and are written
//! in batches (one transaction each), off the event path; the oldest rows of a server go
//! once it holds more than its limits.

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError};

use rusqlite::{params, Connection, Transaction};

use super::record::{searchable, Record};
use crate::api::history::{HistoryKind, HistoryLimits};
use crate::api::Direction;
use crate::error::HistoryError;

/// Rows waiting to be written at most; a sender waits while it is full, so a flood slows
/// down the connection rather than grow memory.
pub const QUEUE: usize = 16_384;
/// Rows written in one transaction at most.
const BATCH: usize = 4_096;
/// Emits waiting for their answer whose names are remembered (to name the answer's row).
const PENDING: usize = 100_000;

pub enum Job {
    Record(Box<Record>),
    Limits(HistoryLimits),
    Clear(String, SyncSender<Result<(), HistoryError>>),
    /// Answered once everything queued before it is written.
    Flush(SyncSender<()>),
}

pub fn run(mut db: Connection, jobs: Receiver<Job>) {
    let mut writer = Writer { limits: HistoryLimits::default(), usage: HashMap::new(), pending: HashMap::new() };
    if let Err(e) = writer.count(&db) {
        crate::applog::record(format!("history: {e}"));
    }
    let mut batch = Vec::with_capacity(BATCH);
    while let Ok(first) = jobs.recv() {
        let mut next = Some(first);
        let mut waiting = Vec::new();
        while let Some(job) = next.take() {
            match job {
                Job::Record(r) => batch.push(*r),
                Job::Limits(l) => writer.limits = l,
                Job::Flush(done) => waiting.push(done),
                Job::Clear(server, done) => {
                    writer.write(&mut db, &mut batch);
                    let _ = done.send(writer.clear(&db, &server));
                }
            }
            if batch.len() < BATCH {
                next = match jobs.try_recv() {
                    Ok(job) => Some(job),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
                };
            }
        }
        writer.write(&mut db, &mut batch);
        for done in waiting {
            let _ = done.send(());
        }
    }
}

struct Writer {
    limits: HistoryLimits,
    /// Rows and bytes each server holds.
    usage: HashMap<String, (u64, u64)>,
    /// (server, emit id) of emits sent with an ack → the emit's name.
    pending: HashMap<(String, u64), String>,
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
        Ok(())
    }

    fn write(&mut self, db: &mut Connection, batch: &mut Vec<Record>) {
        if batch.is_empty() {
            return;
        }
        if let Err(e) = self.insert(db, batch) {
            crate::applog::record(format!("history: {} rows not kept: {e}", batch.len()));
        }
        batch.clear();
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
    }

    fn insert(&mut self, db: &mut Connection, batch: &[Record]) -> Result<(), HistoryError> {
        let tx = db.transaction().map_err(HistoryError::sqlite("writing the history"))?;
        for r in batch {
            self.insert_one(&tx, r).map_err(HistoryError::sqlite("writing the history"))?;
        }
        tx.commit().map_err(HistoryError::sqlite("writing the history"))
    }

    fn insert_one(&mut self, tx: &Transaction, r: &Record) -> rusqlite::Result<()> {
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
        let bytes =
            (args.len() + event.len() + r.namespace.len() + r.detail.as_ref().map_or(0, |d| d.len()) + 64) as u64;
        tx.prepare_cached(
            "INSERT INTO rows(server, time, kind, direction, namespace, event, args, ack, emit_id, detail, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
            bytes as i64
        ])?;
        let row = tx.last_insert_rowid();
        let text = match r.kind {
            HistoryKind::State => r.detail.clone().unwrap_or_default(),
            _ => searchable(&r.args),
        };
        tx.prepare_cached("INSERT INTO rows_text(rowid, event, args) VALUES (?1, ?2, ?3)")?
            .execute(params![row, event, text])?;
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
