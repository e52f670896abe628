//! Any text as a Socket.IO packet: a packet or an error, never a panic, and the same for
//! reading it as an event, an ack and its placeholders. Arguments kept as JSON text read
//! as the values a parse into values makes. A packet whose data is not a bare number encodes back
//! to text that decodes to the same values (a bare number after the header reads as the
//! ack id's digits, in socket.io-parser too). The scanner that keeps arguments as text
//! keeps exactly what serde_json reads on one line, cut as serde_json cuts it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use socketio::json::values;
use socketio::packet::{
    ack_args_of, check_placeholders, decode, decode_values, encode, event_of, placeholder_num, Payload,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let serde_items = serde_json::from_str::<Vec<Box<serde_json::value::RawValue>>>(text).ok();
    match socketio::json::split_array(text) {
        Some(items) => {
            let theirs = serde_items.expect("serde_json reads what the scanner keeps");
            assert!(items.iter().map(|t| t.get()).eq(theirs.iter().map(|r| r.get())));
        }
        None => assert!(serde_items.is_none() || !socketio::json::reads_as_values(text), "{text:?}"),
    }
    let Ok(p) = decode(text) else { return };
    if let Ok(q) = decode_values(text) {
        assert_eq!(p.data.clone().map(Payload::into_value), q.data.map(Payload::into_value));
    }
    if let Ok((_name, args)) = event_of(p.data.clone()) {
        let args = values(&args);
        let _ = check_placeholders(&args, p.attachments);
        for a in &args {
            let _ = placeholder_num(a);
        }
    }
    if let Ok(args) = ack_args_of(p.data.clone()) {
        let _ = check_placeholders(&values(&args), p.attachments);
    }
    let data = p.data.clone().map(Payload::into_value);
    if !matches!(data, Some(Value::Number(_))) {
        let again = encode(p.kind, &p.namespace, p.id, p.attachments, data.as_ref());
        let q = decode(&again).unwrap();
        assert_eq!((q.kind, &q.namespace, q.id, q.attachments), (p.kind, &p.namespace, p.id, p.attachments));
        assert_eq!(q.data.map(Payload::into_value), data, "{again:?}");
    }
});
