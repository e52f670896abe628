//! What a connection is opened with, in the spirit of the JavaScript client's options.

use std::time::Duration;

use serde_json::Value;
use url::Url;

use crate::error::{Error, Result};

/// Which Engine.IO transports to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transport {
    Websocket,
    Polling,
    /// Long-polling first, then upgraded to WebSocket when the server offers it (the JS default).
    #[default]
    Any,
}

/// Which protocol version to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// Ask for Engine.IO 4 and follow the server if it answers as Engine.IO 3.
    #[default]
    Auto,
    /// Engine.IO 4 / Socket.IO 5 (socket.io 3 and 4 servers).
    V4,
    /// Engine.IO 3 / Socket.IO 4 (socket.io 2 servers).
    V3,
}

/// How the server's certificate is checked.
#[derive(Debug, Clone, Default)]
pub struct Tls {
    /// Accept any certificate (the person chose this for one server).
    pub accept_invalid_certs: bool,
    /// Extra CA certificates (PEM), trusted beside the system's.
    pub ca_pem: Vec<Vec<u8>>,
    /// One certificate (DER) accepted by its fingerprint: the only root; its name is not checked.
    pub pinned_der: Option<Vec<u8>>,
}

impl Tls {
    /// The TLS settings, `None` for the system's defaults.
    pub fn connector(&self) -> Result<Option<native_tls::TlsConnector>> {
        if !self.accept_invalid_certs && self.ca_pem.is_empty() && self.pinned_der.is_none() {
            return Ok(None);
        }
        let mut b = native_tls::TlsConnector::builder();
        if let Some(der) = &self.pinned_der {
            let cert = native_tls::Certificate::from_der(der)
                .map_err(|e| Error::InvalidOption(format!("the accepted certificate: {e}")))?;
            b.add_root_certificate(cert);
            b.disable_built_in_roots(true);
            b.danger_accept_invalid_hostnames(true);
        }
        for pem in &self.ca_pem {
            let cert = native_tls::Certificate::from_pem(pem)
                .map_err(|e| Error::InvalidOption(format!("a CA file is not a PEM certificate: {e}")))?;
            b.add_root_certificate(cert);
        }
        if self.accept_invalid_certs {
            b.danger_accept_invalid_certs(true);
        }
        b.build().map(Some).map_err(|e| Error::InvalidOption(format!("TLS settings: {e}")))
    }
}

/// Reconnection after a lost connection or a failed attempt: the JS client's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconnection {
    pub enabled: bool,
    /// Give up after this many attempts in a row (`None`: never).
    pub attempts: Option<u32>,
    pub delay: Duration,
    pub delay_max: Duration,
    /// How much each delay varies at random (0.5: ±50%).
    pub randomization: f64,
}

impl Default for Reconnection {
    fn default() -> Self {
        Self {
            enabled: true,
            attempts: None,
            delay: Duration::from_millis(1000),
            delay_max: Duration::from_millis(5000),
            randomization: 0.5,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// The Engine.IO endpoint: `http(s)://` or `ws(s)://`, host, port, the engine path
    /// (`/socket.io/`) and any query of the person's.
    pub url: Url,
    /// The Socket.IO namespace, `/` by default.
    pub namespace: String,
    /// Extra HTTP headers on every request and the WebSocket handshake.
    pub headers: Vec<(String, String)>,
    /// The CONNECT packet's `auth` (protocol v5; v4 servers have none).
    pub auth: Option<Value>,
    pub transport: Transport,
    pub version: Version,
    pub tls: Tls,
    pub reconnection: Reconnection,
    /// How long opening the connection and the namespace may take.
    pub connect_timeout: Duration,
    /// The largest message accepted from the server (a WebSocket message or a polling body).
    pub max_message_bytes: usize,
    /// How many emits wait while offline; the oldest go first when it is full.
    pub buffer_limit: usize,
    /// Send what waited offline as soon as the namespace is connected (the JS behaviour).
    /// When false, the caller sends its own first emits and then calls `flush`.
    pub flush_on_connect: bool,
}

impl Options {
    /// Options for a URL as the JS client takes it: its path is the namespace, the engine
    /// path is `/socket.io/`.
    pub fn new(url: &str) -> Result<Options> {
        let mut u = Url::parse(url).map_err(|e| Error::InvalidOption(format!("{url}: {e}")))?;
        let namespace = match u.path().trim_end_matches('/') {
            "" => "/".to_owned(),
            p => p.to_owned(),
        };
        u.set_path("/socket.io/");
        Ok(Options::with_endpoint(u, namespace))
    }

    pub fn with_endpoint(url: Url, namespace: String) -> Options {
        Options {
            url,
            namespace,
            headers: Vec::new(),
            auth: None,
            transport: Transport::Any,
            version: Version::Auto,
            tls: Tls::default(),
            reconnection: Reconnection::default(),
            connect_timeout: Duration::from_secs(20),
            max_message_bytes: 256 << 20,
            buffer_limit: 10_000,
            flush_on_connect: true,
        }
    }

    /// Refuse, in words, options no connection could be opened with.
    pub fn check(&self) -> Result<()> {
        match self.url.scheme() {
            "http" | "https" | "ws" | "wss" => {}
            other => {
                return Err(Error::InvalidOption(format!("“{other}” is not supported; use http, https, ws or wss")))
            }
        }
        if self.url.host_str().is_none() {
            return Err(Error::InvalidOption(format!("{}: no host", self.url)));
        }
        if !self.namespace.starts_with('/') {
            return Err(Error::InvalidOption(format!("the namespace “{}” must start with /", self.namespace)));
        }
        for (k, _) in &self.headers {
            if k.is_empty() || !k.bytes().all(|c| c.is_ascii_graphic() && c != b':') {
                return Err(Error::InvalidOption(format!("“{k}” is not a valid header name")));
            }
        }
        Ok(())
    }
}

/// The delay before reconnection attempt `attempt` (1-based): `delay · 2^(attempt-1)`,
/// varied by ±`randomization` (with `jitter` in 0..1), capped at `delay_max`.
pub fn backoff(r: &Reconnection, attempt: u32, jitter: f64) -> Duration {
    let base = r.delay.as_millis() as f64 * 2f64.powi(attempt.saturating_sub(1).min(31) as i32);
    let deviation = jitter.clamp(0.0, 1.0) * r.randomization * base;
    // As the JS client: add or subtract the deviation by a second coin.
    let ms = if ((jitter * 10.0).floor() as u64).is_multiple_of(2) { base - deviation } else { base + deviation };
    Duration::from_millis(ms.max(0.0).min(r.delay_max.as_millis() as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_path_is_the_namespace() {
        let o = Options::new("http://h:1/admin").unwrap();
        assert_eq!(o.namespace, "/admin");
        assert_eq!(o.url.as_str(), "http://h:1/socket.io/");
        assert_eq!(Options::new("https://h").unwrap().namespace, "/");
    }

    #[test]
    fn backoff_grows_varies_and_caps() {
        let r = Reconnection::default();
        assert_eq!(backoff(&r, 1, 0.0), Duration::from_millis(1000));
        assert_eq!(backoff(&r, 2, 0.0), Duration::from_millis(2000));
        assert_eq!(backoff(&r, 30, 0.0), Duration::from_millis(5000));
        for j in [0.05, 0.15, 0.42, 0.99] {
            let d = backoff(&r, 1, j).as_millis();
            assert!((500..=1500).contains(&d), "{j}: {d}");
        }
    }

    #[test]
    fn bad_options_are_refused_in_words() {
        let mut o = Options::new("http://h/").unwrap();
        o.headers.push(("Bad Name".into(), "v".into()));
        assert!(o.check().is_err());
        let o = Options::new("ftp://h/").unwrap();
        assert!(o.check().is_err());
    }
}
