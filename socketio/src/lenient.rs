//! Packet data that strict JSON refuses but a JavaScript or Python server sends: a lone
//! surrogate (`"\ud83d"`, what `JSON.stringify` writes for a cut emoji), a number out of
//! range (`1e400`), Python's `NaN` / `Infinity`, nesting deeper than the parser takes.
//! (A plain event's argument kept as JSON text, see `json`, keeps a number out of range as
//! written: it is valid JSON. Only its values are read through `repair`.)
//! Such an event is not dropped: it is repaired to be shown (a replacement character, the
//! number as text, the deep part cut) and the repair is told in words.

/// Deepest nesting the JSON parser takes (serde_json refuses 128 levels).
const MAX_DEPTH: usize = 127;
/// What stands in for a value nested too deep.
pub const CUT: &str = "…(nested too deep to show)";

/// A repaired copy of `json` and what was changed, in words; `None` when nothing here
/// would help (the text is broken in another way).
pub fn repair(json: &str) -> Option<(String, String)> {
    let b = json.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 16);
    let (mut surrogates, mut numbers, mut cuts) = (0usize, 0usize, 0usize);
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = string_end(b, i)?;
                surrogates += copy_string(&b[i..end], &mut out);
                i = end;
            }
            b'[' | b'{' if depth == MAX_DEPTH => {
                i = value_end(b, i)?;
                out.push(b'"');
                out.extend_from_slice(CUT.as_bytes());
                out.push(b'"');
                cuts += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                out.push(b[i]);
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                out.push(b[i]);
                i += 1;
            }
            b'-' | b'0'..=b'9' | b'N' | b'I' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'+' | b'.')) {
                    i += 1;
                }
                let word = &json[start..i];
                if word.parse::<f64>().is_ok_and(f64::is_finite) {
                    out.extend_from_slice(word.as_bytes());
                } else if matches!(word, "NaN" | "Infinity" | "-Infinity") || word.parse::<f64>().is_ok() {
                    out.push(b'"');
                    out.extend_from_slice(word.as_bytes());
                    out.push(b'"');
                    numbers += 1;
                } else {
                    out.extend_from_slice(word.as_bytes());
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    let mut words = Vec::new();
    if surrogates > 0 {
        words.push(format!("{surrogates} lone surrogate(s) shown as �"));
    }
    if numbers > 0 {
        words.push(format!("{numbers} number(s) out of range shown as text"));
    }
    if cuts > 0 {
        words.push(format!("nesting deeper than {MAX_DEPTH} levels cut in {cuts} place(s)"));
    }
    if words.is_empty() {
        return None;
    }
    // Only ASCII was put in place of ASCII: still UTF-8.
    Some((String::from_utf8(out).ok()?, words.join("; ")))
}

/// The index after the closing quote of the string starting at `start`.
fn string_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The index after the array or object starting at `start`.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i)?;
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Copy a JSON string (quotes included), a lone surrogate escape replaced by `\ufffd`;
/// returns how many were replaced.
fn copy_string(s: &[u8], out: &mut Vec<u8>) -> usize {
    let hex = |at: usize| -> Option<u32> {
        let h = s.get(at..at + 4)?;
        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let mut replaced = 0;
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\' && s.get(i + 1) == Some(&b'u') {
            match hex(i + 2) {
                Some(0xD800..=0xDBFF) => {
                    let low =
                        (s.get(i + 6) == Some(&b'\\') && s.get(i + 7) == Some(&b'u')).then(|| hex(i + 8)).flatten();
                    if matches!(low, Some(0xDC00..=0xDFFF)) {
                        out.extend_from_slice(&s[i..i + 12]);
                        i += 12;
                    } else {
                        out.extend_from_slice(b"\\ufffd");
                        replaced += 1;
                        i += 6;
                    }
                }
                Some(0xDC00..=0xDFFF) => {
                    out.extend_from_slice(b"\\ufffd");
                    replaced += 1;
                    i += 6;
                }
                _ => {
                    out.extend_from_slice(&s[i..(i + 6).min(s.len())]);
                    i += 6;
                }
            }
        } else if s[i] == b'\\' {
            out.extend_from_slice(&s[i..(i + 2).min(s.len())]);
            i += 2;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    replaced
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parsed(json: &str) -> (Value, String) {
        assert!(serde_json::from_str::<Value>(json).is_err(), "strict JSON takes {json:?}");
        let (fixed, words) = repair(json).expect("repaired");
        (serde_json::from_str(&fixed).expect("the repair parses"), words)
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let (v, words) = parsed(r#"["msg","cut \ud83d","\ude00 low","ok \ud83d\ude00"]"#);
        assert_eq!(v, json!(["msg", "cut \u{fffd}", "\u{fffd} low", "ok 😀"]));
        assert!(words.contains("2 lone surrogate"), "{words}");
    }

    #[test]
    fn numbers_out_of_range_and_python_specials_become_text() {
        let (v, words) = parsed(r#"["n",1e400,-1e400,NaN,Infinity,-Infinity,1.5,"1e400"]"#);
        assert_eq!(v, json!(["n", "1e400", "-1e400", "NaN", "Infinity", "-Infinity", 1.5, "1e400"]));
        assert!(words.contains("5 number"), "{words}");
    }

    #[test]
    fn deep_nesting_is_cut_and_the_rest_kept() {
        let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
        let (v, words) = parsed(&format!(r#"["deep",{deep},"after"]"#));
        assert_eq!(v[2], json!("after"));
        let mut at = &v[1];
        let mut levels = 1;
        while let Value::Array(items) = at {
            at = &items[0];
            levels += 1;
        }
        assert_eq!(at, &json!(CUT));
        assert_eq!(levels, MAX_DEPTH, "kept as deep as the parser takes");
        assert!(words.contains("nesting"), "{words}");
    }

    #[test]
    fn broken_json_is_not_repaired() {
        assert_eq!(repair(r#"["a", "unterminated"#), None);
        assert_eq!(repair(r#"["a" "b"]"#), None, "nothing here to repair");
    }
}
