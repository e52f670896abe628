//! WebSocket frame headers: read as a peer wrote them, written masked (as a client) or not
//! (as a server).

use tokio::io::{AsyncRead, AsyncReadExt};

/// A WebSocket frame header as its sender wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FrameHead {
    pub fin: bool,
    pub opcode: u8,
    pub mask: Option<[u8; 4]>,
    pub len: u64,
    /// The header's bytes, to pass on unchanged.
    pub raw: Vec<u8>,
}

pub(super) const OP_CONTINUATION: u8 = 0x0;
pub(super) const OP_TEXT: u8 = 0x1;

/// Read one frame header; `None` at the end of the stream.
pub(super) async fn read_frame_head(r: &mut (impl AsyncRead + Unpin)) -> std::io::Result<Option<FrameHead>> {
    let mut two = [0u8; 2];
    match r.read_exact(&mut two).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut raw = two.to_vec();
    let len = match two[1] & 0x7f {
        126 => {
            let mut b = [0u8; 2];
            r.read_exact(&mut b).await?;
            raw.extend_from_slice(&b);
            u64::from(u16::from_be_bytes(b))
        }
        127 => {
            let mut b = [0u8; 8];
            r.read_exact(&mut b).await?;
            raw.extend_from_slice(&b);
            u64::from_be_bytes(b)
        }
        n => u64::from(n),
    };
    let mask = if two[1] & 0x80 != 0 {
        let mut key = [0u8; 4];
        r.read_exact(&mut key).await?;
        raw.extend_from_slice(&key);
        Some(key)
    } else {
        None
    };
    Ok(Some(FrameHead { fin: two[0] & 0x80 != 0, opcode: two[0] & 0x0f, mask, len, raw }))
}

/// The header of a masked frame we write.
/// A frame header: masked (`key`) as a client writes it, or not, as a server does.
pub(super) fn frame_head(fin: bool, opcode: u8, len: u64, key: Option<[u8; 4]>) -> Vec<u8> {
    let mut head = vec![if fin { 0x80 } else { 0 } | opcode];
    let masked = if key.is_some() { 0x80 } else { 0 };
    match len {
        0..=125 => head.push(masked | len as u8),
        126..=65_535 => {
            head.push(masked | 126);
            head.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            head.push(masked | 127);
            head.extend_from_slice(&len.to_be_bytes());
        }
    }
    if let Some(key) = key {
        head.extend_from_slice(&key);
    }
    head
}

pub(super) fn apply_mask(bytes: &mut [u8], key: [u8; 4]) {
    for (i, b) in bytes.iter_mut().enumerate() {
        *b ^= key[i % 4];
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn frame_heads_round_trip() {
        for len in [0usize, 125, 126, 65_535, 65_536, 300_000] {
            let head = frame_head(len % 2 == 0, OP_CONTINUATION, len as u64, Some([1, 2, 3, 4]));
            let read = read_frame_head(&mut &head[..]).await.unwrap().unwrap();
            assert_eq!((read.fin, read.opcode, read.mask, read.len), (len % 2 == 0, 0, Some([1, 2, 3, 4]), len as u64));
            assert_eq!(read.raw, head);
            let plain = frame_head(true, OP_TEXT, len as u64, None);
            let read = read_frame_head(&mut &plain[..]).await.unwrap().unwrap();
            assert_eq!((read.fin, read.opcode, read.mask, read.len), (true, OP_TEXT, None, len as u64));
        }
        assert!(read_frame_head(&mut &b""[..]).await.unwrap().is_none());
    }
}
