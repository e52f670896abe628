//! A server's certificate as the person sees it: its SHA-256 fingerprint. A certificate
//! the system does not trust can be accepted for one server by its fingerprint; that one
//! certificate then becomes the only trusted root for that server (and its name is not
//! checked, since self-signed certificates rarely carry the right one).

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::error::{ConnectError, Error, Result};

/// How long fetching a certificate may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// The server certificate of `host:port` (DER), whether trusted or not. Blocking.
pub fn fetch(host: &str, port: u16) -> Result<Vec<u8>> {
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(ConnectError::network(host))?
        .next()
        .ok_or_else(|| ConnectError::Refused(format!("{host} has no address")))?;
    let tcp =
        TcpStream::connect_timeout(&addr, PROBE_TIMEOUT).map_err(ConnectError::network(format!("{host}:{port}")))?;
    let _ = tcp.set_read_timeout(Some(PROBE_TIMEOUT));
    let _ = tcp.set_write_timeout(Some(PROBE_TIMEOUT));
    // Only to read the certificate; nothing is sent over this connection.
    let connector = native_tls::TlsConnector::builder()
        .danger_accept_invalid_certs(true)
        .danger_accept_invalid_hostnames(true)
        .build()
        .map_err(ConnectError::tls("TLS"))?;
    let stream = connector.connect(host, tcp).map_err(|e| match e {
        native_tls::HandshakeError::Failure(e) => Error::from(ConnectError::tls(format!("TLS with {host}:{port}"))(e)),
        native_tls::HandshakeError::WouldBlock(_) => {
            ConnectError::Refused(format!("TLS with {host}:{port} timed out")).into()
        }
    })?;
    let cert = stream
        .peer_certificate()
        .map_err(ConnectError::tls(format!("the certificate of {host}:{port}")))?
        .ok_or_else(|| ConnectError::Refused(format!("{host}:{port} showed no certificate")))?;
    Ok(cert.to_der().map_err(ConnectError::tls(format!("the certificate of {host}:{port}")))?)
}

/// `AB:CD:…` — how fingerprints are shown and stored.
pub fn fingerprint(der: &[u8]) -> String {
    crate::files::sha256_hex(der)
        .to_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// Fingerprints compare without regard to case or separators.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>().to_lowercase();
    !norm(a).is_empty() && norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_in_pairs_compared_loosely() {
        let f = fingerprint(b"abc");
        assert!(f.starts_with("BA:78:16:BF"), "{f}");
        assert_eq!(f.len(), 32 * 3 - 1);
        assert!(same_fingerprint(&f, &crate::files::sha256_hex(b"abc")));
        assert!(!same_fingerprint(&f, &fingerprint(b"abd")));
        assert!(!same_fingerprint("", ""));
    }
}
