//! Properties of the codecs: Engine.IO packets and polling payloads (v3, v4), Socket.IO
//! packets, and the byte counts of streamed text. What is encoded decodes to the same
//! thing; any bytes decode to a value or an error, never a panic.
//! (`make fuzz` feeds the decoders a million more inputs through libFuzzer.)

use bytes::Bytes;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use socketio::engine::packet::{
    decode_binary, decode_text, encode as engine_encode, Data, EngineVersion, Frame, Packet,
};
use socketio::engine::payload;
use socketio::json::values;
use socketio::packet::{
    ack_args_of, check_placeholders, decode, decode_values, encode, event_of, header, placeholder, placeholder_num,
    EventData, Kind, Payload, MAX_ATTACHMENTS,
};

const VERSIONS: [EngineVersion; 2] = [EngineVersion::V3, EngineVersion::V4];

// ---------------------------------------------------------------------------------------
// Generators

/// Any text: every kind of character (control characters, surrogate pairs in UTF-16), not
/// only what a regex of printable text gives.
fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

/// Text without the v4 payload separator (0x1e), which joins packets in a v4 body.
fn text_without_separator(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>().prop_filter("the separator", |&c| c != '\u{1e}'), 0..max).prop_map(String::from_iter)
}

fn engine_packet(text: BoxedStrategy<String>) -> impl Strategy<Value = Packet> {
    let bytes = |s: String| Bytes::from(s);
    prop_oneof![
        text.clone().prop_map(move |s| Packet::Open(bytes(s))),
        Just(Packet::Close),
        text.clone().prop_map(move |s| Packet::Ping(bytes(s))),
        text.clone().prop_map(move |s| Packet::Pong(bytes(s))),
        text.prop_map(move |s| Packet::Message(Data::Text(bytes(s)))),
        vec(any::<u8>(), 0..64).prop_map(|b| Packet::Message(Data::Binary(Bytes::from(b)))),
        Just(Packet::Upgrade),
        Just(Packet::Noop),
    ]
}

fn any_engine_packet() -> impl Strategy<Value = Packet> {
    engine_packet(text(48).boxed())
}

fn v4_engine_packet() -> impl Strategy<Value = Packet> {
    engine_packet(text_without_separator(48).boxed())
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Connect),
        Just(Kind::Disconnect),
        Just(Kind::Event),
        Just(Kind::Ack),
        Just(Kind::ConnectError),
        Just(Kind::BinaryEvent),
        Just(Kind::BinaryAck),
    ]
}

/// Any JSON number: integers of either sign, and every finite float (read back exactly:
/// the crate asks serde_json for `float_roundtrip`).
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("not finite", Number::from_f64).prop_map(Value::Number),
        (any::<i32>(), 0u32..20)
            .prop_map(|(m, e)| Value::Number(Number::from_f64(m as f64 / (1u64 << e) as f64).unwrap())),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::Bool), number(), text(12).prop_map(Value::String),]
}

/// JSON values of at most 4 levels below the top.
fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(text(8), inner, 0..6).prop_map(|m| Value::Object(Map::from_iter(m))),
        ]
    })
}

/// Data a packet can carry: anything but a bare number, which would read as the ack id's
/// digits (`2` `5` is `25`: ack id 25, in socket.io-parser too; no packet type carries a
/// bare number: see `a_bare_number_reads_as_the_ack_id`).
fn packet_data() -> impl Strategy<Value = Value> {
    json().prop_filter("a bare number", |v| !v.is_number())
}

/// A namespace: `/` and anything without a comma (the comma ends it).
fn namespace() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("/".to_owned()),
        4 => vec(any::<char>().prop_filter("a comma", |&c| c != ','), 0..16).prop_map(|c| format!("/{}", String::from_iter(c))),
    ]
}

fn ack_id() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![Just(None), any::<u64>().prop_map(Some), (0u64..1000).prop_map(Some)]
}

fn attachments() -> impl Strategy<Value = usize> {
    prop_oneof![0..=3usize, 0..=MAX_ATTACHMENTS, Just(MAX_ATTACHMENTS)]
}

/// Text shaped like a Socket.IO packet: a type digit, maybe a count and a dash, maybe a
/// namespace and a comma, maybe digits, then JSON-ish or any text; cut anywhere.
fn packetish() -> impl Strategy<Value = String> {
    let json_text = prop_oneof![json().prop_map(|v| v.to_string()), text(24), "[\\[\\]{}\",:0-9a-z_ -]{0,24}"];
    ("[0-9x]", "([0-9]{0,25}-)?", "(/[^,]{0,6},?)?", "[0-9]{0,25}", json_text, any::<prop::sample::Index>()).prop_map(
        |(t, n, ns, id, data, cut)| {
            let s = format!("{t}{n}{ns}{id}{data}");
            let mut at = cut.index(s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            if at * 4 < s.len() {
                s
            } else {
                s[..at].to_owned()
            }
        },
    )
}

/// Bytes near a valid one: `body` with some bytes changed, put in or taken out, maybe cut.
fn mutated(body: Vec<u8>, edits: Vec<(prop::sample::Index, u8, u8)>, cut: Option<prop::sample::Index>) -> Vec<u8> {
    let mut b = body;
    for (at, op, byte) in edits {
        let i = at.index(b.len() + 1);
        match op % 3 {
            0 if i < b.len() => b[i] = byte,
            1 => b.insert(i, byte),
            _ if i < b.len() => {
                b.remove(i);
            }
            _ => b.push(byte),
        }
    }
    if let Some(cut) = cut {
        b.truncate(cut.index(b.len() + 1));
    }
    b
}

/// Bytes that interest a decoder: digits, separators, markers, multi-byte characters.
fn interesting_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        Just(0u8),
        Just(1),
        Just(4),
        Just(255),
        Just(0x1e),
        Just(b':'),
        Just(b'b'),
        b'0'..=b'9',
        0x80u8..=0xff
    ]
}

fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, u8)>> {
    vec((any::<prop::sample::Index>(), any::<u8>(), interesting_byte()), 0..6)
}

/// `cases` cases; a failure is kept in `codec_properties.proptest-regressions` beside this
/// file and tried first on later runs.
fn config(cases: u32) -> ProptestConfig {
    let persistence = proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions");
    ProptestConfig { cases, failure_persistence: Some(Box::new(persistence)), ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------
// Engine.IO packets

proptest! {
    #![proptest_config(config(4096))]

    #[test]
    fn engine_packets_round_trip(packet in any_engine_packet()) {
        for version in VERSIONS {
            let frame = engine_encode(&packet, version);
            let back = match (&packet, frame) {
                (Packet::Message(Data::Binary(b)), Frame::Binary(bytes)) => {
                    let expected_len = b.len() + usize::from(version == EngineVersion::V3);
                    prop_assert_eq!(bytes.len(), expected_len);
                    decode_binary(bytes, version)
                }
                (Packet::Message(Data::Binary(_)), Frame::Text(_)) => panic!("binary data in a text frame"),
                (_, Frame::Text(text)) => decode_text(text),
                (_, Frame::Binary(_)) => panic!("a text packet in a binary frame"),
            };
            prop_assert_eq!(back.as_ref(), Ok(&packet), "{:?}", version);
        }
    }

    #[test]
    fn any_bytes_decode_to_an_engine_packet_or_an_error(bytes in vec(any::<u8>(), 0..96)) {
        let text = decode_text(Bytes::from(bytes.clone()));
        if let Ok(Packet::Message(Data::Text(t)) | Packet::Open(t) | Packet::Ping(t) | Packet::Pong(t)) = &text {
            prop_assert!(std::str::from_utf8(t).is_ok(), "text data that is not UTF-8");
        }
        for version in VERSIONS {
            let _ = decode_binary(Bytes::from(bytes.clone()), version);
        }
    }

    #[test]
    fn text_frames_near_valid_ones_never_panic(
        packet in any_engine_packet(), edits in edits(), cut in proptest::option::of(any::<prop::sample::Index>())
    ) {
        for version in VERSIONS {
            let (Frame::Text(b) | Frame::Binary(b)) = engine_encode(&packet, version);
            let bytes = Bytes::from(mutated(b.to_vec(), edits.clone(), cut));
            let _ = decode_text(bytes.clone());
            let _ = decode_binary(bytes, version);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Polling payloads

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn v3_payloads_round_trip(packets in vec(any_engine_packet(), 0..8)) {
        let body = payload::encode(&packets, EngineVersion::V3);
        prop_assert_eq!(payload::decode(Bytes::from(body), EngineVersion::V3), Ok(packets));
    }

    #[test]
    fn v4_payloads_round_trip(packets in vec(v4_engine_packet(), 1..8)) {
        let body = payload::encode(&packets, EngineVersion::V4);
        prop_assert_eq!(payload::decode(Bytes::from(body), EngineVersion::V4), Ok(packets));
    }

    /// A v4 body joins its packets with 0x1e, so text holding one is read as more than one
    /// packet (or as an error), never as itself. Socket.IO never sends one there: JSON
    /// writes the character as `\u001e`.
    #[test]
    fn v4_text_with_the_separator_is_split(
        before in text_without_separator(12), after in text_without_separator(12), others in vec(v4_engine_packet(), 0..3)
    ) {
        let mut packets = others;
        packets.push(Packet::Message(Data::text(format!("{before}\u{1e}{after}"))));
        let body = payload::encode(&packets, EngineVersion::V4);
        let parts = body.split(|&b| b == 0x1e).count();
        prop_assert_eq!(parts, packets.len() + 1);
        let decoded = payload::decode(Bytes::from(body), EngineVersion::V4);
        prop_assert!(decoded.as_ref() != Ok(&packets));
        if let Ok(decoded) = decoded {
            prop_assert_eq!(decoded.len(), packets.len() + 1);
        }
    }

    #[test]
    fn any_bytes_decode_to_a_payload_or_an_error(bytes in vec(any::<u8>(), 0..128)) {
        for version in VERSIONS {
            let _ = payload::decode(Bytes::from(bytes.clone()), version);
        }
        // v3's binary payload format starts with a 0 or 1 marker.
        let mut binary = vec![bytes.first().map_or(0, |b| b & 1)];
        binary.extend_from_slice(&bytes);
        let _ = payload::decode(Bytes::from(binary), EngineVersion::V3);
    }

    #[test]
    fn payloads_near_valid_ones_never_panic(
        packets in vec(any_engine_packet(), 0..5), edits in edits(), cut in proptest::option::of(any::<prop::sample::Index>())
    ) {
        for version in VERSIONS {
            let body = mutated(payload::encode(&packets, version), edits.clone(), cut);
            let _ = payload::decode(Bytes::from(body), version);
        }
    }

    /// v3's binary payload format (what a socket.io 2 server may answer with): each packet as
    /// a 0 (text) or 1 (binary) marker, its length in decimal digits as bytes, 255, then it.
    #[test]
    fn v3_binary_payloads_decode(packets in vec(any_engine_packet(), 1..6), edits in edits(), cut in proptest::option::of(any::<prop::sample::Index>())) {
        let mut body = Vec::new();
        for p in &packets {
            let (marker, bytes) = match p {
                Packet::Message(Data::Binary(b)) => (1u8, [&[4u8][..], &b[..]].concat()),
                other => (0u8, socketio::engine::packet::encode_text(other)),
            };
            body.push(marker);
            body.extend(bytes.len().to_string().bytes().map(|d| d - b'0'));
            body.push(255);
            body.extend_from_slice(&bytes);
        }
        prop_assert_eq!(payload::decode(Bytes::from(body.clone()), EngineVersion::V3), Ok(packets));
        let _ = payload::decode(Bytes::from(mutated(body, edits, cut)), EngineVersion::V3);
    }
}

/// The empty list: its body is empty in both versions. engine.io-parser reads an empty
/// body as a parse error (v3 and v4); this codec answers v4 the same and reads v3's as no
/// packets. The client never sends one (a batch holds at least one packet).
#[test]
fn the_empty_payload() {
    for version in VERSIONS {
        assert!(payload::encode(&[], version).is_empty());
    }
    assert_eq!(payload::decode(Bytes::new(), EngineVersion::V3), Ok(vec![]));
    assert!(payload::decode(Bytes::new(), EngineVersion::V4).is_err());
}

// ---------------------------------------------------------------------------------------
// Socket.IO packets

proptest! {
    #![proptest_config(config(4096))]

    #[test]
    fn socketio_packets_round_trip(
        kind in kind(), namespace in namespace(), id in ack_id(), attachments in attachments(),
        data in proptest::option::of(packet_data()),
    ) {
        let text = encode(kind, &namespace, id, attachments, data.as_ref());
        // The header and the JSON written after it (as a streamed event is) make the same text.
        let streamed = header(kind, &namespace, id, attachments) + &data.as_ref().map(|d| d.to_string()).unwrap_or_default();
        prop_assert_eq!(&streamed, &text);
        let p = decode(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(p.kind, kind);
        prop_assert_eq!(&p.namespace, &namespace);
        prop_assert_eq!(p.id, id);
        prop_assert_eq!(p.attachments, if kind.is_binary() { attachments } else { 0 });
        prop_assert_eq!(p.data.map(Payload::into_value), data.clone());
        // Arguments kept as text hold the values a parse into values finds.
        let as_values = decode_values(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(as_values.data.map(Payload::into_value), data);
    }

    #[test]
    fn events_and_acks_round_trip(
        binary in any::<bool>(), namespace in namespace(), id in ack_id(), name in text(16),
        args in vec(json(), 0..5), count in 0usize..4,
    ) {
        // Events: `[name, ...args]`, with `count` placeholders after them when binary.
        let count = if binary { count } else { 0 };
        let mut args = args;
        args.extend((0..count).map(placeholder));
        let kind = if binary { Kind::BinaryEvent } else { Kind::Event };
        let text = encode(kind, &namespace, id, count, Some(&EventData { name: &name, args: &args }));
        let p = decode(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(p.attachments, if binary { count } else { 0 });
        let (n, a) = event_of(p.data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&n, &name);
        prop_assert_eq!(&a, &args);
        let a = values(&a);
        prop_assert!(check_placeholders(&a, count).is_ok());
        if count > 0 {
            prop_assert!(check_placeholders(&a, count - 1).is_err());
            prop_assert_eq!(placeholder_num(&a[a.len() - 1]), Some(count - 1));
        }

        // Acks: an array of arguments.
        let kind = if binary { Kind::BinaryAck } else { Kind::Ack };
        let text = encode(kind, &namespace, id, count, Some(&Value::Array(args.clone())));
        let p = decode(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(ack_args_of(p.data).map(|a| values(&a)), Ok(args));
    }

    #[test]
    fn any_text_decodes_to_a_packet_or_an_error(text in prop_oneof![text(64), packetish()], count in 0usize..4) {
        let Ok(p) = decode(&text) else { return Ok(()) };
        // Arguments kept as text read as the values a parse into values makes.
        if let Ok(q) = decode_values(&text) {
            prop_assert_eq!(p.data.clone().map(Payload::into_value), q.data.map(Payload::into_value));
        }
        prop_assert!(p.namespace.starts_with('/'));
        prop_assert!(p.attachments <= MAX_ATTACHMENTS);
        prop_assert!(p.kind.is_binary() || p.attachments == 0);
        if let Ok((_, args)) = event_of(p.data.clone()) {
            let args = values(&args);
            let _ = check_placeholders(&args, count);
            let _ = check_placeholders(&args, p.attachments);
        }
        if let Ok(args) = ack_args_of(p.data.clone()) {
            let _ = check_placeholders(&values(&args), count);
        }
    }

    #[test]
    fn any_json_reads_as_an_event_an_ack_or_an_error(data in proptest::option::of(json()), count in 0usize..4) {
        if let Ok((_, args)) = event_of(data.clone().map(Payload::Value)) {
            let _ = check_placeholders(&values(&args), count);
        }
        if let Ok(args) = ack_args_of(data.clone().map(Payload::Value)) {
            let _ = check_placeholders(&values(&args), count);
        }
        if let Some(d) = &data {
            let _ = check_placeholders(std::slice::from_ref(d), count);
            let _ = placeholder_num(d);
        }
    }
}

/// No packet type carries a bare number as its data (socket.io-parser's `isPayloadValid`):
/// after the header its digits are the ack id's.
#[test]
fn a_bare_number_reads_as_the_ack_id() {
    let p = decode(&encode(Kind::Event, "/", None, 0, Some(&Value::from(25)))).unwrap();
    assert_eq!((p.id, p.data), (Some(25), None));
}

/// Numbers beyond a u64 and counts beyond MAX_ATTACHMENTS are errors, not overflows.
#[test]
fn long_digit_runs_are_errors() {
    let digits = "9".repeat(400);
    for t in [
        format!("2{digits}[]"),
        format!("5{digits}-[]"),
        format!("6{}-[]", MAX_ATTACHMENTS + 1),
        format!("2/a,{digits}"),
    ] {
        assert!(decode(&t).is_err(), "{t}");
    }
    assert_eq!(decode(&format!("5{MAX_ATTACHMENTS}-[]")).unwrap().attachments, MAX_ATTACHMENTS);
    assert_eq!(decode(&format!("3{}", u64::MAX)).unwrap().id, Some(u64::MAX));
    let long = format!("{}9:4", "9".repeat(40));
    assert!(payload::decode(Bytes::from(long), EngineVersion::V3).is_err());
}

// ---------------------------------------------------------------------------------------
// Streamed text (`stream`): the UTF-16 count of pieces cut anywhere adds up to the whole's.

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn utf16_counts_add_up_across_cuts(s in text(64), cuts in vec(any::<prop::sample::Index>(), 0..4)) {
        let bytes = s.as_bytes();
        prop_assert_eq!(payload::utf16_len(bytes), s.encode_utf16().count());
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        at.push(0);
        at.push(bytes.len());
        at.sort_unstable();
        let sum: usize = at.windows(2).map(|w| payload::utf16_len(&bytes[w[0]..w[1]])).sum();
        prop_assert_eq!(sum, s.encode_utf16().count());
    }

    #[test]
    fn estimates_never_panic(args in vec(json(), 0..4)) {
        let _ = socketio::stream::estimate(&args);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// A streamed message: its pieces make the text, and its counts are the text's, however
    /// the writer cuts what it writes (inside characters too).
    #[test]
    fn streamed_text_counts_and_pieces(s in text(200), cuts in vec(any::<prop::sample::Index>(), 0..6)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
        let bytes = s.clone().into_bytes();
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        at.sort_unstable();
        let (all, len, utf16) = runtime.block_on(async move {
            let write: socketio::stream::Writer = Box::new(move |w| {
                let mut from = 0;
                for &to in at.iter().chain(std::iter::once(&bytes.len())) {
                    w.write_all(&bytes[from..to])?;
                    from = to;
                }
                Ok(())
            });
            let mut large = socketio::stream::start(write).await.unwrap();
            let mut all = Vec::new();
            while let Some(piece) = large.chunks.recv().await {
                all.extend_from_slice(&piece.unwrap());
            }
            (all, large.len, large.utf16_len)
        });
        prop_assert_eq!(all, s.as_bytes());
        prop_assert_eq!(len, s.len() as u64);
        prop_assert_eq!(utf16, s.encode_utf16().count() as u64);
    }
}

// ---------------------------------------------------------------------------------------
// Repairing data strict JSON refuses

/// JSON-ish text: the pieces strict JSON refuses (lone surrogate escapes, out-of-range and
/// non-finite numbers, deep brackets) among ordinary ones, in any order.
fn refused_jsonish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(r#""\ud83d""#.to_owned()),
        Just(r#""\ude00x""#.to_owned()),
        Just(r#""\ud83d\ude00""#.to_owned()),
        Just("1e400".to_owned()),
        Just("-1e999".to_owned()),
        Just("NaN".to_owned()),
        Just("Infinity".to_owned()),
        Just("-Infinity".to_owned()),
        Just("[".repeat(140)),
        Just("]".repeat(140)),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just(r#""k""#.to_owned()),
        Just(r#""\"""#.to_owned()),
        Just("\\".to_owned()),
        Just("\"".to_owned()),
        Just("12".to_owned()),
        Just("null".to_owned()),
        "[a-zé😀 ]{0,4}".prop_map(String::from),
    ];
    vec(piece, 0..24).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config(4096))]

    /// Any text: no panic; a repair, when made, parses or is refused in words, and keeps
    /// what strict JSON already took.
    #[test]
    fn repairs_never_panic_and_never_change_valid_json(text in refused_jsonish()) {
        let strict = serde_json::from_str::<Value>(&text);
        if let Some((fixed, words)) = socketio::lenient::repair(&text) {
            prop_assert!(strict.is_err() || serde_json::from_str::<Value>(&fixed).ok() == strict.ok());
            prop_assert!(!words.is_empty());
        }
        let _ = socketio::packet::decode(&format!("2{text}"));
    }
}

// ---------------------------------------------------------------------------------------
// The one-pass scanner that keeps an event's arguments as text (`json::split_array`)
// against serde_json: what it keeps, serde_json reads as the same items and into values;
// what serde_json reads on one line (`reads_as_values`), it keeps.

/// JSON written with the spaces, escapes and number forms encoders and people use.
fn json_written() -> impl Strategy<Value = String> {
    (vec(json(), 0..4), any::<bool>(), any::<bool>()).prop_map(|(items, pretty, ascii)| {
        let mut s = match pretty {
            true => format!(
                "[ {} ]",
                items
                    .iter()
                    .map(|v| v.to_string().replace(',', " , ").replace(':', " : "))
                    .collect::<Vec<_>>()
                    .join(" ,\t")
            ),
            false => serde_json::to_string(&items).unwrap_or_default(),
        };
        if ascii {
            // Non-ASCII as \u escapes (surrogate pairs too), as Python's json.dumps writes it.
            s = s
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04x}")).collect()
                    }
                })
                .collect();
        }
        s
    })
}

/// Such JSON with bytes changed, put in or taken out, or cut short.
fn json_near_valid() -> impl Strategy<Value = String> {
    let byte = prop_oneof![
        Just(b'['),
        Just(b']'),
        Just(b'{'),
        Just(b'}'),
        Just(b','),
        Just(b':'),
        Just(b'"'),
        Just(b'\\'),
        Just(b'u'),
        Just(b'd'),
        Just(b'8'),
        Just(b'e'),
        Just(b'.'),
        Just(b'-'),
        Just(b'0'),
        Just(b'1'),
        Just(b' '),
        Just(b'\t'),
        Just(b'\n'),
        Just(1u8),
        Just(b't'),
        Just(b'n'),
        any::<u8>(),
    ];
    (
        json_written(),
        vec((any::<prop::sample::Index>(), any::<u8>(), byte), 0..3),
        proptest::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(|(s, edits, cut)| String::from_utf8_lossy(&mutated(s.into_bytes(), edits, cut)).into_owned())
}

/// Arrays of JSON's tokens and near-tokens in any order: the grammar's edges (`1.`, `01`,
/// `-`, `1e+`, `tru`, a trailing comma, a bad escape) come up often.
fn json_tokens() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        " ",
        "\t",
        "\n",
        "\"a\"",
        "\"\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u12\"",
        "\"\\x\"",
        "\"\\/\\b\"",
        "\"\u{1}\"",
        "\"\t\"",
        "\"é\"",
        "0",
        "01",
        "1",
        "-",
        "-0",
        "1.",
        ".5",
        "1.5",
        "1e",
        "1e+",
        "1E-2",
        "-1.0e10",
        "1e400",
        "true",
        "tru",
        "false",
        "null",
        "nul",
        "x",
    ]);
    vec(token, 0..12).prop_map(|t| format!("[{}]", t.concat()))
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn the_scanner_keeps_exactly_what_serde_reads_on_one_line(text in prop_oneof![json_written(), json_near_valid(), json_tokens(), text(32)]) {
        use serde_json::value::RawValue;
        use socketio::json::{reads_as_values, split_array};
        let serde_items = serde_json::from_str::<Vec<Box<RawValue>>>(&text).ok();
        match split_array(&text) {
            Some(items) => {
                let serde_items = serde_items.expect("serde_json reads what the scanner keeps");
                let ours: Vec<&str> = items.iter().map(|t| t.get()).collect();
                let theirs: Vec<&str> = serde_items.iter().map(|r| r.get()).collect();
                prop_assert_eq!(ours, theirs);
                // Into values too, but for a number out of a float's range, which is kept as
                // written and read as text (docs/socketio.md).
                let values = serde_json::from_str::<Value>(&text);
                prop_assert!(
                    values.as_ref().map_or_else(|e| e.to_string().starts_with("number out of range"), |_| true),
                    "serde_json reads it into values: {} ({:?})", text, values.err()
                );
            }
            None => prop_assert!(
                serde_items.is_none() || !reads_as_values(&text),
                "serde_json reads it on one line, the scanner refused it: {}", text
            ),
        }
    }
}
