//! Arguments travel through the API as JSON; a binary argument is written `{"$binary": BASE64}`
//! (as the CLI and the console show it), anywhere in the arguments. This module converts
//! between that and the Socket.IO wire form (placeholders and attachments).

use base64::{engine::general_purpose::STANDARD, Engine};
use bytes::Bytes;
use serde_json::Value;
use socketio::Json;

use crate::error::{Error, Result};

pub use socketio::json::binary_value;

/// The bytes of a `{"$binary": BASE64}` argument, `None` for any other value,
/// an error when the marker is there but its text is not base64.
pub fn as_binary(value: &Value) -> Result<Option<Vec<u8>>> {
    let Some(obj) = value.as_object() else { return Ok(None) };
    if obj.len() != 1 {
        return Ok(None);
    }
    match obj.get("$binary") {
        Some(Value::String(text)) => STANDARD
            .decode(text)
            .map(Some)
            .map_err(|e| Error::BadRequest(format!("a $binary argument is not base64: {e}"))),
        Some(_) => Err(Error::BadRequest("a $binary argument must be a base64 string".into())),
        None => Ok(None),
    }
}

/// Arguments as they go on the wire: each `{"$binary": BASE64}` anywhere in them becomes a
/// Socket.IO placeholder, its bytes an attachment.
pub fn to_wire(args: Vec<Value>) -> Result<(Vec<Value>, Vec<Bytes>)> {
    fn walk(v: Value, out: &mut Vec<Bytes>) -> Result<Value> {
        if let Some(bytes) = as_binary(&v)? {
            out.push(Bytes::from(bytes));
            return Ok(socketio::packet::placeholder(out.len() - 1));
        }
        Ok(match v {
            Value::Array(items) => Value::Array(items.into_iter().map(|i| walk(i, out)).collect::<Result<_>>()?),
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| Ok((k, walk(v, out)?))).collect::<Result<_>>()?)
            }
            other => other,
        })
    }
    let mut attachments = Vec::new();
    let args = args.into_iter().map(|a| walk(a, &mut attachments)).collect::<Result<_>>()?;
    Ok((args, attachments))
}

/// Arguments as the API shows them: placeholders become `{"$binary": BASE64}` (a binary
/// packet's arguments are values; only a plain packet's stay text).
pub fn from_wire(args: Vec<Json>, attachments: &[Bytes]) -> Vec<Json> {
    fn walk(v: Value, attachments: &[Bytes]) -> Value {
        if let Some(bytes) = socketio::packet::placeholder_num(&v).and_then(|n| attachments.get(n)) {
            return binary_value(bytes);
        }
        match v {
            Value::Array(items) => Value::Array(items.into_iter().map(|i| walk(i, attachments)).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, walk(v, attachments))).collect()),
            other => other,
        }
    }
    if attachments.is_empty() {
        return args;
    }
    // A whole argument that is binary keeps its bytes (encoded only where it is written).
    let whole = |a: &Json| a.as_value().and_then(socketio::packet::placeholder_num).and_then(|n| attachments.get(n));
    args.into_iter()
        .map(|a| match whole(&a) {
            Some(bytes) => Json::Bytes(bytes.clone()),
            None => Json::Value(walk(a.into_value(), attachments)),
        })
        .collect()
}

/// Strings longer than this are cut in the console.
pub const CONSOLE_STRING_MAX: usize = 64 * 1024;
/// How much of a cut string the console keeps.
const CONSOLE_STRING_KEEP: usize = 1024;

/// `cut_long_strings` for an argument: text no longer than the limit holds no string to cut.
pub fn cut_long_json(arg: Json) -> Json {
    match &arg {
        Json::Text(text) if text.get().len() <= CONSOLE_STRING_MAX => arg,
        Json::Bytes(bytes) if bytes.len().div_ceil(3) * 4 <= CONSOLE_STRING_MAX => arg,
        _ => {
            let mut value = arg.into_value();
            cut_long_strings(&mut value);
            Json::Value(value)
        }
    }
}

/// `console_view` in place, for a value the console may keep (nothing else needs it).
pub fn cut_long_strings(value: &mut Value) {
    match value {
        Value::String(s) if s.len() > CONSOLE_STRING_MAX => *value = console_view(value),
        Value::Array(items) => items.iter_mut().for_each(cut_long_strings),
        Value::Object(map) => map.values_mut().for_each(cut_long_strings),
        _ => {}
    }
}

/// A copy of `value` for the event console, with very long strings (a file's base64) cut
/// to their start and their length in words; nothing long is copied.
pub fn console_view(value: &Value) -> Value {
    match value {
        Value::String(s) if s.len() > CONSOLE_STRING_MAX => {
            let mut end = CONSOLE_STRING_KEEP;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            Value::String(format!("{}… ({} characters in all, cut here)", &s[..end], s.chars().count()))
        }
        Value::Array(items) => Value::Array(items.iter().map(console_view).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), console_view(v))).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_console_sees_long_strings_cut() {
        let long = "é".repeat(CONSOLE_STRING_MAX);
        let v = console_view(&json!([{"content": long, "room": "r"}, 1]));
        let cut = v[0]["content"].as_str().unwrap();
        assert!(cut.len() < 2 * CONSOLE_STRING_KEEP && cut.ends_with("(65536 characters in all, cut here)"), "{cut}");
        assert_eq!(v[0]["room"], "r");
        assert_eq!(console_view(&json!("short")), json!("short"));
        let mut in_place = json!([{"content": long, "room": "r"}, 1]);
        cut_long_strings(&mut in_place);
        assert_eq!(in_place, v, "cut in place as in the copy");
    }

    #[test]
    fn binary_round_trip() {
        let v = binary_value(&[0, 1, 255]);
        assert_eq!(v, json!({"$binary": "AAH/"}));
        assert_eq!(as_binary(&v).unwrap(), Some(vec![0, 1, 255]));
    }

    #[test]
    fn ordinary_objects_are_not_binary() {
        assert_eq!(as_binary(&json!({"$binary": "AA==", "x": 1})).unwrap(), None);
        assert_eq!(as_binary(&json!("AA==")).unwrap(), None);
    }

    #[test]
    fn bad_base64_is_an_error() {
        assert!(as_binary(&json!({"$binary": "%%%"})).is_err());
        assert!(as_binary(&json!({"$binary": 3})).is_err());
    }

    #[test]
    fn binary_anywhere_travels_as_attachments_and_back() {
        let args = vec![json!(1), json!({"a": [binary_value(b"x")], "b": binary_value(b"")}), binary_value(&[0, 255])];
        let (wire, attachments) = to_wire(args.clone()).unwrap();
        assert_eq!(attachments.len(), 3);
        assert_eq!(wire[2], socketio::packet::placeholder(2));
        assert_eq!(from_wire(socketio::json::from_values(wire), &attachments), args);
        assert!(to_wire(vec![json!({"$binary": "%%"})]).is_err());
    }

    #[test]
    fn text_events_are_left_alone() {
        let looks_like = socketio::json::from_values(vec![socketio::packet::placeholder(0)]);
        assert_eq!(from_wire(looks_like.clone(), &[]), looks_like);
    }

    #[test]
    fn a_whole_binary_argument_keeps_its_bytes() {
        let wire = socketio::json::from_values(vec![socketio::packet::placeholder(0), json!(2)]);
        let bytes = Bytes::from(vec![7u8; 100]);
        let args = from_wire(wire, std::slice::from_ref(&bytes));
        assert!(matches!(&args[0], Json::Bytes(b) if *b == bytes));
        assert_eq!(args[0], binary_value(&bytes));
        assert!(matches!(cut_long_json(args[0].clone()), Json::Bytes(_)), "short enough to show whole");
        let large = Json::Bytes(Bytes::from(vec![1u8; CONSOLE_STRING_MAX]));
        let cut = cut_long_json(large.clone());
        let mut expected = large.to_value();
        cut_long_strings(&mut expected);
        assert_eq!(cut, expected);
    }

    #[test]
    fn only_text_that_may_hold_a_long_string_is_parsed_to_be_cut() {
        let text = |s: String| Json::Text(socketio::json::JsonText::new(&s).unwrap());
        let short = text(format!(r#"{{"a":"{}"}}"#, "x".repeat(100)));
        assert!(cut_long_json(short.clone()).text().is_some(), "left as text");
        let long = format!(r#"{{"a":"{}"}}"#, "x".repeat(CONSOLE_STRING_MAX + 1));
        let cut = cut_long_json(text(long.clone()));
        let mut expected: Value = serde_json::from_str(&long).unwrap();
        cut_long_strings(&mut expected);
        assert_eq!(cut, expected);
        assert!(cut.to_value()["a"].as_str().unwrap().len() < CONSOLE_STRING_MAX);
    }
}
