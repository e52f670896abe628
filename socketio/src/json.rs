//! One argument of an event or an ack, as the server sent it.
//!
//! Building a `serde_json::Value` for every argument (a map per object, a string per key)
//! and writing it out again was most of the cost of a JSON event for a reader that only
//! shows or prints it. An argument therefore stays the JSON text it came as, checked to
//! be JSON, and is parsed only where its values are read (a protocol's translator, the
//! redactor when a secret may be inside, the window's cut of long strings).
//!
//! Packets of a megabyte or more are still parsed into values: their longest string is
//! then made from the message's own buffer (`extract`), one copy fewer than text.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use bytes::Bytes;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

mod text;
pub use text::{reads_as_values, split_array, JsonText};

/// An argument: JSON text as received, values (made here, or parsed from a large packet),
/// or a binary attachment that is a whole argument.
#[derive(Debug, Clone)]
pub enum Json {
    Text(JsonText),
    Value(Value),
    /// Shown, written and compared as `{"$binary": BASE64}` (Switchboard's form of binary
    /// in JSON), encoded only where written: a reader that prints it encodes it once,
    /// straight into its output, and the history keeps the bytes as they are.
    Bytes(Bytes),
}

/// The JSON key of Switchboard's form of binary data, `{"$binary": BASE64}`.
pub const BINARY_KEY: &str = "$binary";

/// Values from text this crate checked: serde_json's, or for a number out of a float's
/// range, `lenient`'s (the number as text).
fn parse(text: &str) -> Value {
    serde_json::from_str(text)
        .ok()
        .or_else(|| crate::lenient::repair(text).and_then(|(fixed, _)| serde_json::from_str(&fixed).ok()))
        .unwrap_or(Value::Null)
}

impl Json {
    /// Its values when it holds values (not text).
    pub fn as_value(&self) -> Option<&Value> {
        match self {
            Json::Value(v) => Some(v),
            Json::Text(_) | Json::Bytes(_) => None,
        }
    }

    /// The values, parsed from the text when it is text.
    pub fn to_value(&self) -> Value {
        match self {
            Json::Text(raw) => parse(raw.get()),
            Json::Value(v) => v.clone(),
            Json::Bytes(b) => binary_value(b),
        }
    }

    /// The values, parsing the text when it is text.
    pub fn into_value(self) -> Value {
        match self {
            Json::Text(raw) => parse(raw.get()),
            Json::Value(v) => v,
            Json::Bytes(b) => binary_value(&b),
        }
    }

    /// Its JSON text when it is text (a cheap look before parsing: its length, a secret).
    pub fn text(&self) -> Option<&str> {
        match self {
            Json::Text(raw) => Some(raw.get()),
            Json::Value(_) | Json::Bytes(_) => None,
        }
    }

    /// A string argument's text, whichever form it is in.
    pub fn as_string(&self) -> Option<String> {
        match self {
            Json::Text(raw) if raw.get().starts_with('"') => serde_json::from_str(raw.get()).ok(),
            Json::Text(_) | Json::Bytes(_) => None,
            Json::Value(v) => v.as_str().map(str::to_owned),
        }
    }

    /// About how many bytes it holds (its text's length; values are walked).
    pub fn weight(&self) -> usize {
        match self {
            Json::Text(raw) => raw.get().len(),
            Json::Value(v) => crate::backlog::json_weight(v),
            Json::Bytes(b) => b.len(),
        }
    }
}

impl From<Value> for Json {
    fn from(v: Value) -> Json {
        Json::Value(v)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Text(raw) => raw.serialize(s),
            Json::Value(v) => v.serialize(s),
            Json::Bytes(b) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(BINARY_KEY, &STANDARD.encode(b))?;
                map.end()
            }
        }
    }
}

/// Equal when they hold the same values (text or not).
impl PartialEq for Json {
    fn eq(&self, other: &Json) -> bool {
        match (self, other) {
            (Json::Text(a), Json::Text(b)) if a.get() == b.get() => true,
            (Json::Value(a), Json::Value(b)) => a == b,
            (Json::Bytes(a), Json::Bytes(b)) => a == b,
            _ => self.to_value() == other.to_value(),
        }
    }
}

impl PartialEq<Value> for Json {
    fn eq(&self, other: &Value) -> bool {
        match self {
            Json::Value(v) => v == other,
            Json::Text(_) | Json::Bytes(_) => self.to_value() == *other,
        }
    }
}

/// `{"$binary": BASE64}` for bytes.
pub fn binary_value(bytes: &[u8]) -> Value {
    let mut map = serde_json::Map::new();
    map.insert(BINARY_KEY.to_owned(), Value::String(STANDARD.encode(bytes)));
    Value::Object(map)
}

/// Arguments as values (what a translator or a test reads).
pub fn values(args: &[Json]) -> Vec<Value> {
    args.iter().map(Json::to_value).collect()
}

/// Arguments made from values.
pub fn from_values(args: Vec<Value>) -> Vec<Json> {
    args.into_iter().map(Json::Value).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(s: &str) -> Json {
        Json::Text(JsonText::new(s).unwrap())
    }

    #[test]
    fn text_is_written_as_it_came_and_compared_by_value() {
        let a = text(r#"{"b":1,"a":[true,null]}"#);
        assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"b":1,"a":[true,null]}"#);
        assert_eq!(a, json!({"b": 1, "a": [true, null]}));
        assert_eq!(a, Json::Value(json!({"b": 1, "a": [true, null]})));
        assert_ne!(a, text(r#"{"b":2}"#));
        assert_eq!(a.weight(), 23);
    }

    #[test]
    fn bytes_are_written_and_compared_as_base64() {
        let b = Json::Bytes(Bytes::from_static(&[0, 1, 255]));
        assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"$binary":"AAH/"}"#);
        assert_eq!(b, json!({"$binary": "AAH/"}));
        assert_eq!(b, Json::Value(json!({"$binary": "AAH/"})));
        assert_eq!((b.weight(), b.text(), b.as_value()), (3, None, None));
    }

    #[test]
    fn a_number_out_of_range_stays_as_written_and_reads_as_text() {
        let a = text("1e400");
        assert_eq!(serde_json::to_string(&a).unwrap(), "1e400");
        assert_eq!(a.to_value(), json!("1e400"));
    }

    #[test]
    fn strings_are_read_from_either_form() {
        assert_eq!(text(r#""a\"b""#).as_string().as_deref(), Some("a\"b"));
        assert_eq!(Json::Value(json!("c")).as_string().as_deref(), Some("c"));
        assert_eq!(text("12").as_string(), None);
        assert_eq!(text(r#"[1,{"x":"y"}]"#).into_value(), json!([1, {"x": "y"}]));
    }
}
