//! JSON written fast, for the CLI's lines: a string that needs no escaping (nearly every
//! string, and always base64) is copied as it is. serde_json's writer looks up every byte
//! in its escape table, which for a 64 KiB binary argument (87 KB of base64) was a third
//! of the CLI's time in a binary flood. The output is the same as serde_json's compact form.

use std::io::{self, Write};

use serde::{ser::Error as _, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::Value;
use socketio::Json;

/// Arguments held as values with a string this long near their top (a file's base64, a
/// long text) go through `write_args`; the rest are serialized as usual (text as it is).
const RAW_FROM: usize = 16 * 1024;

/// A string of `RAW_FROM` bytes or more in `value` or `depth` levels under it (the cheap
/// test: most events are small, and walking all of them costs as much as it saves).
fn has_long_string(value: &Value, depth: u32) -> bool {
    match value {
        Value::String(s) => s.len() >= RAW_FROM,
        Value::Array(items) if depth > 0 => items.iter().any(|v| has_long_string(v, depth - 1)),
        Value::Object(map) if depth > 0 => map.values().any(|v| has_long_string(v, depth - 1)),
        _ => false,
    }
}

/// For `#[serde(with = "crate::jsonl::args")]` on an update's arguments (`with`, which
/// ts-rs reads, rather than `serialize_with`, which it warns about).
pub mod args {
    pub use super::serialize_args as serialize;
}

/// Large arguments are written by `write_args` and handed to the serializer as raw JSON
/// (`RawValue` checks it, far faster than escaping writes it). Updates are only ever
/// serialized to JSON.
pub fn serialize_args<S: Serializer>(args: &[Json], s: S) -> Result<S::Ok, S::Error> {
    let long = |a: &Json| match a {
        Json::Value(v) => has_long_string(v, 2),
        Json::Bytes(b) => b.len() >= RAW_FROM,
        Json::Text(_) => false,
    };
    if !args.iter().any(long) {
        return args.serialize(s);
    }
    let mut text = Vec::new();
    write_args(&mut text, args).map_err(S::Error::custom)?;
    let text = String::from_utf8(text).map_err(S::Error::custom)?;
    RawValue::from_string(text).map_err(S::Error::custom)?.serialize(s)
}

/// `value` as compact JSON, byte for byte what `serde_json::to_writer` writes.
pub fn write_value(out: &mut impl Write, value: &Value) -> io::Result<()> {
    match value {
        Value::Null => out.write_all(b"null"),
        Value::Bool(true) => out.write_all(b"true"),
        Value::Bool(false) => out.write_all(b"false"),
        Value::Number(n) => serde_json::to_writer(&mut *out, n).map_err(io::Error::from),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => write_array(out, items),
        Value::Object(map) => {
            out.write_all(b"{")?;
            for (i, (key, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_str(out, key)?;
                out.write_all(b":")?;
                write_value(out, v)?;
            }
            out.write_all(b"}")
        }
    }
}

/// Arguments as a JSON array: text as it came, values written by `write_value`.
pub fn write_args(out: &mut impl Write, args: &[Json]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        match arg {
            Json::Text(raw) => out.write_all(raw.get().as_bytes())?,
            Json::Value(v) => write_value(out, v)?,
            Json::Bytes(b) => write_binary(out, b)?,
        }
    }
    out.write_all(b"]")
}

/// `{"$binary":"BASE64"}`, encoded a piece at a time straight into `out`.
pub fn write_binary(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    // Whole groups of 3 bytes per piece, so the pieces' base64 joins without padding.
    const PIECE: usize = 3 * 4096;
    use base64_simd::AsOut;
    let mut text = [0u8; PIECE / 3 * 4];
    out.write_all(br#"{"$binary":""#)?;
    for piece in bytes.chunks(PIECE) {
        // `text` holds a whole piece's base64 (the encoder checks and would panic otherwise).
        out.write_all(base64_simd::STANDARD.encode(piece, text.as_mut_slice().as_out()))?;
    }
    out.write_all(br#""}"#)
}

/// A list of values as a JSON array.
fn write_array(out: &mut impl Write, items: &[Value]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_value(out, item)?;
    }
    out.write_all(b"]")
}

/// A string as JSON: copied between quotes when nothing in it needs escaping.
pub fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    if needs_escape(s.as_bytes()) {
        return serde_json::to_writer(&mut *out, s).map_err(io::Error::from);
    }
    out.write_all(b"\"")?;
    out.write_all(s.as_bytes())?;
    out.write_all(b"\"")
}

/// What serde_json escapes: control characters, quotes and backslashes. No early exit, so
/// the compiler checks many bytes at a time.
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| found | (b < 0x20) | (b == b'"') | (b == b'\\'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(v: &Value) -> String {
        let mut out = Vec::new();
        write_value(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_text_as_serde_json() {
        let values = [
            json!(null),
            json!([true, false, 0, -1, u64::MAX, i64::MIN, 0.5, 1e300, -2.5e-7]),
            json!("plain"),
            json!("quote \" backslash \\ newline \n tab \t nul \u{0} bell \u{7} del \u{7f}"),
            json!("Анна 你好 😀 </script>"),
            json!({"z": 1, "a": {"nested": [1, {"k\"ey": "v\\"}]}, "": [], "e": {}}),
            json!({"$binary": "QUJD+/=="}),
            json!([[[[]]], {"a": [null, {"b": "c"}]}]),
        ];
        for v in &values {
            assert_eq!(written(v), serde_json::to_string(v).unwrap(), "{v:?}");
        }
    }

    #[test]
    fn every_byte_below_128_alone_and_in_a_long_string() {
        for b in 0u8..128 {
            let c = char::from(b);
            let short = Value::String(c.to_string());
            assert_eq!(written(&short), serde_json::to_string(&short).unwrap(), "byte {b}");
            let long = Value::String(format!("{}{c}{}", "x".repeat(1000), "y".repeat(77)));
            assert_eq!(written(&long), serde_json::to_string(&long).unwrap(), "byte {b} inside");
        }
    }

    #[test]
    fn large_arguments_serialize_as_the_same_json() {
        #[derive(Serialize)]
        struct Update<'a> {
            #[serde(serialize_with = "serialize_args")]
            args: &'a [Json],
        }
        let text = Json::Text(socketio::json::JsonText::new(r#"{"t": [1,2]}"#).unwrap());
        let big =
            vec![json!({"$binary": "QUJD".repeat(10_000)}), json!("a \"quoted\" line\n".repeat(2_000)), json!(1.5)];
        let small = vec![json!({"k": "v"}), json!(null)];
        for values in [&big, &small] {
            let mut args = socketio::json::from_values(values.clone());
            args.push(text.clone());
            let ours = serde_json::to_string(&Update { args: &args }).unwrap();
            let expected = format!(r#"{{"args":{}}}"#, serde_json::to_string(values).unwrap());
            assert_eq!(ours, expected.replacen("]}", r#",{"t": [1,2]}]}"#, 1));
        }
    }

    #[test]
    fn an_array_of_arguments() {
        let text = Json::Text(socketio::json::JsonText::new(r#"{"c" : 3}"#).unwrap());
        let args = [json!(1).into(), json!("a").into(), json!({"b": [2]}).into(), text];
        let mut out = Vec::new();
        write_args(&mut out, &args).unwrap();
        assert_eq!(out, br#"[1,"a",{"b":[2]},{"c" : 3}]"#);
    }
}
