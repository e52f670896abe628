//! JSON text kept as it came: an event's array checked and cut into its items' text in
//! one pass, and the plain rule it follows (`reads_as_values`).
//!
//! serde_json's check of the text (`Vec<Box<RawValue>>`) was about a third of the CLI's CPU
//! for a 1 KiB JSON event (make bench: many small keys, numbers and strings, a token
//! at a time). This walks the bytes once with a table of what each byte may be. It accepts
//! exactly the JSON serde_json accepts and can read into values as it is (see
//! `reads_as_values`): no line break between tokens, no `\u` escape of a surrogate, nesting
//! within `MAX_DEPTH`. For anything else it answers `None`, and the packet is parsed
//! into values (and repaired, where strict JSON refuses it) as before. Property tests
//! and the fuzz target hold it to serde_json's answer.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// JSON text checked by this crate (`split_array`, `JsonText::new`): one value on one
/// line, which serde_json reads into values as it is (see `reads_as_values`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonText(Box<str>);

impl JsonText {
    /// `text` when it is such JSON.
    pub fn new(text: &str) -> Option<JsonText> {
        is_value(text).then(|| JsonText(text.into()))
    }

    /// Text the caller has checked.
    fn checked(text: &str) -> JsonText {
        JsonText(text.into())
    }

    pub fn get(&self) -> &str {
        &self.0
    }
}

/// Written as the text it is (serde_json's `RawValue`, which looks it over once more: the
/// window's updates are written this way; the CLI and the history copy the text themselves).
impl Serialize for JsonText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde_json::from_str::<&RawValue>(&self.0).map_err(serde::ser::Error::custom)?.serialize(s)
    }
}

/// Deepest nesting kept as text (serde_json refuses 128 levels when it builds values).
const MAX_DEPTH: usize = 127;

/// The rule `split_array` follows, written the plain way: the tests and the fuzz target
/// hold the scanner to it and to serde_json.
///
/// Whether serde_json will read `text` (JSON) into values as it is, and it fits on one
/// line: no line break between tokens, no `\u` surrogate escape (a lone one is refused),
/// nesting within the parser's depth. Cautious (an escaped backslash before `ud800` counts
/// too): what it turns down is parsed into values at once instead, and repaired (see
/// `lenient`) when strict JSON refuses it. Each look is one vectorized pass; only text
/// with more than `MAX_DEPTH` brackets is walked. A number out of a float's range
/// (`1e400`, which no JSON encoder writes) stays as written; its value is read as text.
pub fn reads_as_values(text: &str) -> bool {
    let b = text.as_bytes();
    // Raw control characters cannot be inside a JSON string: a line break is between tokens.
    if memchr::memchr2(b'\n', b'\r', b).is_some() {
        return false;
    }
    let surrogate = |at: usize| {
        b.get(at + 1) == Some(&b'u')
            && matches!(b.get(at + 2), Some(b'd' | b'D'))
            && matches!(b.get(at + 3), Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'))
    };
    if memchr::memchr_iter(b'\\', b).any(surrogate) {
        return false;
    }
    memchr::memchr2_iter(b'[', b'{', b).count() <= MAX_DEPTH || nests_within(b, MAX_DEPTH)
}

/// Whether no bracket outside strings is nested deeper than `most`.
fn nests_within(b: &[u8], most: usize) -> bool {
    let (mut depth, mut in_string, mut i) = (0usize, false, 0);
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (_, b'"') => in_string = !in_string,
            (false, b'[' | b'{') => {
                depth += 1;
                if depth > most {
                    return false;
                }
            }
            (false, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    true
}

/// The items of the JSON array `text` (from `[` to `]`, spaces around it allowed), each
/// as its own text without the spaces around it; `None` when `text` is not such an array.
pub fn split_array(text: &str) -> Option<Vec<JsonText>> {
    let b = text.as_bytes();
    let mut i = space(b, 0)?;
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i = space(b, i + 1)?;
    let mut items = Vec::new();
    if b.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            let start = i;
            i = value(b, i, 1)?;
            items.push(JsonText::checked(&text[start..i]));
            i = space(b, i)?;
            match *b.get(i)? {
                b',' => i = space(b, i + 1)?,
                b']' => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (space(b, i)? == b.len()).then_some(items)
}

/// Whether `text` is one JSON value, under the same rules as `split_array`.
pub fn is_value(text: &str) -> bool {
    let b = text.as_bytes();
    (|| space(b, value(b, space(b, 0)?, 0)?))() == Some(b.len())
}

/// What a byte inside a string is: 0 plain, 1 ends it or needs a look (`"`, `\`, a
/// control character, which JSON does not allow raw).
static IN_STRING: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = 1;
        c += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t
};

/// Past the spaces and tabs from `i`; a line break (JSON allows one here) is refused:
/// see the module.
#[inline(always)]
fn space(b: &[u8], mut i: usize) -> Option<usize> {
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' => i += 1,
            b'\n' | b'\r' => return None,
            _ => break,
        }
    }
    Some(i)
}

/// Past the value at `i`, nested in `depth` arrays and objects. Arrays and objects are
/// walked without recursion: bit k of `objects` says whether the k-th container still
/// open (innermost at bit 0) is an object (`MAX_DEPTH` < 128 fits them all).
fn value(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
    let mut open = 0usize;
    let mut objects: u128 = 0;
    loop {
        // At the start of a value.
        match *b.get(i)? {
            b'"' => i = string(b, i + 1)?,
            c @ (b'[' | b'{') => {
                if depth + open + 1 > MAX_DEPTH {
                    return None;
                }
                let object = c == b'{';
                open += 1;
                objects = objects << 1 | object as u128;
                i = space(b, i + 1)?;
                let close = if object { b'}' } else { b']' };
                if b.get(i) == Some(&close) {
                    i += 1;
                    open -= 1;
                    objects >>= 1;
                } else {
                    if object {
                        i = key(b, i)?;
                    }
                    continue;
                }
            }
            b't' => i = word(b, i, b"true")?,
            b'f' => i = word(b, i, b"false")?,
            b'n' => i = word(b, i, b"null")?,
            b'-' | b'0'..=b'9' => i = number(b, i)?,
            _ => return None,
        }
        // After a value: a comma and the next, or the end of the containers it closes.
        loop {
            if open == 0 {
                return Some(i);
            }
            i = space(b, i)?;
            let object = objects & 1 == 1;
            match (*b.get(i)?, object) {
                (b',', _) => {
                    i = space(b, i + 1)?;
                    if object {
                        i = key(b, i)?;
                    }
                    break;
                }
                (b']', false) | (b'}', true) => {
                    i += 1;
                    open -= 1;
                    objects >>= 1;
                }
                _ => return None,
            }
        }
    }
}

/// Past an object's key at `i`, its colon and the spaces up to its value.
#[inline(always)]
fn key(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let i = space(b, string(b, i + 1)?)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    space(b, i + 1)
}

#[inline(always)]
fn word(b: &[u8], i: usize, w: &[u8]) -> Option<usize> {
    let end = i + w.len();
    (b.get(i..end)? == w).then_some(end)
}

/// Past the digits from `i`, and whether there was one.
#[inline(always)]
fn digits(b: &[u8], mut i: usize) -> (usize, bool) {
    let start = i;
    while matches!(b.get(i), Some(b'0'..=b'9')) {
        i += 1;
    }
    (i, i > start)
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; its size is not looked at.
#[inline(always)]
fn number(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match *b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(b, i + 1).0,
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        let (end, some) = digits(b, i + 1);
        if !some {
            return None;
        }
        i = end;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let (end, some) = digits(b, i);
        if !some {
            return None;
        }
        i = end;
    }
    Some(i)
}

/// Past the string whose opening quote is before `i`; the text is UTF-8 already (a `&str`).
#[inline(always)]
fn string(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while IN_STRING[*b.get(i)? as usize] == 0 {
            i += 1;
        }
        match b[i] {
            b'"' => return Some(i + 1),
            b'\\' => {
                i += 1;
                match *b.get(i)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 1,
                    b'u' => {
                        let hex = b.get(i + 1..i + 5)?;
                        if !hex.iter().all(u8::is_ascii_hexdigit) {
                            return None;
                        }
                        // A surrogate (half of a pair, or alone): serde_json refuses a lone
                        // one when it reads values, so such text is read as values at once.
                        if hex[0].eq_ignore_ascii_case(&b'd')
                            && matches!(hex[1], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
                        {
                            return None;
                        }
                        i += 5;
                    }
                    _ => return None,
                }
            }
            _ => return None, // a raw control character
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    /// serde_json's answer: the items' text when it reads `text` as an array and into
    /// values on one line (`reads_as_values`).
    fn serde_split(text: &str) -> Option<Vec<String>> {
        if !reads_as_values(text) {
            return None;
        }
        let items = serde_json::from_str::<Vec<Box<RawValue>>>(text).ok()?;
        Some(items.iter().map(|r| r.get().to_owned()).collect())
    }

    fn ours(text: &str) -> Option<Vec<String>> {
        split_array(text).map(|items| items.iter().map(|t| t.get().to_owned()).collect())
    }

    #[test]
    fn only_text_serde_reads_on_one_line_is_kept_as_text() {
        let many_flat = format!("[{}]", vec!["{}"; 500].join(","));
        let brackets_in_strings =
            format!(r#"["{}", {}]"#, "[".repeat(300), "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1));
        for fine in [
            r#"["a", {"b": [1, 2.5, -3, true, false, null]}]"#,
            r#"["say \"e\" \u00e9 [[[["]"#,
            r#"["x","#,
            many_flat.as_str(),
            brackets_in_strings.as_str(),
        ] {
            assert!(reads_as_values(fine), "{fine}");
        }
        let deep = format!("[{}{}]", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let deep_after_strings = format!(r#"["]]]]\"]]", {deep}]"#);
        for refused in
            ["[\"a\",\n1]", "[1\r]", r#"["\ud83d"]"#, r#"["\uDFFF"]"#, deep.as_str(), deep_after_strings.as_str()]
        {
            assert!(!reads_as_values(refused), "{refused}");
        }
        let within = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(reads_as_values(&within));
        assert!(serde_json::from_str::<serde_json::Value>(&within).is_ok(), "serde reads what is kept as text");
    }

    #[test]
    fn arrays_are_cut_into_their_items_as_serde_cuts_them() {
        for text in [
            "[]",
            " [ ] ",
            r#"["a"]"#,
            r#"[ "a" , 1 ,{"b" : [true, false, null, -0.5e+3, 0, 10, 1E9]} ]"#,
            r#"["say \"e\" \u00e9 \/ \b\f\n\r\t \\", {}, [], [[]], {"": {"": []}}]"#,
            "[1e400, -0, 0.0, 123456789012345678901234567890]",
            "[\"é — 中文 🎉\"]",
            "[\t1\t]",
        ] {
            assert_eq!(ours(text), serde_split(text), "{text}");
            assert!(ours(text).is_some(), "{text}");
        }
    }

    #[test]
    fn what_serde_refuses_or_would_not_read_on_one_line_is_refused() {
        let deep = format!("[{}{}]", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let within = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(ours(&within).is_some());
        for text in [
            "",
            "[",
            "]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[-]",
            "[+1]",
            "[tru]",
            "[nul]",
            "[True]",
            r#"[{"a"}]"#,
            r#"[{"a":}]"#,
            r#"[{"a":1,}]"#,
            r#"[{1:2}]"#,
            r#"[{"a":1]"#,
            r#"[[1}]"#,
            r#"["a]"#,
            r#"["\x"]"#,
            r#"["\u12"]"#,
            r#"["\u12G4"]"#,
            r#"["\ud83d\ude00"]"#,
            r#"["\uDFFF"]"#,
            "[\"a\u{1}\"]",
            "[\"a\tb\"]",
            "[1]x",
            "[1] [2]",
            "[1,\n2]",
            "[1]\r",
            "{}",
            "\"a\"",
            deep.as_str(),
        ] {
            assert_eq!(ours(text), None, "{text:?}");
            assert_eq!(serde_split(text), None, "serde: {text:?}");
        }
    }

    #[test]
    fn one_value_is_checked_by_the_same_rules() {
        for fine in ["1", " \"a\" ", "{\"a\":[1,{\"b\":null}]}", "[]", "-1.5E-3"] {
            assert!(is_value(fine), "{fine}");
        }
        for refused in ["", "1 2", "{", "\"\\ud800\"", "[1,\n2]", "nan", "1.", "{\"a\":1,}"] {
            assert!(!is_value(refused), "{refused}");
        }
    }
}
