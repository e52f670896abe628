//! A file on its way in, as a protocol decoded it, and how its content is written.

/// A file to be received, as a protocol decoded it from an event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incoming {
    pub name: String,
    pub mime: Option<String>,
    pub sender: Option<String>,
    pub time: Option<u64>,
    /// The size the sender announced, checked against the decoded bytes.
    pub announced_size: Option<u64>,
    pub target: String,
}

/// How a received file's content is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Base64 (what The Space always sends).
    Base64,
    /// Text as it is, unless it is clearly base64 of binary data (file exchange sessions).
    TextOrBase64,
}
