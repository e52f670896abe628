//! Reading a server's history: the newest rows that match a query, a page at a time, with
//! each emit linked to its answer.

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, Row};

use super::writer::{direction_code, direction_of, kind_code, kind_of};
use crate::api::history::{HistoryKind, HistoryQuery, HistoryRow};
use crate::error::HistoryError;

pub const DEFAULT_PAGE: u32 = 500;
pub const MAX_PAGE: u32 = 5_000;

/// The SQL condition and its parameters for `query` on `server` (rows as `r`).
fn condition(server: &str, query: &HistoryQuery) -> (String, Vec<Sql>, Option<String>) {
    let mut sql = vec!["r.server = ?".to_owned()];
    let mut values = vec![Sql::Text(server.to_owned())];
    let mut fts = None;
    if let Some(text) = query.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.chars().count() >= 3 {
            // One phrase, quoted, so nothing the person types is read as FTS syntax.
            fts = Some(format!("\"{}\"", text.replace('"', "\"\"")));
        } else {
            sql.push("(instr(fold(r.event), fold(?)) > 0 OR instr(fold(r.args), fold(?)) > 0)".into());
            values.push(Sql::Text(text.to_owned()));
            values.push(Sql::Text(text.to_owned()));
        }
    }
    if let Some(event) = query.event.as_deref().filter(|e| !e.is_empty()) {
        sql.push("r.event = ?".into());
        values.push(Sql::Text(event.to_owned()));
    }
    if let Some(d) = query.direction {
        sql.push("r.direction = ?".into());
        values.push(Sql::Integer(direction_code(d)));
    }
    if !query.kinds.is_empty() {
        let marks = vec!["?"; query.kinds.len()].join(", ");
        sql.push(format!("r.kind IN ({marks})"));
        values.extend(query.kinds.iter().map(|k| Sql::Integer(kind_code(*k))));
    }
    if let Some(since) = query.since {
        sql.push("r.time >= ?".into());
        values.push(Sql::Integer(since.min(i64::MAX as u64) as i64));
    }
    if let Some(until) = query.until {
        sql.push("r.time <= ?".into());
        values.push(Sql::Integer(until.min(i64::MAX as u64) as i64));
    }
    (sql.join(" AND "), values, fts)
}

const COLUMNS: &str =
    "r.row, r.time, r.kind, r.direction, r.namespace, r.event, r.args, r.ack, r.emit_id, r.detail, r.blobs";

/// A row as read, and whether it has blobs to put back (`with_blobs`).
fn row_of(r: &Row) -> rusqlite::Result<(HistoryRow, bool)> {
    let args: String = r.get(6)?;
    let has_blobs = r.get::<_, i64>(10)? > 0;
    let row = HistoryRow {
        row: r.get::<_, i64>(0)? as u64,
        time: r.get::<_, i64>(1)? as u64,
        kind: kind_of(r.get(2)?),
        direction: direction_of(r.get(3)?),
        namespace: r.get(4)?,
        event: r.get(5)?,
        args: serde_json::from_str(&args).unwrap_or_default(),
        ack: r.get::<_, Option<i64>>(7)?.map(|n| n as u64),
        emit_id: r.get::<_, Option<i64>>(8)?.map(|n| n as u64),
        detail: r.get(9)?,
        linked_row: None,
        round_trip_ms: None,
    };
    Ok((row, has_blobs))
}

/// The row with its binary arguments back in their places.
fn with_blobs(db: &Connection, (mut row, has_blobs): (HistoryRow, bool)) -> rusqlite::Result<HistoryRow> {
    if has_blobs {
        let mut args = serde_json::Value::Array(std::mem::take(&mut row.args));
        super::blobs::restore(db, row.row as i64, &mut args)?;
        if let serde_json::Value::Array(items) = args {
            row.args = items;
        }
    }
    Ok(row)
}

/// The newest `limit` rows that match (oldest first), and whether older ones match too.
/// Text is looked up in the full-text index for the rows it holds; rows the writer has not
/// indexed yet (the newest, during a flood) are matched row by row.
pub fn page(db: &Connection, server: &str, query: &HistoryQuery) -> Result<(Vec<HistoryRow>, bool), HistoryError> {
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
    let (mut cond, mut values, fts) = condition(server, query);
    if let Some(before) = query.before_row {
        cond.push_str(" AND r.row < ?");
        values.push(Sql::Integer(before.min(i64::MAX as u64) as i64));
    }
    let mut rows = match fts {
        None => {
            let sql = format!("SELECT {COLUMNS} FROM rows r WHERE {cond} ORDER BY r.row DESC LIMIT ?");
            select(db, &sql, values, limit + 1)?
        }
        Some(phrase) => {
            let text = query.text.as_deref().unwrap_or_default().trim().to_owned();
            let upto = super::writer::indexed_upto(db).map_err(HistoryError::sqlite("searching the history"))?;
            let sql = format!(
                "SELECT {COLUMNS} FROM rows r WHERE {cond} AND r.row > ?
                 AND (instr(fold(r.event), fold(?)) > 0 OR instr(fold(r.args), fold(?)) > 0)
                 ORDER BY r.row DESC LIMIT ?"
            );
            let mut tail_values = values.clone();
            tail_values.extend([Sql::Integer(upto), Sql::Text(text.clone()), Sql::Text(text)]);
            let mut rows = select(db, &sql, tail_values, limit + 1)?;
            if rows.len() <= limit {
                // Walk the index newest first and stop at the page's end.
                let sql = format!(
                    "SELECT {COLUMNS} FROM rows_text t JOIN rows r ON r.row = t.rowid
                     WHERE rows_text MATCH ? AND {cond} AND r.row <= ? ORDER BY t.rowid DESC LIMIT ?"
                );
                values.insert(0, Sql::Text(phrase));
                values.push(Sql::Integer(upto));
                rows.extend(select(db, &sql, values, limit + 1 - rows.len())?);
            }
            rows
        }
    };
    let more = rows.len() > limit;
    rows.truncate(limit);
    rows.reverse();
    for row in &mut rows {
        link(db, server, row).map_err(HistoryError::sqlite("searching the history"))?;
    }
    Ok((rows, more))
}

fn select(db: &Connection, sql: &str, mut values: Vec<Sql>, limit: usize) -> Result<Vec<HistoryRow>, HistoryError> {
    values.push(Sql::Integer(limit as i64));
    let mut q = db.prepare_cached(sql).map_err(HistoryError::sqlite("searching the history"))?;
    let read = q
        .query_map(rusqlite::params_from_iter(values), row_of)
        .map_err(HistoryError::sqlite("searching the history"))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(HistoryError::sqlite("searching the history"))?;
    read.into_iter()
        .map(|r| with_blobs(db, r))
        .collect::<rusqlite::Result<_>>()
        .map_err(HistoryError::sqlite("searching the history"))
}

/// Every row that matches, oldest first, to `each` (for exports).
pub fn each(
    db: &Connection,
    server: &str,
    query: &HistoryQuery,
    mut each: impl FnMut(HistoryRow) -> Result<(), HistoryError>,
) -> Result<u64, HistoryError> {
    let (cond, mut values, fts) = condition(server, query);
    let sql = match &fts {
        Some(_) => format!(
            "SELECT {COLUMNS} FROM rows_text t JOIN rows r ON r.row = t.rowid
             WHERE rows_text MATCH ? AND {cond} ORDER BY t.rowid"
        ),
        None => format!("SELECT {COLUMNS} FROM rows r WHERE {cond} ORDER BY r.row"),
    };
    if let Some(m) = fts {
        values.insert(0, Sql::Text(m));
    }
    let mut q = db.prepare(&sql).map_err(HistoryError::sqlite("reading the history"))?;
    let mut rows = q.query(rusqlite::params_from_iter(values)).map_err(HistoryError::sqlite("reading the history"))?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(HistoryError::sqlite("reading the history"))? {
        let mut row = row_of(r).and_then(|r| with_blobs(db, r)).map_err(HistoryError::sqlite("reading the history"))?;
        link(db, server, &mut row).map_err(HistoryError::sqlite("reading the history"))?;
        each(row)?;
        n += 1;
    }
    Ok(n)
}

/// An emit with an ack and its answer point at each other. Emit ids are the caller's and
/// start again with each run, so an emit's answer is the first one after it with its id.
fn link(db: &Connection, server: &str, row: &mut HistoryRow) -> rusqlite::Result<()> {
    let Some(emit) = row.emit_id else { return Ok(()) };
    let found: Option<(i64, i64)> = match row.kind {
        HistoryKind::Event => db
            .prepare_cached(
                "SELECT row, time FROM rows WHERE server = ?1 AND emit_id = ?2 AND row > ?3 AND kind IN (1, 2)
                 ORDER BY row LIMIT 1",
            )?
            .query_row(params![server, emit as i64, row.row as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .map(Some)
            .or_else(none_if_missing)?,
        _ => db
            .prepare_cached(
                "SELECT row, time FROM rows WHERE server = ?1 AND emit_id = ?2 AND row < ?3 AND kind = 0
                 ORDER BY row DESC LIMIT 1",
            )?
            .query_row(params![server, emit as i64, row.row as i64], |r| Ok((r.get(0)?, r.get(1)?)))
            .map(Some)
            .or_else(none_if_missing)?,
    };
    if let Some((linked, time)) = found {
        row.linked_row = Some(linked as u64);
        if row.kind != HistoryKind::AckTimeout {
            row.round_trip_ms = Some(row.time.abs_diff(time as u64));
        }
        if row.kind == HistoryKind::Event {
            // The emit's round trip: only when it was answered, not timed out.
            let answered: i64 =
                db.prepare_cached("SELECT kind FROM rows WHERE row = ?1")?.query_row([linked], |r| r.get(0))?;
            if answered != kind_code(HistoryKind::Ack) {
                row.round_trip_ms = None;
            }
        }
    }
    Ok(())
}

fn none_if_missing<T>(e: rusqlite::Error) -> rusqlite::Result<Option<T>> {
    match e {
        rusqlite::Error::QueryReturnedNoRows => Ok(None),
        e => Err(e),
    }
}
