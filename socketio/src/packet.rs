//! Socket.IO packets (protocol v4 for socket.io 2 servers, v5 for socket.io 3/4):
//! `<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]`.
//!
//! Binary arguments travel as placeholders `{"_placeholder":true,"num":N}` in the JSON and
//! as N separate binary Engine.IO messages after it. This crate hands them over the same
//! way: arguments with placeholders, plus the attachments in order.

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::json::Json;

/// The most attachments one packet may announce (a bound on what a server can make us wait for).
pub const MAX_ATTACHMENTS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Connect,
    Disconnect,
    Event,
    Ack,
    /// `ERROR` in protocol v4.
    ConnectError,
    BinaryEvent,
    BinaryAck,
}

impl Kind {
    fn digit(self) -> char {
        match self {
            Kind::Connect => '0',
            Kind::Disconnect => '1',
            Kind::Event => '2',
            Kind::Ack => '3',
            Kind::ConnectError => '4',
            Kind::BinaryEvent => '5',
            Kind::BinaryAck => '6',
        }
    }

    fn of(c: u8) -> Option<Kind> {
        Some(match c {
            b'0' => Kind::Connect,
            b'1' => Kind::Disconnect,
            b'2' => Kind::Event,
            b'3' => Kind::Ack,
            b'4' => Kind::ConnectError,
            b'5' => Kind::BinaryEvent,
            b'6' => Kind::BinaryAck,
            _ => return None,
        })
    }

    pub fn is_binary(self) -> bool {
        matches!(self, Kind::BinaryEvent | Kind::BinaryAck)
    }
}

/// A packet's JSON data.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// An array's items, each kept as its JSON text (a plain event's or ack's arguments).
    Items(Vec<Json>),
    /// Values (a CONNECT answer, a binary packet with placeholders, a large packet).
    Value(Value),
}

impl Payload {
    pub fn into_value(self) -> Value {
        match self {
            Payload::Items(items) => Value::Array(items.into_iter().map(Json::into_value).collect()),
            Payload::Value(v) => v,
        }
    }
}

/// A decoded packet header and its JSON data.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    pub kind: Kind,
    pub namespace: String,
    pub id: Option<u64>,
    /// How many binary messages follow (binary kinds only).
    pub attachments: usize,
    pub data: Option<Payload>,
    /// Data strict JSON refused was repaired to be shown (see `lenient`): what changed.
    pub repaired: Option<String>,
}

/// The text before the JSON data.
pub fn header(kind: Kind, namespace: &str, id: Option<u64>, attachments: usize) -> String {
    let mut out = String::with_capacity(16 + namespace.len());
    out.push(kind.digit());
    if kind.is_binary() {
        out.push_str(&attachments.to_string());
        out.push('-');
    }
    if namespace != "/" && !namespace.is_empty() {
        out.push_str(namespace);
        out.push(',');
    }
    if let Some(id) = id {
        out.push_str(&id.to_string());
    }
    out
}

/// An event's data, `[name, ...args]`, serialized without building a new array.
pub struct EventData<'a> {
    pub name: &'a str,
    pub args: &'a [Value],
}

impl Serialize for EventData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.args.len() + 1))?;
        seq.serialize_element(self.name)?;
        for a in self.args {
            seq.serialize_element(a)?;
        }
        seq.end()
    }
}

/// A whole packet as text (small packets; large events are streamed, see `stream`).
pub fn encode(
    kind: Kind,
    namespace: &str,
    id: Option<u64>,
    attachments: usize,
    data: Option<&impl Serialize>,
) -> String {
    let mut out = header(kind, namespace, id, attachments);
    if let Some(data) = data {
        // Serializing a `Value` or our own types cannot fail.
        if let Ok(json) = serde_json::to_string(data) {
            out.push_str(&json);
        }
    }
    out
}

/// Read a packet from the text of an Engine.IO message; a plain event's or ack's
/// arguments stay JSON text (see `json`).
pub fn decode(text: &str) -> Result<Packet> {
    decode_with(text, true)
}

/// Read a packet with all its data parsed into values (a large packet, see `extract`).
pub fn decode_values(text: &str) -> Result<Packet> {
    decode_with(text, false)
}

fn decode_with(text: &str, items_as_text: bool) -> Result<Packet> {
    let bytes = text.as_bytes();
    let Some(kind) = bytes.first().and_then(|&c| Kind::of(c)) else {
        return Err(Error::Protocol(format!("unknown Socket.IO packet type in {:?}", preview(text))));
    };
    let mut i = 1;
    let mut attachments = 0usize;
    if kind.is_binary() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || bytes.get(i) != Some(&b'-') {
            return Err(Error::Protocol("a binary packet without its attachment count".into()));
        }
        attachments = text[start..i]
            .parse()
            .ok()
            .filter(|&n| n <= MAX_ATTACHMENTS)
            .ok_or_else(|| Error::Protocol("a binary packet with too many attachments".into()))?;
        i += 1;
    }
    let mut namespace = "/".to_owned();
    if bytes.get(i) == Some(&b'/') {
        let end = text[i..].find(',').map(|p| i + p).unwrap_or(text.len());
        namespace = text[i..end].to_owned();
        i = (end + 1).min(text.len());
    }
    let start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    let id = match i > start {
        true => Some(text[start..i].parse::<u64>().map_err(|_| Error::Protocol("an ack id out of range".into()))?),
        false => None,
    };
    let mut repaired = None;
    let json = text[i..].trim_end();
    // Placeholders are looked for in a binary packet's values.
    let items = match items_as_text && !kind.is_binary() && json.starts_with('[') {
        true => crate::json::split_array(json),
        false => None,
    };
    let data = match (json, items) {
        (_, Some(items)) => Some(Payload::Items(items.into_iter().map(Json::Text).collect())),
        ("", None) => None,
        (json, None) => Some(Payload::Value(match serde_json::from_str::<Value>(json) {
            Ok(v) => v,
            Err(e) => {
                let refused = || Error::Protocol(format!("packet data is not JSON ({e}): {:?}", preview(json)));
                let (fixed, words) = crate::lenient::repair(json).ok_or_else(refused)?;
                repaired = Some(words);
                serde_json::from_str::<Value>(&fixed).map_err(|_| refused())?
            }
        })),
    };
    Ok(Packet { kind, namespace, id, attachments, data, repaired })
}

/// The start of a long text, for error messages.
fn preview(text: &str) -> &str {
    let mut end = text.len().min(80);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// An array's items, or `None` when the data is not an array.
fn items_of(data: Payload) -> std::result::Result<Vec<Json>, Value> {
    match data {
        Payload::Items(items) => Ok(items),
        Payload::Value(Value::Array(items)) => Ok(items.into_iter().map(Json::Value).collect()),
        Payload::Value(other) => Err(other),
    }
}

/// An event's name and arguments from its data (`[name, ...args]`).
pub fn event_of(data: Option<Payload>) -> Result<(String, Vec<Json>)> {
    let mut items = match data.map(items_of) {
        Some(Ok(items)) if !items.is_empty() => items,
        _ => return Err(Error::Protocol("an event without a name".into())),
    };
    let first = items.remove(0);
    match first.as_string() {
        Some(name) => Ok((name, items)),
        None => Err(Error::Protocol(format!("an event name must be text, not {}", first.into_value()))),
    }
}

/// An ack's arguments from its data (an array).
pub fn ack_args_of(data: Option<Payload>) -> Result<Vec<Json>> {
    match data.map(items_of) {
        Some(Ok(items)) => Ok(items),
        None => Ok(Vec::new()),
        Some(Err(other)) => Err(Error::Protocol(format!("ack data must be an array, not {other}"))),
    }
}

/// A placeholder for attachment `num`.
pub fn placeholder(num: usize) -> Value {
    serde_json::json!({ "_placeholder": true, "num": num })
}

/// The attachment number of a placeholder.
pub fn placeholder_num(v: &Value) -> Option<usize> {
    let obj = v.as_object()?;
    if obj.len() == 2 && obj.get("_placeholder") == Some(&Value::Bool(true)) {
        return obj.get("num")?.as_u64().map(|n| n as usize);
    }
    None
}

/// Every placeholder in `args` must name one of `count` attachments.
pub fn check_placeholders<'a>(args: impl IntoIterator<Item = &'a Value>, count: usize) -> Result<()> {
    fn walk(v: &Value, count: usize) -> Result<()> {
        if let Some(n) = placeholder_num(v) {
            return match n < count {
                true => Ok(()),
                false => Err(Error::Protocol(format!("a placeholder names attachment {n} of {count}"))),
            };
        }
        match v {
            Value::Array(items) => items.iter().try_for_each(|i| walk(i, count)),
            Value::Object(map) => map.values().try_for_each(|i| walk(i, count)),
            _ => Ok(()),
        }
    }
    args.into_iter().try_for_each(|a| walk(a, count))
}

/// The JSON text of arguments as a sequence (used to size a streamed event).
pub fn serialize_seq<S: Serializer>(s: S, items: &[Value]) -> std::result::Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for i in items {
        seq.serialize_element(i)?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn headers() {
        assert_eq!(header(Kind::Connect, "/", None, 0), "0");
        assert_eq!(header(Kind::Event, "/admin", Some(12), 0), "2/admin,12");
        assert_eq!(header(Kind::BinaryEvent, "/", Some(1), 3), "53-1");
        assert_eq!(header(Kind::BinaryAck, "/a", None, 1), "61-/a,");
    }

    fn value(data: Option<Payload>) -> Option<Value> {
        data.map(Payload::into_value)
    }

    #[test]
    fn events_encode_and_decode() {
        let args = vec![json!(1), json!({"a": "é"})];
        let text = encode(Kind::Event, "/x", Some(7), 0, Some(&EventData { name: "hi", args: &args }));
        assert_eq!(text, r#"2/x,7["hi",1,{"a":"é"}]"#);
        let p = decode(&text).unwrap();
        assert_eq!((p.kind, p.namespace.as_str(), p.id), (Kind::Event, "/x", Some(7)));
        let (name, got) = event_of(p.data).unwrap();
        assert_eq!((name.as_str(), crate::json::values(&got)), ("hi", args));
    }

    #[test]
    fn arguments_stay_the_text_they_came_as() {
        let p = decode(r#"2["e",{"b": 1,"a":[2.50,"x"]},"s"]"#).unwrap();
        let (_, args) = event_of(p.data).unwrap();
        let texts: Vec<_> = args.iter().map(|a| a.text()).collect();
        assert_eq!(texts, [Some(r#"{"b": 1,"a":[2.50,"x"]}"#), Some(r#""s""#)]);
        let p = decode(r#"3[{"ok":true}]"#).unwrap();
        assert_eq!(ack_args_of(p.data).unwrap()[0].text(), Some(r#"{"ok":true}"#));
        // What serde would refuse to read into values, or a line break, is values at once.
        for hostile in ["2[\"e\",\n1]", r#"2["e","\ud83d"]"#] {
            let (_, args) = event_of(decode(hostile).unwrap().data).unwrap();
            assert!(args[0].text().is_none(), "{hostile}");
        }
        // A number out of range stays as written (its value reads as text, as repaired).
        let (_, args) = event_of(decode("2[\"e\",1e400]").unwrap().data).unwrap();
        assert_eq!((args[0].text(), args[0].to_value()), (Some("1e400"), json!("1e400")));
        // A binary packet's placeholders are values to be looked for.
        let p = decode(r#"51-["b",{"_placeholder":true,"num":0}]"#).unwrap();
        assert!(event_of(p.data).unwrap().1[0].as_value().is_some());
        // A name that is not text is refused in words, whichever form it came in.
        assert!(event_of(decode(r#"2[{"a":1},2]"#).unwrap().data).is_err());
    }

    #[test]
    fn zero_argument_events_keep_their_name() {
        let p = decode(r#"2["nothing"]"#).unwrap();
        assert_eq!(event_of(p.data).unwrap(), ("nothing".to_owned(), vec![]));
    }

    #[test]
    fn binary_headers_and_connect_answers() {
        let p = decode(r#"52-/a,3["b",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#).unwrap();
        assert_eq!((p.kind, p.attachments, p.id, p.namespace.as_str()), (Kind::BinaryEvent, 2, Some(3), "/a"));
        let (_, args) = event_of(p.data).unwrap();
        let args: Vec<Value> = crate::json::values(&args);
        assert_eq!(placeholder_num(&args[1]), Some(1));
        assert!(check_placeholders(&args, 2).is_ok());
        assert!(check_placeholders(&args, 1).is_err());
        let p = decode(r#"0{"sid":"x"}"#).unwrap();
        assert_eq!(value(p.data), Some(json!({"sid": "x"})));
        let p = decode("0/admin").unwrap();
        assert_eq!((p.namespace.as_str(), p.data), ("/admin", None));
        let p = decode(r#"4"bad token""#).unwrap();
        assert_eq!((p.kind, value(p.data)), (Kind::ConnectError, Some(json!("bad token"))));
    }

    #[test]
    fn numbers_are_read_exactly() {
        // serde_json without `float_roundtrip` read these a unit in the last place away.
        for x in [-12837.073486328125f64, -2053.0565795898438, 0.1, 1.7976931348623157e308, 5e-324] {
            let text = encode(Kind::Event, "/", None, 0, Some(&json!(["n", x])));
            let (_, args) = event_of(decode(&text).unwrap().data).unwrap();
            assert_eq!(args[0].to_value().as_f64().map(f64::to_bits), Some(x.to_bits()), "{text}");
        }
    }

    #[test]
    fn malformed_packets_are_errors() {
        for t in ["", "9", "5[]", "5x-[]", "2[", "299999999999999999999999[]", "51000000-[]"] {
            assert!(decode(t).is_err(), "{t}");
        }
        assert!(event_of(Some(Payload::Value(json!([1])))).is_err());
        assert!(event_of(Some(Payload::Value(json!([])))).is_err());
        assert!(ack_args_of(Some(Payload::Value(json!({})))).is_err());
    }
}
