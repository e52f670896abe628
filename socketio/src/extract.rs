//! Large packets are decoded without a second copy of their longest string (a file's
//! base64): the JSON is parsed with a marker in that string's place, and the string is
//! then made from the message's own buffer, moved to its front and cut to length.

use bytes::Bytes;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::packet::{self, Packet, Payload};

/// Packets shorter than this are parsed as they are.
const LARGE: usize = 1 << 20;
/// Only a string at least this long is worth taking out.
const LONG: usize = 64 * 1024;
/// Stands for the long string while the rest is parsed (a NUL cannot appear unescaped).
const MARKER_JSON: &str = "\\u0000switchboard-long-string\\u0000";
const MARKER: &str = "\u{0}switchboard-long-string\u{0}";

/// The longest string literal without escapes, as the byte range of its content.
fn longest_plain_string(text: &[u8]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        let mut plain = true;
        while j < text.len() && text[j] != b'"' {
            if text[j] == b'\\' {
                plain = false;
                j += 1;
            }
            j += 1;
        }
        let end = j.min(text.len());
        if plain && end - start >= LONG && best.is_none_or(|(s, e)| end - start > e - s) {
            best = Some((start, end));
        }
        i = end + 1;
    }
    best
}

/// Replace the marker in `v` with `s`; whether it was found.
fn put_back(v: &mut Value, s: &mut Option<String>) -> bool {
    match v {
        Value::String(t) if t == MARKER => {
            if let Some(s) = s.take() {
                *t = s;
            }
            true
        }
        Value::Array(items) => items.iter_mut().any(|i| put_back(i, s)),
        Value::Object(map) => map.values_mut().any(|i| put_back(i, s)),
        _ => false,
    }
}

/// Decode the packet in `text` (UTF-8), taking its longest string out in place when it
/// is large and nothing else holds the buffer.
pub fn decode_owned(text: Bytes) -> Result<Packet> {
    let as_str = |b: &[u8]| {
        std::str::from_utf8(b).map(str::to_owned).map_err(|_| Error::Protocol("a packet is not UTF-8".into()))
    };
    if text.len() < LARGE {
        let s = std::str::from_utf8(&text).map_err(|_| Error::Protocol("a packet is not UTF-8".into()))?;
        return packet::decode(s);
    }
    let Some((start, end)) = longest_plain_string(&text) else {
        return packet::decode(&as_str(&text)?);
    };
    let mut skeleton = Vec::with_capacity(text.len() - (end - start) + MARKER_JSON.len());
    skeleton.extend_from_slice(&text[..start]);
    skeleton.extend_from_slice(MARKER_JSON.as_bytes());
    skeleton.extend_from_slice(&text[end..]);
    let skeleton = String::from_utf8(skeleton).map_err(|_| Error::Protocol("a packet is not UTF-8".into()))?;
    let mut p = packet::decode_values(&skeleton)?;
    drop(skeleton);
    // The message's own buffer becomes the string when nothing else holds it.
    let mut buf: Vec<u8> = match text.try_into_mut() {
        Ok(owned) => owned.into(),
        Err(shared) => shared[start..end].to_vec(),
    };
    if buf.len() != end - start {
        buf.copy_within(start..end, 0);
        buf.truncate(end - start);
    }
    let long = String::from_utf8(buf).map_err(|_| Error::Protocol("a packet is not UTF-8".into()))?;
    let mut slot = Some(long);
    let placed = match p.data.as_mut() {
        Some(Payload::Value(v)) => put_back(v, &mut slot),
        _ => false,
    };
    match placed {
        true => Ok(p),
        false => Err(Error::Protocol("a long string of a packet could not be placed".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_large_event_decodes_as_the_plain_parser_would() {
        let long = "QUJD".repeat(LARGE / 2);
        for text in [
            format!(r#"2["file",{{"name":"a \"b\"","content":"{long}"}},1]"#),
            format!(r#"2/x,7["{long}","short","{}"]"#, "y".repeat(LONG)),
            format!(r#"3["{long}"]"#),
        ] {
            let expected = packet::decode_values(&text).unwrap();
            assert_eq!(decode_owned(Bytes::from(text.clone())).unwrap(), expected);
            // Also when the buffer is shared (a copy is made then).
            let shared = Bytes::from(text.clone());
            let keep = shared.clone();
            assert_eq!(decode_owned(shared).unwrap(), expected);
            drop(keep);
        }
    }

    #[test]
    fn escaped_or_small_strings_are_parsed_as_they_are() {
        let escaped = format!(r#"2["e","{}\n{}"]"#, "a".repeat(LARGE), "b".repeat(10));
        let data = decode_owned(Bytes::from(escaped.clone())).unwrap().data.map(Payload::into_value);
        assert_eq!(data, packet::decode(&escaped).unwrap().data.map(Payload::into_value));
        let small = r#"2["s",{"a":1}]"#;
        let data = decode_owned(Bytes::from(small)).unwrap().data.map(Payload::into_value);
        assert_eq!(data, Some(json!(["s", {"a": 1}])));
        assert!(decode_owned(Bytes::from(format!("2[\"{}", "x".repeat(LARGE)))).is_err(), "unterminated");
    }
}
