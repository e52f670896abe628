//! Times arrive as ISO-8601 strings, `"YYYY-MM-DD HH:MM:SS"` strings or epoch seconds
//! (PROTOCOLS.md, general rules). All become milliseconds since the Unix epoch; the window
//! shows them in local time. A time without a zone is taken as UTC.

use serde_json::Value;

/// Milliseconds since the epoch, or `None` for anything that is not a time.
pub fn to_epoch_ms(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => {
            let secs = n.as_f64()?;
            if !secs.is_finite() || secs < 0.0 {
                return None;
            }
            // Epoch milliseconds are sometimes sent where seconds are meant.
            let ms = if secs > 1e11 { secs } else { secs * 1000.0 };
            Some(ms as u64)
        }
        Value::String(s) => parse_datetime(s.trim()),
        _ => None,
    }
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`, or a bare date, or digits (epoch seconds).
fn parse_datetime(s: &str) -> Option<u64> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return s.parse::<f64>().ok().and_then(|f| to_epoch_ms(&serde_json::json!(f)));
    }
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (mut hour, mut minute, mut second, mut millis) = (0, 0, 0, 0);
    let mut rest = &s[10..];
    if let Some(time) = rest.strip_prefix(['T', 't', ' ']) {
        let tb = time.as_bytes();
        if tb.len() < 5 || tb[2] != b':' {
            return None;
        }
        hour = time.get(0..2)?.parse().ok()?;
        minute = time.get(3..5)?.parse().ok()?;
        rest = &time[5..];
        if let Some(sec) = rest.strip_prefix(':') {
            second = sec.get(0..2)?.parse().ok()?;
            rest = &sec[2..];
            if let Some(frac) = rest.strip_prefix(['.', ',']) {
                let digits: String = frac.chars().take_while(|c| c.is_ascii_digit()).collect();
                if digits.is_empty() {
                    return None;
                }
                millis = format!("{digits:0<3}")[..3].parse().ok()?;
                rest = &frac[digits.len()..];
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
    }
    let offset_minutes: i64 = match rest {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            sign * (digits[0..2].parse::<i64>().ok()? * 60 + digits[2..4].parse::<i64>().ok()?)
        }
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    u64::try_from(secs * 1000 + millis).ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // 2024-03-05 14:07:09 UTC
    const T: u64 = 1_709_647_629_000;

    #[test]
    fn all_three_forms() {
        assert_eq!(to_epoch_ms(&json!("2024-03-05T14:07:09Z")), Some(T));
        assert_eq!(to_epoch_ms(&json!("2024-03-05 14:07:09")), Some(T));
        assert_eq!(to_epoch_ms(&json!(1_709_647_629)), Some(T));
        assert_eq!(to_epoch_ms(&json!(1_709_647_629.5)), Some(T + 500));
        assert_eq!(to_epoch_ms(&json!("1709647629")), Some(T));
    }

    #[test]
    fn zones_fractions_and_milliseconds() {
        assert_eq!(to_epoch_ms(&json!("2024-03-05T22:07:09+08:00")), Some(T));
        assert_eq!(to_epoch_ms(&json!("2024-03-05T09:07:09-0500")), Some(T));
        assert_eq!(to_epoch_ms(&json!("2024-03-05T14:07:09.25Z")), Some(T + 250));
        assert_eq!(to_epoch_ms(&json!("2024-03-05T14:07:09.123456")), Some(T + 123));
        assert_eq!(to_epoch_ms(&json!(T)), Some(T), "milliseconds are recognised");
        assert_eq!(to_epoch_ms(&json!("2024-03-05")), Some(T - (14 * 3600 + 7 * 60 + 9) * 1000));
        assert_eq!(to_epoch_ms(&json!("1970-01-01T00:00:00Z")), Some(0));
    }

    #[test]
    fn garbage_is_none() {
        for bad in [
            json!("yesterday"),
            json!("2024-13-01"),
            json!("2024-03-05T25:00"),
            json!(null),
            json!(-5),
            json!([1]),
            json!("2024-03-05T14:07:09+8"),
            json!(""),
        ] {
            assert_eq!(to_epoch_ms(&bad), None, "{bad}");
        }
    }
}
