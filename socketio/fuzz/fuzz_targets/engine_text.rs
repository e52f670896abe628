//! Any bytes as a text WebSocket message: a packet or an error, never a panic; a packet
//! decoded encodes back to a message that decodes the same, in both Engine.IO versions.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use socketio::engine::packet::{decode_text, encode, EngineVersion, Frame, Handshake, Packet};

fuzz_target!(|data: &[u8]| {
    let Ok(packet) = decode_text(Bytes::copy_from_slice(data)) else { return };
    for version in [EngineVersion::V3, EngineVersion::V4] {
        let Frame::Text(text) = encode(&packet, version) else { panic!("a text packet encoded as binary") };
        assert_eq!(decode_text(text).unwrap(), packet);
    }
    if let Packet::Open(handshake) = &packet {
        let _ = Handshake::parse(handshake);
    }
});
