//! The app's own recent log lines (connection states, errors, protocol warnings), kept
//! in memory for the file exchange protocol's `logs-send`. Lines are written already
//! redacted by the connection that writes them; no event payloads, so no secrets and no
//! files. (Events themselves are not logged: a flood would cost more than the lines are worth.)

use std::collections::VecDeque;
use std::sync::Mutex;

/// How many lines are kept.
pub const KEEP: usize = 1000;

static LINES: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// Add a line, stamped with the UTC time.
pub fn record(line: String) {
    let stamped = format!("{} {line}", utc_stamp(crate::time::now_ms()));
    let mut lines = LINES.lock().unwrap_or_else(|p| p.into_inner());
    if lines.len() >= KEEP {
        lines.pop_front();
    }
    lines.push_back(stamped);
}

/// The last `n` lines, oldest first.
pub fn recent(n: usize) -> Vec<String> {
    let lines = LINES.lock().unwrap_or_else(|p| p.into_inner());
    lines.iter().skip(lines.len().saturating_sub(n)).cloned().collect()
}

/// The last `n` lines of connection `conn` (lines it wrote start with `conn: `), oldest
/// first: what that connection may send its server, nothing of other connections.
pub fn recent_of(conn: &str, n: usize) -> Vec<String> {
    lines_of(LINES.lock().unwrap_or_else(|p| p.into_inner()).iter(), conn, n)
}

fn lines_of<'a>(lines: impl Iterator<Item = &'a String>, conn: &str, n: usize) -> Vec<String> {
    let prefix = format!("{conn}: ");
    let mine: Vec<&String> =
        lines.filter(|l| l.split_once(' ').is_some_and(|(_, line)| line.starts_with(&prefix))).collect();
    mine[mine.len().saturating_sub(n)..].iter().map(|l| (*l).clone()).collect()
}

/// `2026-11-22T10:00:00.123Z` for milliseconds since the epoch.
pub fn utc_stamp(ms: u64) -> String {
    let (days, rest) = ((ms / 86_400_000) as i64, ms % 86_400_000);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s, milli) = (rest / 3_600_000, rest / 60_000 % 60, rest / 1000 % 60, rest % 1000);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_iso() {
        assert_eq!(utc_stamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(utc_stamp(1_767_323_045_123), "2026-01-02T03:04:05.123Z");
        assert_eq!(utc_stamp(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn keeps_the_last_lines() {
        for i in 0..KEEP + 5 {
            record(format!("line {i}"));
        }
        let last = recent(2);
        assert_eq!(last.len(), 2);
        assert!(last[1].ends_with(&format!("line {}", KEEP + 4)), "{last:?}");
        assert!(recent(usize::MAX).len() <= KEEP);
    }

    #[test]
    fn a_connection_reads_only_its_own_lines() {
        let lines: Vec<String> = ["a: one", "ab: other", "b: two", "a: three", "a:x no", "a: four"]
            .iter()
            .map(|l| format!("2026-01-02T03:04:05.123Z {l}"))
            .collect();
        let mine = lines_of(lines.iter(), "a", 2);
        assert_eq!(mine, vec![lines[3].clone(), lines[5].clone()]);
        assert_eq!(lines_of(lines.iter(), "a", 10).len(), 3);
        assert!(lines_of(lines.iter(), "c", 10).is_empty());
    }
}
