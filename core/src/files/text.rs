//! Whether bytes are text a person can read (for previews and for how a file is sent).

/// UTF-8 without NULs or other control characters than tabs and line breaks. A cut at the
/// end of a preview may split a character; that last character is forgiven.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&bytes[..e.valid_up_to()]) {
            Ok(t) => t,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}
