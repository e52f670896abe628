//! Any text as a Socket.IO packet: a packet or an error, never a panic, and the same for
//! reading it as an event, an ack and its placeholders. A packet whose data is not a bare
//! number encodes back to text that decodes the same (a bare number after the header
//! reads as the ack id's digits, in socket.io-parser too).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use socketio::packet::{ack_args_of, check_placeholders, decode, encode, event_of, placeholder_num};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(p) = decode(text) else { return };
    if let Ok((_name, args)) = event_of(p.data.clone()) {
        let _ = check_placeholders(&args, p.attachments);
        for a in &args {
            let _ = placeholder_num(a);
        }
    }
    if let Ok(args) = ack_args_of(p.data.clone()) {
        let _ = check_placeholders(&args, p.attachments);
    }
    if !matches!(p.data, Some(Value::Number(_))) {
        let again = encode(p.kind, &p.namespace, p.id, p.attachments, p.data.as_ref());
        assert_eq!(decode(&again).unwrap(), p, "{again:?}");
    }
});
