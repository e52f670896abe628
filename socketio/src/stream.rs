//! Large text messages are written while they are serialized: a blocking thread writes the
//! JSON into chunks of 256 KiB handed to the transport through a channel of two, so an
//! event carrying a 100 MiB string is never held a second time as one serialized text.

use std::io::{self, Write};

use bytes::Bytes;
use tokio::sync::mpsc;

/// The size of each piece (a WebSocket fragment, or a piece of an HTTP body).
pub const CHUNK: usize = 256 * 1024;
/// Messages whose arguments hold at least this much text or binary are streamed.
pub const STREAM_FROM: usize = 1 << 20;

/// Writes a message's text, twice: once to count it, once to send it.
pub type Writer = Box<dyn Fn(&mut dyn Write) -> io::Result<()> + Send + 'static>;

/// A large text message on its way: its length and its pieces.
pub struct LargeText {
    /// Bytes in all.
    pub len: u64,
    /// UTF-16 code units in all (Engine.IO 3 polling counts these).
    pub utf16_len: u64,
    pub chunks: mpsc::Receiver<io::Result<Bytes>>,
}

impl std::fmt::Debug for LargeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LargeText({} bytes)", self.len)
    }
}

/// Counts bytes and UTF-16 units of what is written.
#[derive(Default)]
struct Counter {
    bytes: u64,
    utf16: u64,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.utf16 += crate::engine::payload::utf16_len(buf) as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Sends full chunks down the channel, waiting while the transport is behind.
struct Chunker {
    buf: Vec<u8>,
    tx: mpsc::Sender<io::Result<Bytes>>,
}

impl Chunker {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .blocking_send(Ok(Bytes::from(full)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the transport stopped"))
    }
}

impl Write for Chunker {
    fn write(&mut self, mut buf: &[u8]) -> io::Result<usize> {
        let n = buf.len();
        while !buf.is_empty() {
            let room = CHUNK - self.buf.len();
            let take = room.min(buf.len());
            self.buf.extend_from_slice(&buf[..take]);
            buf = &buf[take..];
            if self.buf.len() == CHUNK {
                self.send()?;
            }
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Count `write`'s text, then start writing it in pieces on a blocking thread.
pub async fn start(write: Writer) -> io::Result<LargeText> {
    let (tx, chunks) = mpsc::channel(2);
    let counted = tokio::task::spawn_blocking(move || {
        let mut counter = Counter::default();
        write(&mut counter)?;
        Ok::<_, io::Error>((counter, write))
    })
    .await
    .map_err(|e| io::Error::other(e.to_string()))??;
    let (counter, write) = counted;
    tokio::task::spawn_blocking(move || {
        let mut chunker = Chunker { buf: Vec::with_capacity(CHUNK), tx: tx.clone() };
        let result = write(&mut chunker).and_then(|_| chunker.send());
        if let Err(e) = result {
            let _ = tx.blocking_send(Err(e));
        }
    });
    Ok(LargeText { len: counter.bytes, utf16_len: counter.utf16, chunks })
}

/// Roughly how many bytes of text and binary `args` hold (strings and numbers only;
/// enough to tell a file from a chat line without serializing).
pub fn estimate(args: &[serde_json::Value]) -> usize {
    fn walk(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::String(s) => s.len() + 2,
            serde_json::Value::Array(a) => a.iter().map(walk).sum::<usize>() + 2,
            serde_json::Value::Object(m) => m.iter().map(|(k, v)| k.len() + 3 + walk(v)).sum::<usize>() + 2,
            _ => 8,
        }
    }
    args.iter().map(walk).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pieces_make_the_whole_text() {
        let text = "é".repeat(CHUNK); // 2 bytes each: several chunks, some cut inside a character
        let t = text.clone();
        let mut large = start(Box::new(move |w| w.write_all(t.as_bytes()))).await.unwrap();
        assert_eq!(large.len, text.len() as u64);
        assert_eq!(large.utf16_len, CHUNK as u64);
        let mut all = Vec::new();
        while let Some(piece) = large.chunks.recv().await {
            let piece = piece.unwrap();
            assert!(piece.len() <= CHUNK);
            all.extend_from_slice(&piece);
        }
        assert_eq!(all, text.as_bytes());
    }

    #[test]
    fn estimates_see_long_strings() {
        let v = serde_json::json!({"content": "x".repeat(5000), "n": 1});
        assert!(estimate(&[v]) >= 5000);
    }
}
