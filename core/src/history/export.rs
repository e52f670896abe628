//! A history written out as JSON Lines or CSV.

use std::io::Write;

use crate::api::history::{ExportFormat, HistoryKind, HistoryRow};
use crate::api::Direction;

pub const CSV_HEADER: &str = "row,time,kind,direction,namespace,event,args,ack,emit_id,detail,linked_row,round_trip_ms";

pub fn header(format: ExportFormat, out: &mut impl Write) -> std::io::Result<()> {
    match format {
        ExportFormat::Jsonl => Ok(()),
        ExportFormat::Csv => writeln!(out, "{CSV_HEADER}"),
    }
}

pub fn line(format: ExportFormat, row: &HistoryRow, out: &mut impl Write) -> std::io::Result<()> {
    match format {
        ExportFormat::Jsonl => {
            serde_json::to_writer(&mut *out, row)?;
            writeln!(out)
        }
        ExportFormat::Csv => {
            let num = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
            let cells = [
                row.row.to_string(),
                row.time.to_string(),
                kind_name(row.kind).to_owned(),
                match row.direction {
                    Some(Direction::In) => "in".into(),
                    Some(Direction::Out) => "out".into(),
                    None => String::new(),
                },
                cell(&row.namespace),
                cell(&row.event),
                cell(&serde_json::to_string(&row.args).unwrap_or_default()),
                num(row.ack),
                num(row.emit_id),
                cell(row.detail.as_deref().unwrap_or("")),
                num(row.linked_row),
                num(row.round_trip_ms),
            ];
            writeln!(out, "{}", cells.join(","))
        }
    }
}

fn kind_name(kind: HistoryKind) -> &'static str {
    match kind {
        HistoryKind::Event => "event",
        HistoryKind::Ack => "ack",
        HistoryKind::AckTimeout => "ack_timeout",
        HistoryKind::State => "state",
    }
}

/// One CSV cell (RFC 4180 quoting). Text from a server that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading `'`.
fn cell(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row() -> HistoryRow {
        HistoryRow {
            row: 3,
            time: 10,
            kind: HistoryKind::Event,
            direction: Some(Direction::In),
            namespace: "/".into(),
            event: "=cmd|' /C calc'!A0".into(),
            args: vec![json!({"text": "a,\"b\"\nc"})],
            ack: None,
            emit_id: Some(4),
            detail: None,
            linked_row: None,
            round_trip_ms: None,
        }
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let mut out = Vec::new();
        line(ExportFormat::Csv, &row(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("3,10,event,in,/,'=cmd|' /C calc'!A0,\"[{\"\"text\"\":"), "{text}");
        assert!(text.trim_end().ends_with(",,4,,,"), "{text}");
    }

    #[test]
    fn jsonl_is_one_row_per_line_and_reads_back() {
        let mut out = Vec::new();
        line(ExportFormat::Jsonl, &row(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 1);
        let back: HistoryRow = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(back, row());
    }
}
