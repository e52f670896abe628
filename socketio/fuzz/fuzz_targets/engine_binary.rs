//! Any bytes as a binary WebSocket message, in both Engine.IO versions: a packet or an
//! error, never a panic; a packet decoded encodes back to the same message.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use socketio::engine::packet::{decode_binary, encode, EngineVersion, Frame};

fuzz_target!(|data: &[u8]| {
    for version in [EngineVersion::V3, EngineVersion::V4] {
        let Ok(packet) = decode_binary(Bytes::copy_from_slice(data), version) else { continue };
        assert_eq!(encode(&packet, version), Frame::Binary(Bytes::copy_from_slice(data)));
    }
});
