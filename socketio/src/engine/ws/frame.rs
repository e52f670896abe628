//! WebSocket frames (RFC 6455 §5): the header, client masking, and reading one frame's
//! payload into a buffer of exactly its size (so a large message is one allocation that
//! the reader owns alone).

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::error::{Error, Result};

pub const TEXT: u8 = 0x1;
pub const BINARY: u8 = 0x2;
pub const CONTINUATION: u8 = 0x0;
pub const CLOSE: u8 = 0x8;
pub const PING: u8 = 0x9;
pub const PONG: u8 = 0xA;

/// A frame's header as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub fin: bool,
    pub opcode: u8,
    pub mask: Option<[u8; 4]>,
    pub len: u64,
}

/// The header bytes of a client frame (always masked, with `mask`).
pub fn encode_header(fin: bool, opcode: u8, len: u64, mask: [u8; 4]) -> Vec<u8> {
    let mut out = Vec::with_capacity(14);
    out.push(if fin { 0x80 } else { 0 } | (opcode & 0x0F));
    match len {
        0..=125 => out.push(0x80 | len as u8),
        126..=0xFFFF => {
            out.push(0x80 | 126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(0x80 | 127);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
    out.extend_from_slice(&mask);
    out
}

/// XOR `data` with the mask, `offset` bytes into the payload.
pub fn apply_mask(data: &mut [u8], mask: [u8; 4], offset: usize) {
    for (i, b) in data.iter_mut().enumerate() {
        *b ^= mask[(offset + i) % 4];
    }
}

/// Read a frame header; `max` bounds the payload length.
pub async fn read_header<R: AsyncRead + Unpin>(r: &mut R, max: u64) -> Result<Header> {
    let mut two = [0u8; 2];
    r.read_exact(&mut two).await.map_err(io_error)?;
    if two[0] & 0x70 != 0 {
        return Err(Error::Protocol("a WebSocket frame uses an extension this client did not ask for".into()));
    }
    let fin = two[0] & 0x80 != 0;
    let opcode = two[0] & 0x0F;
    let masked = two[1] & 0x80 != 0;
    let len = match two[1] & 0x7F {
        126 => {
            let mut b = [0u8; 2];
            r.read_exact(&mut b).await.map_err(io_error)?;
            u16::from_be_bytes(b) as u64
        }
        127 => {
            let mut b = [0u8; 8];
            r.read_exact(&mut b).await.map_err(io_error)?;
            u64::from_be_bytes(b)
        }
        n => n as u64,
    };
    if opcode >= 0x8 && (len > 125 || !fin) {
        return Err(Error::Protocol("a WebSocket control frame is too long or fragmented".into()));
    }
    if !matches!(opcode, TEXT | BINARY | CONTINUATION | CLOSE | PING | PONG) {
        return Err(Error::Protocol(format!("unknown WebSocket opcode {opcode}")));
    }
    if len > max {
        return Err(Error::TooLarge(format!(
            "the server sent a message of {} MiB, over this connection's limit of {} MiB",
            len >> 20,
            max >> 20
        )));
    }
    let mask = match masked {
        true => {
            let mut m = [0u8; 4];
            r.read_exact(&mut m).await.map_err(io_error)?;
            Some(m)
        }
        false => None,
    };
    Ok(Header { fin, opcode, mask, len })
}

/// Append the frame's payload to `into` (grown by exactly its length).
pub async fn read_payload<R: AsyncRead + Unpin>(r: &mut R, header: &Header, into: &mut Vec<u8>) -> Result<()> {
    let start = into.len();
    let len = usize::try_from(header.len).map_err(|_| Error::TooLarge("a WebSocket frame is too large".into()))?;
    into.reserve_exact(len);
    // Read into the spare capacity (`read_buf`), not a zeroed buffer: zeroing a 64 KiB
    // frame first was a measurable part of a binary flood.
    let end = start + len;
    while into.len() < end {
        let mut rest = (&mut *r).take((end - into.len()) as u64);
        if rest.read_buf(into).await.map_err(io_error)? == 0 {
            return Err(io_error(std::io::ErrorKind::UnexpectedEof.into()));
        }
    }
    if let Some(mask) = header.mask {
        apply_mask(&mut into[start..], mask, 0);
    }
    Ok(())
}

pub fn io_error(e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => Error::Transport("the server closed the connection".into()),
        _ => Error::Transport(format!("the connection failed: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(bytes: &[u8]) -> Result<(Header, Vec<u8>)> {
        let mut r = bytes;
        let h = read_header(&mut r, 1 << 20).await?;
        let mut p = Vec::new();
        read_payload(&mut r, &h, &mut p).await?;
        Ok((h, p))
    }

    #[tokio::test]
    async fn frames_of_every_length_form_round_trip() {
        for len in [0usize, 5, 125, 126, 65535, 65536, 70000] {
            let mask = [1, 2, 3, 4];
            let mut bytes = encode_header(true, TEXT, len as u64, mask);
            let mut payload = vec![b'a'; len];
            apply_mask(&mut payload, mask, 0);
            bytes.extend_from_slice(&payload);
            let (h, p) = read(&bytes).await.unwrap();
            assert_eq!((h.fin, h.opcode, h.len), (true, TEXT, len as u64));
            assert_eq!(p, vec![b'a'; len], "{len}");
        }
    }

    #[tokio::test]
    async fn unmasked_server_frames_and_bad_ones() {
        let (h, p) = read(&[0x81, 2, b'h', b'i']).await.unwrap();
        assert_eq!((h.mask, p), (None, b"hi".to_vec()));
        assert!(read(&[0xC1, 0]).await.is_err(), "reserved bits");
        assert!(read(&[0x89, 126, 0, 200]).await.is_err(), "long control frame");
        assert!(read(&[0x83, 0]).await.is_err(), "unknown opcode");
        assert!(read(&[0x81, 127, 0, 0, 0, 0, 0x10, 0, 0, 0]).await.is_err(), "over the limit");
        assert!(read(&[0x81, 5, b'h']).await.is_err(), "cut short");
    }

    #[test]
    fn masking_continues_across_pieces() {
        let mask = [9, 8, 7, 6];
        let mut whole = b"hello world".to_vec();
        apply_mask(&mut whole, mask, 0);
        let mut a = b"hello".to_vec();
        let mut b = b" world".to_vec();
        apply_mask(&mut a, mask, 0);
        apply_mask(&mut b, mask, 5);
        assert_eq!([a, b].concat(), whole);
    }
}
