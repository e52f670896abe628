//! Engine.IO packets (protocol v3 and v4) as they travel in one WebSocket frame.
//!
//! A text packet is its type digit followed by its data; a binary packet is raw bytes in
//! v4 and the type byte `4` followed by the bytes in v3. Text data is kept as `Bytes`
//! known to be UTF-8, so a large message is never copied to be looked at.

use bytes::Bytes;

use crate::error::{Error, Result};

/// Which Engine.IO protocol the server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EngineVersion {
    /// Engine.IO 3: socket.io 2.x servers; the client sends the pings.
    V3,
    /// Engine.IO 4: socket.io 3/4 servers; the server sends the pings.
    V4,
}

impl EngineVersion {
    pub fn query_value(self) -> &'static str {
        match self {
            EngineVersion::V3 => "3",
            EngineVersion::V4 => "4",
        }
    }
}

/// The data of a message packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// UTF-8 text (checked when decoded).
    Text(Bytes),
    Binary(Bytes),
}

impl Data {
    pub fn text(s: impl Into<String>) -> Data {
        Data::Text(Bytes::from(s.into()))
    }

    /// The text, when this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            // Checked to be UTF-8 wherever a `Data::Text` is made from the network.
            Data::Text(b) => std::str::from_utf8(b).ok(),
            Data::Binary(_) => None,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Data::Text(b) | Data::Binary(b) => b.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packet {
    /// The handshake (JSON text).
    Open(Bytes),
    Close,
    Ping(Bytes),
    Pong(Bytes),
    Message(Data),
    Upgrade,
    Noop,
}

impl Packet {
    fn type_digit(&self) -> u8 {
        match self {
            Packet::Open(_) => b'0',
            Packet::Close => b'1',
            Packet::Ping(_) => b'2',
            Packet::Pong(_) => b'3',
            Packet::Message(_) => b'4',
            Packet::Upgrade => b'5',
            Packet::Noop => b'6',
        }
    }

    /// A probe ping/pong during an upgrade.
    pub fn is_probe(&self) -> bool {
        matches!(self, Packet::Ping(d) | Packet::Pong(d) if d.as_ref() == b"probe")
    }
}

/// A decoded frame: what WebSocket carries (one packet per message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Text(Bytes),
    Binary(Bytes),
}

/// The packet in a text WebSocket message (or one packet of a polling payload).
pub fn decode_text(text: Bytes) -> Result<Packet> {
    let Some(&first) = text.first() else {
        return Err(Error::Protocol("an empty Engine.IO packet".into()));
    };
    if std::str::from_utf8(&text).is_err() {
        return Err(Error::Protocol("an Engine.IO text packet is not UTF-8".into()));
    }
    let data = text.slice(1..);
    Ok(match first {
        b'0' => Packet::Open(data),
        b'1' => Packet::Close,
        b'2' => Packet::Ping(data),
        b'3' => Packet::Pong(data),
        b'4' => Packet::Message(Data::Text(data)),
        b'5' => Packet::Upgrade,
        b'6' => Packet::Noop,
        other => return Err(Error::Protocol(format!("unknown Engine.IO packet type {:?}", char::from(other)))),
    })
}

/// The packet in a binary WebSocket message.
pub fn decode_binary(bytes: Bytes, version: EngineVersion) -> Result<Packet> {
    match version {
        EngineVersion::V4 => Ok(Packet::Message(Data::Binary(bytes))),
        EngineVersion::V3 => match bytes.first() {
            Some(4) => Ok(Packet::Message(Data::Binary(bytes.slice(1..)))),
            Some(other) => Err(Error::Protocol(format!("a binary Engine.IO 3 packet of type {other}"))),
            None => Err(Error::Protocol("an empty binary Engine.IO packet".into())),
        },
    }
}

/// The WebSocket message for a packet.
pub fn encode(packet: &Packet, version: EngineVersion) -> Frame {
    match packet {
        Packet::Message(Data::Binary(b)) => match version {
            EngineVersion::V4 => Frame::Binary(b.clone()),
            EngineVersion::V3 => {
                let mut v = Vec::with_capacity(b.len() + 1);
                v.push(4);
                v.extend_from_slice(b);
                Frame::Binary(Bytes::from(v))
            }
        },
        other => Frame::Text(Bytes::from(encode_text(other))),
    }
}

/// A text packet as bytes (type digit and data); binary messages are not text.
pub fn encode_text(packet: &Packet) -> Vec<u8> {
    let data: &[u8] = match packet {
        Packet::Open(d) | Packet::Ping(d) | Packet::Pong(d) => d,
        Packet::Message(Data::Text(d)) => d,
        Packet::Message(Data::Binary(_)) | Packet::Close | Packet::Upgrade | Packet::Noop => &[],
    };
    let mut out = Vec::with_capacity(data.len() + 1);
    out.push(packet.type_digit());
    out.extend_from_slice(data);
    out
}

/// The server's handshake (`0{...}`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Handshake {
    pub sid: String,
    #[serde(default)]
    pub upgrades: Vec<String>,
    pub ping_interval: u64,
    pub ping_timeout: u64,
    /// v4 only: the largest payload the server accepts.
    #[serde(default)]
    pub max_payload: Option<u64>,
}

impl Handshake {
    pub fn parse(data: &[u8]) -> Result<Handshake> {
        serde_json::from_slice(data).map_err(|e| Error::Protocol(format!("the server's handshake is not valid: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_packets_round_trip() {
        for p in [
            Packet::Open(Bytes::from_static(b"{}")),
            Packet::Close,
            Packet::Ping(Bytes::new()),
            Packet::Pong(Bytes::from_static(b"probe")),
            Packet::Message(Data::text("2[\"a\"]")),
            Packet::Upgrade,
            Packet::Noop,
        ] {
            let Frame::Text(t) = encode(&p, EngineVersion::V4) else { panic!("text") };
            assert_eq!(decode_text(t).unwrap(), p);
        }
    }

    #[test]
    fn binary_packets_by_version() {
        let p = Packet::Message(Data::Binary(Bytes::from_static(&[1, 2])));
        assert_eq!(encode(&p, EngineVersion::V4), Frame::Binary(Bytes::from_static(&[1, 2])));
        assert_eq!(encode(&p, EngineVersion::V3), Frame::Binary(Bytes::from_static(&[4, 1, 2])));
        assert_eq!(decode_binary(Bytes::from_static(&[4, 1, 2]), EngineVersion::V3).unwrap(), p);
        assert_eq!(decode_binary(Bytes::from_static(&[1, 2]), EngineVersion::V4).unwrap(), p);
        assert!(decode_binary(Bytes::new(), EngineVersion::V3).is_err());
        assert!(decode_binary(Bytes::from_static(&[2]), EngineVersion::V3).is_err());
    }

    #[test]
    fn bad_text_is_an_error() {
        assert!(decode_text(Bytes::new()).is_err());
        assert!(decode_text(Bytes::from_static(b"9")).is_err());
        assert!(decode_text(Bytes::from_static(b"4\xff")).is_err());
    }

    #[test]
    fn handshake_fields() {
        let h = Handshake::parse(
            br#"{"sid":"a","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#,
        )
        .unwrap();
        assert_eq!(h.sid, "a");
        assert_eq!(h.upgrades, vec!["websocket"]);
        assert_eq!(h.max_payload, Some(1_000_000));
        assert!(Handshake::parse(b"{}").is_err());
    }
}
