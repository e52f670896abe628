//! Arguments travel through the API as JSON; a binary argument is written `{"$binary": BASE64}`
//! (as the CLI and the console show it). This module converts between that and rust_socketio's
//! `Payload`, refusing the shapes rust_socketio 0.6 would send wrongly instead of sending them.

use base64::{engine::general_purpose::STANDARD, Engine};
use bytes::Bytes;
use rust_socketio::Payload;
use serde_json::{json, Value};

use crate::error::{Error, Result};

/// `{"$binary": BASE64}` for raw bytes.
pub fn binary_value(bytes: &[u8]) -> Value {
    json!({ "$binary": STANDARD.encode(bytes) })
}

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

/// The arguments of an incoming payload, as the API shows them.
pub fn args_of(payload: Payload) -> Vec<Value> {
    match payload {
        Payload::Text(values) => values,
        Payload::Binary(bytes) => vec![binary_value(&bytes)],
        #[allow(deprecated)]
        Payload::String(text) => {
            vec![serde_json::from_str(&text).unwrap_or(Value::String(text))]
        }
    }
}

/// rust_socketio 0.6 names a binary event by the text of all its other arguments with the
/// quotes removed (`binary,,{_placeholder:true,num:1}`). The event's name is the part before
/// the first comma; `true` says arguments were lost on the way.
pub fn unmangle_binary_event(name: &str) -> (String, bool) {
    match name.split_once(',') {
        Some((head, _)) => (head.to_owned(), true),
        None => (name.to_owned(), false),
    }
}

/// The arguments of an ack answer. rust_socketio hands an ack's whole JSON array over as
/// one value, so `[a, b]` arrives as the single argument `[a, b]` and is unwrapped here.
pub fn ack_args_of(payload: Payload) -> Vec<Value> {
    match args_of(payload).as_mut_slice() {
        [Value::Array(inner)] => std::mem::take(inner),
        other => other.to_vec(),
    }
}

/// Strings longer than this are cut in the console.
pub const CONSOLE_STRING_MAX: usize = 64 * 1024;
/// How much of a cut string the console keeps.
const CONSOLE_STRING_KEEP: usize = 1024;

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

/// The payload to emit for `args`.
///
/// rust_socketio 0.6 can put exactly one binary attachment on an event, as its only
/// argument, and turns an emit-with-ack of binary into a BinaryAck packet the server
/// cannot use. Those shapes are refused here with a clear error rather than sent mangled.
pub fn payload_for(args: Vec<Value>, with_ack: bool) -> Result<Payload> {
    let binaries = args
        .iter()
        .map(as_binary)
        .collect::<Result<Vec<_>>>()?;
    let binary_count = binaries.iter().filter(|b| b.is_some()).count();
    if binary_count == 0 {
        return Ok(Payload::Text(args));
    }
    if with_ack {
        return Err(Error::Send(
            "a binary argument cannot be sent with an acknowledgement by this client library (rust_socketio 0.6); send it without ack".into(),
        ));
    }
    if args.len() != 1 {
        return Err(Error::Send(
            "binary data can only be sent as the one and only argument of an event by this client library (rust_socketio 0.6)".into(),
        ));
    }
    let bytes = binaries.into_iter().flatten().next().unwrap_or_default();
    Ok(Payload::Binary(Bytes::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_sees_long_strings_cut() {
        let long = "é".repeat(CONSOLE_STRING_MAX);
        let v = console_view(&json!([{"content": long, "room": "r"}, 1]));
        let cut = v[0]["content"].as_str().unwrap();
        assert!(cut.len() < 2 * CONSOLE_STRING_KEEP && cut.ends_with("(65536 characters in all, cut here)"), "{cut}");
        assert_eq!(v[0]["room"], "r");
        assert_eq!(console_view(&json!("short")), json!("short"));
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
    fn text_payloads_keep_every_argument() {
        let p = payload_for(vec![json!(1), json!("a"), json!({"b": null})], false).unwrap();
        assert_eq!(p, Payload::Text(vec![json!(1), json!("a"), json!({"b": null})]));
        assert_eq!(payload_for(vec![], true).unwrap(), Payload::Text(vec![]));
    }

    #[test]
    fn one_binary_alone_is_sent_as_binary() {
        let p = payload_for(vec![binary_value(b"hi")], false).unwrap();
        assert_eq!(p, Payload::Binary(Bytes::from_static(b"hi")));
    }

    #[test]
    fn shapes_the_library_would_mangle_are_refused() {
        assert!(payload_for(vec![binary_value(b"x")], true).is_err());
        assert!(payload_for(vec![json!(1), binary_value(b"x")], false).is_err());
        assert!(payload_for(vec![binary_value(b"x"), binary_value(b"y")], false).is_err());
    }

    #[test]
    fn mangled_binary_event_names() {
        assert_eq!(unmangle_binary_event("binary"), ("binary".into(), false));
        assert_eq!(
            unmangle_binary_event("binary,,{_placeholder:true,num:1}"),
            ("binary".into(), true)
        );
        assert_eq!(unmangle_binary_event("mixed,{a:1},,text"), ("mixed".into(), true));
    }

    #[test]
    fn ack_arrays_are_unwrapped() {
        assert_eq!(ack_args_of(Payload::Text(vec![json!([1, "a"])])), vec![json!(1), json!("a")]);
        assert_eq!(ack_args_of(Payload::Text(vec![json!([])])), Vec::<Value>::new());
        assert_eq!(ack_args_of(Payload::Binary(Bytes::from_static(b"x"))), vec![json!({"$binary": "eA=="})]);
    }

    #[test]
    fn incoming_binary_becomes_a_marker() {
        assert_eq!(args_of(Payload::Binary(Bytes::from_static(b"\x00"))), vec![json!({"$binary": "AA=="})]);
    }
}
