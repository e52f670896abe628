//! Any bytes as an Engine.IO 4 long-polling body: packets or an error, never a panic;
//! packets decoded encode back to a body that decodes the same.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use socketio::engine::packet::EngineVersion;
use socketio::engine::payload::{decode, encode};

fuzz_target!(|data: &[u8]| {
    let Ok(packets) = decode(Bytes::copy_from_slice(data), EngineVersion::V4) else { return };
    let body = encode(&packets, EngineVersion::V4);
    assert_eq!(decode(Bytes::from(body), EngineVersion::V4).unwrap(), packets);
});
