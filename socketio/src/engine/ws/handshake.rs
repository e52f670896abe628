//! The WebSocket opening handshake (RFC 6455 §4): an HTTP/1.1 GET with Upgrade, answered
//! by 101 and the key's SHA-1 accept value.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha1::{Digest, Sha1};

use crate::error::{Error, Result};

const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// A random `Sec-WebSocket-Key`.
pub fn new_key() -> String {
    STANDARD.encode(rand::random::<[u8; 16]>())
}

/// The `Sec-WebSocket-Accept` a server must answer `key` with.
pub fn accept_of(key: &str) -> String {
    let mut h = Sha1::new();
    h.update(key.as_bytes());
    h.update(GUID.as_bytes());
    STANDARD.encode(h.finalize())
}

/// The request text for `url` (ws/wss) with the person's headers.
pub fn request(url: &url::Url, key: &str, headers: &[(String, String)]) -> Result<String> {
    let host = url.host_str().ok_or_else(|| Error::InvalidOption(format!("{url}: no host")))?;
    let host = match (url.port(), host.contains(':')) {
        (Some(p), true) => format!("[{host}]:{p}"),
        (Some(p), false) => format!("{host}:{p}"),
        (None, true) => format!("[{host}]"),
        (None, false) => host.to_owned(),
    };
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let mut text = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
    );
    for (k, v) in headers {
        if v.contains(['\r', '\n']) || k.contains(['\r', '\n', ':']) {
            return Err(Error::InvalidOption(format!("the header “{k}” holds a line break")));
        }
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    Ok(text)
}

/// Check the server's answer (the bytes up to and including the blank line).
pub fn check_response(head: &[u8], key: &str) -> Result<()> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Err(Error::Connect("the server's answer to the WebSocket request is not HTTP".into())),
    }
    let code = response.code.unwrap_or(0);
    if code != 101 {
        let reason = response.reason.unwrap_or("");
        return Err(Error::Connect(format!("the server answered the WebSocket request with HTTP {code} {reason}")));
    }
    let accept = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("sec-websocket-accept"))
        .map(|h| String::from_utf8_lossy(h.value).trim().to_owned());
    if accept.as_deref() != Some(accept_of(key).as_str()) {
        return Err(Error::Connect("the server's WebSocket answer does not match the request".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_example_key() {
        // RFC 6455 §1.3.
        assert_eq!(accept_of("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    #[test]
    fn requests_and_answers() {
        let url = url::Url::parse("ws://h:8/socket.io/?EIO=4&transport=websocket").unwrap();
        let r = request(&url, "k", &[("X-A".into(), "1".into())]).unwrap();
        assert!(r.starts_with("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: h:8\r\n"), "{r}");
        assert!(r.ends_with("X-A: 1\r\n\r\n"));
        assert!(request(&url, "k", &[("X".into(), "a\r\nb".into())]).is_err());
        let key = "dGhlIHNhbXBsZSBub25jZQ==";
        let ok = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        assert!(check_response(ok, key).is_ok());
        assert!(check_response(b"HTTP/1.1 400 Bad Request\r\n\r\n", key).is_err());
        assert!(check_response(b"HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: x\r\n\r\n", key).is_err());
    }
}
