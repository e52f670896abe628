//! Long-polling payloads: several packets in one HTTP body.
//!
//! v4 joins text packets with the record separator `\x1e` and writes binary ones as `b`
//! and base64. v3 prefixes each packet with its length in UTF-16 code units and a colon
//! (`6:4hello`), binary as `b4` and base64 (the client asks for that with `b64=1`); a v3
//! server may still answer in its binary payload format, which is read too.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use bytes::Bytes;

use super::packet::{decode_text, Data, EngineVersion, Packet};
use crate::error::{Error, Result};

const SEPARATOR: u8 = 0x1e;

/// The packets of a polling response body.
pub fn decode(body: Bytes, version: EngineVersion) -> Result<Vec<Packet>> {
    match version {
        EngineVersion::V4 => decode_v4(body),
        EngineVersion::V3 => match body.first() {
            Some(0) | Some(1) => decode_v3_binary(body),
            _ => decode_v3_text(body),
        },
    }
}

fn decode_one_text(part: Bytes, version: EngineVersion) -> Result<Packet> {
    match part.first() {
        Some(b'b') => {
            // v3 writes the packet type after the `b` (always 4, a message).
            let skip = match version {
                EngineVersion::V3 => 2,
                EngineVersion::V4 => 1,
            };
            let data = STANDARD
                .decode(part.get(skip..).unwrap_or_default())
                .map_err(|e| Error::Protocol(format!("a binary packet is not base64: {e}")))?;
            Ok(Packet::Message(Data::Binary(Bytes::from(data))))
        }
        _ => decode_text(part),
    }
}

fn decode_v4(body: Bytes) -> Result<Vec<Packet>> {
    let mut packets = Vec::new();
    let mut start = 0;
    for i in 0..=body.len() {
        if i == body.len() || body[i] == SEPARATOR {
            packets.push(decode_one_text(body.slice(start..i), EngineVersion::V4)?);
            start = i + 1;
        }
    }
    Ok(packets)
}

/// UTF-16 code units of UTF-8 bytes (which must be whole characters).
pub fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| match b {
            b if b & 0xC0 == 0x80 => 0,
            b if b >= 0xF0 => 2,
            _ => 1,
        })
        .sum()
}

fn decode_v3_text(body: Bytes) -> Result<Vec<Packet>> {
    let text = std::str::from_utf8(&body).map_err(|_| Error::Protocol("a polling payload is not UTF-8".into()))?;
    let mut packets = Vec::new();
    let mut rest = 0usize;
    while rest < text.len() {
        let colon =
            text[rest..].find(':').ok_or_else(|| Error::Protocol("a v3 polling payload without a length".into()))?;
        let len: usize = text[rest..rest + colon]
            .parse()
            .map_err(|_| Error::Protocol("a v3 polling payload with a bad length".into()))?;
        let start = rest + colon + 1;
        // Walk `len` UTF-16 units.
        let mut units = 0;
        let mut end = start;
        for c in text[start..].chars() {
            if units >= len {
                break;
            }
            units += c.len_utf16();
            end += c.len_utf8();
        }
        if units != len {
            return Err(Error::Protocol("a v3 polling payload shorter than its length".into()));
        }
        if len == 0 {
            return Err(Error::Protocol("an empty packet in a v3 polling payload".into()));
        }
        packets.push(decode_one_text(body.slice(start..end), EngineVersion::V3)?);
        rest = end;
    }
    Ok(packets)
}

fn decode_v3_binary(body: Bytes) -> Result<Vec<Packet>> {
    let mut packets = Vec::new();
    let mut i = 0usize;
    while i < body.len() {
        let is_binary = match body[i] {
            0 => false,
            1 => true,
            _ => return Err(Error::Protocol("a v3 binary payload with a bad marker".into())),
        };
        i += 1;
        let mut len: usize = 0;
        loop {
            let Some(&d) = body.get(i) else {
                return Err(Error::Protocol("a v3 binary payload cut short".into()));
            };
            i += 1;
            if d == 255 {
                break;
            }
            if d > 9 {
                return Err(Error::Protocol("a v3 binary payload with a bad length".into()));
            }
            len = len
                .checked_mul(10)
                .and_then(|l| l.checked_add(d as usize))
                .ok_or_else(|| Error::Protocol("a v3 binary payload length overflows".into()))?;
        }
        let end = i.checked_add(len).filter(|&e| e <= body.len());
        let Some(end) = end else {
            return Err(Error::Protocol("a v3 binary payload shorter than its length".into()));
        };
        let part = body.slice(i..end);
        packets.push(match is_binary {
            true => super::packet::decode_binary(part, EngineVersion::V3)?,
            false => decode_one_text(part, EngineVersion::V3)?,
        });
        i = end;
    }
    Ok(packets)
}

/// One packet as it goes into a polling body (without v3's length prefix).
fn encode_one(packet: &Packet) -> Vec<u8> {
    match packet {
        Packet::Message(Data::Binary(b)) => {
            let mut out = b"b".to_vec();
            out.extend_from_slice(STANDARD.encode(b).as_bytes());
            out
        }
        other => super::packet::encode_text(other),
    }
}

/// A polling request body for `packets`.
pub fn encode(packets: &[Packet], version: EngineVersion) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in packets.iter().enumerate() {
        let mut one = encode_one(p);
        if version == EngineVersion::V3 {
            if let Packet::Message(Data::Binary(_)) = p {
                // v3 writes binary as `b4<base64>`: the type follows the `b`.
                one.insert(1, b'4');
            }
            out.extend_from_slice(utf16_len(&one).to_string().as_bytes());
            out.push(b':');
        } else if i > 0 {
            out.push(SEPARATOR);
        }
        out.append(&mut one);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(s: &str) -> Packet {
        Packet::Message(Data::text(s))
    }

    #[test]
    fn v4_payloads_round_trip() {
        let packets = vec![
            msg("2[\"é\"]"),
            Packet::Ping(Bytes::new()),
            Packet::Message(Data::Binary(Bytes::from_static(&[0, 255]))),
        ];
        let body = encode(&packets, EngineVersion::V4);
        assert_eq!(body, b"42[\"\xc3\xa9\"]\x1e2\x1ebAP8=".to_vec());
        assert_eq!(decode(Bytes::from(body), EngineVersion::V4).unwrap(), packets);
    }

    #[test]
    fn v3_payloads_count_utf16_units() {
        let packets = vec![msg("2[\"😀\"]"), Packet::Message(Data::Binary(Bytes::from_static(&[1])))];
        let body = encode(&packets, EngineVersion::V3);
        // "42[\"😀\"]" is 8 UTF-16 units; "b4AQ==" is 6.
        assert_eq!(String::from_utf8(body.clone()).unwrap(), "8:42[\"😀\"]6:b4AQ==");
        assert_eq!(decode(Bytes::from(body), EngineVersion::V3).unwrap(), packets);
    }

    #[test]
    fn v3_binary_payloads() {
        let mut body = vec![0, 2, 255];
        body.extend_from_slice(b"40");
        body.extend_from_slice(&[1, 3, 255, 4, 9, 8]);
        let packets = decode(Bytes::from(body), EngineVersion::V3).unwrap();
        assert_eq!(packets, vec![msg("0"), Packet::Message(Data::Binary(Bytes::from_static(&[9, 8])))]);
    }

    #[test]
    fn broken_payloads_are_errors() {
        for (body, v) in [
            (&b"5:4ab"[..], EngineVersion::V3),
            (b"x:4", EngineVersion::V3),
            (b"0:", EngineVersion::V3),
            (b"4\x1e", EngineVersion::V4),
            (b"b!!", EngineVersion::V4),
            (&[0, 9, 9][..], EngineVersion::V3),
            (&[1, 12, 255][..], EngineVersion::V3),
        ] {
            assert!(decode(Bytes::copy_from_slice(body), v).is_err(), "{body:?}");
        }
    }
}
