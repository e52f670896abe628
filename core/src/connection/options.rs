//! Turning `ConnectionOptions` into a rust_socketio `ClientBuilder`: the URL's path is the
//! namespace (as in the JS client), the engine path and query go into the address, and
//! TLS verification stays on unless the person turned it off or added a CA.

use native_tls::{Certificate, TlsConnector};
use rust_socketio::{asynchronous::ClientBuilder, TransportType};
use serde_json::{json, Value};
use url::Url;

use crate::api::{ConnectionOptions, Transport};
use crate::error::{Error, Result};

/// Where to connect, split the way rust_socketio wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `scheme://host:port/<engine path>?<query>`
    pub address: String,
    /// The Socket.IO namespace, `/` by default.
    pub namespace: String,
}

/// Split the person's URL into the engine address and the namespace.
pub fn target(options: &ConnectionOptions) -> Result<Target> {
    let trimmed = options.url.trim();
    if trimmed.is_empty() {
        return Err(Error::InvalidUrl("the address is empty".into()));
    }
    let mut url = Url::parse(trimmed).map_err(|e| Error::InvalidUrl(format!("{trimmed}: {e}")))?;
    match url.scheme() {
        "http" | "https" => {}
        "ws" => url.set_scheme("http").map_err(|_| Error::InvalidUrl(trimmed.into()))?,
        "wss" => url.set_scheme("https").map_err(|_| Error::InvalidUrl(trimmed.into()))?,
        other => {
            return Err(Error::InvalidUrl(format!(
                "“{other}” is not supported; use http://, https://, ws:// or wss://"
            )))
        }
    }
    if url.host_str().is_none() {
        return Err(Error::InvalidUrl(format!("{trimmed}: no host")));
    }
    let namespace = match url.path().trim_end_matches('/') {
        "" => "/".to_owned(),
        path => path.to_owned(),
    };
    let mut path = options.path.trim().to_owned();
    if path.is_empty() {
        path = "/socket.io/".into();
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    url.set_path(&path);
    url.set_fragment(None);
    {
        let mut pairs = url.query_pairs_mut();
        for kv in &options.query {
            if kv.key.trim().is_empty() {
                return Err(Error::InvalidOption("a query parameter has no name".into()));
            }
            pairs.append_pair(&kv.key, &kv.value);
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    Ok(Target { address: url.to_string(), namespace })
}

/// The auth payload with the keyring token injected as `auth.token`.
pub fn auth_with_token(auth: Option<&Value>, token: Option<&str>) -> Result<Option<Value>> {
    match (auth, token) {
        (auth, None) => Ok(auth.cloned()),
        (None, Some(t)) => Ok(Some(json!({ "token": t }))),
        (Some(Value::Object(map)), Some(t)) => {
            let mut map = map.clone();
            map.insert("token".into(), Value::String(t.to_owned()));
            Ok(Some(Value::Object(map)))
        }
        (Some(_), Some(_)) => Err(Error::InvalidOption(
            "the auth payload must be a JSON object to carry a token".into(),
        )),
    }
}

/// The TLS settings for this server; `None` means the system's defaults.
pub fn tls_connector(options: &ConnectionOptions, pinned: Option<&[u8]>) -> Result<Option<TlsConnector>> {
    if !options.accept_invalid_certs && options.ca_file.is_none() && pinned.is_none() {
        return Ok(None);
    }
    let mut builder = TlsConnector::builder();
    if let Some(der) = pinned {
        let cert = Certificate::from_der(der).map_err(|e| Error::Connect(format!("the accepted certificate: {e}")))?;
        builder.add_root_certificate(cert);
        builder.danger_accept_invalid_hostnames(true);
    }
    if options.accept_invalid_certs {
        builder.danger_accept_invalid_certs(true);
    }
    if let Some(path) = options.ca_file.as_deref().filter(|p| !p.trim().is_empty()) {
        let pem = std::fs::read(path).map_err(|e| Error::File(format!("CA file {path}: {e}")))?;
        let cert = Certificate::from_pem(&pem)
            .map_err(|e| Error::File(format!("CA file {path} is not a PEM certificate: {e}")))?;
        builder.add_root_certificate(cert);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| Error::InvalidOption(format!("TLS settings: {e}")))
}

/// Where this connection goes, with the token in the query for file exchange servers
/// (the others carry it in `auth`).
pub fn connect_target(options: &ConnectionOptions, token: Option<&str>) -> Result<Target> {
    match (token_in_query(options), token) {
        (true, Some(t)) => {
            let mut with_token = options.clone();
            with_token.query.retain(|kv| kv.key != "token");
            with_token.query.push(crate::api::KeyValue { key: "token".into(), value: t.to_owned() });
            target(&with_token)
        }
        _ => target(options),
    }
}

fn token_in_query(options: &ConnectionOptions) -> bool {
    matches!(options.protocol, crate::api::Protocol::FileExchange { .. })
}

/// A builder for one connection attempt; reconnection is left to our supervisor.
///
/// `pinned` is the DER of a certificate the person accepted for this server (its
/// fingerprint checked by the caller): trusted as the only root, its name not checked.
/// `via` is a local relay's address to connect to instead (over WebSocket; the relay
/// makes the TLS connection, so no TLS settings go to the library).
pub fn builder(
    options: &ConnectionOptions,
    token: Option<&str>,
    pinned: Option<&[u8]>,
    via: Option<&str>,
) -> Result<(ClientBuilder, Target)> {
    let target = connect_target(options, token)?;
    let token = if token_in_query(options) { None } else { token };
    let transport = match (via, options.transport) {
        (Some(_), _) | (None, Transport::Websocket) => TransportType::Websocket,
        (None, Transport::Polling) => TransportType::Polling,
        (None, Transport::Any) => TransportType::Any,
    };
    let mut b = ClientBuilder::new(via.unwrap_or(&target.address).to_owned())
        .namespace(target.namespace.clone())
        .reconnect(false)
        .reconnect_on_disconnect(false)
        .transport_type(transport);
    for kv in &options.headers {
        let key = kv.key.trim();
        if key.is_empty() || !key.bytes().all(|c| c.is_ascii_graphic() && c != b':') {
            return Err(Error::InvalidOption(format!("“{key}” is not a valid header name")));
        }
        b = b.opening_header(key, kv.value.as_str());
    }
    if let Some(auth) = auth_with_token(options.auth.as_ref(), token)? {
        b = b.auth(auth);
    }
    if let Some(tls) = tls_connector(options, pinned)?.filter(|_| via.is_none()) {
        b = b.tls_config(tls);
    }
    Ok((b, target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::KeyValue;

    fn opts(url: &str) -> ConnectionOptions {
        ConnectionOptions { url: url.into(), ..Default::default() }
    }

    #[test]
    fn path_is_the_namespace() {
        let t = target(&opts("https://host.example/pku")).unwrap();
        assert_eq!(t.namespace, "/pku");
        assert_eq!(t.address, "https://host.example/socket.io/");
        let t = target(&opts("http://127.0.0.1:8000")).unwrap();
        assert_eq!(t.namespace, "/");
        assert_eq!(t.address, "http://127.0.0.1:8000/socket.io/");
        assert_eq!(target(&opts("http://h/a/b/")).unwrap().namespace, "/a/b");
    }

    #[test]
    fn engine_path_and_query() {
        let mut o = opts("ws://h:1/admin?x=1");
        o.path = "custom".into();
        o.query = vec![KeyValue { key: "token".into(), value: "a b&c".into() }];
        let t = target(&o).unwrap();
        assert_eq!(t.namespace, "/admin");
        assert_eq!(t.address, "http://h:1/custom/?x=1&token=a+b%26c");
    }

    #[test]
    fn bad_urls_are_errors_in_words() {
        assert!(matches!(target(&opts("")), Err(Error::InvalidUrl(_))));
        assert!(matches!(target(&opts("not a url")), Err(Error::InvalidUrl(_))));
        assert!(matches!(target(&opts("ftp://h/")), Err(Error::InvalidUrl(_))));
    }

    #[test]
    fn token_goes_into_auth() {
        assert_eq!(auth_with_token(None, Some("t")).unwrap(), Some(json!({"token": "t"})));
        assert_eq!(
            auth_with_token(Some(&json!({"a": 1})), Some("t")).unwrap(),
            Some(json!({"a": 1, "token": "t"}))
        );
        assert_eq!(auth_with_token(Some(&json!({"a": 1})), None).unwrap(), Some(json!({"a": 1})));
        assert!(auth_with_token(Some(&json!([1])), Some("t")).is_err());
    }

    #[test]
    fn bad_headers_and_ca_files_are_refused() {
        let mut o = opts("http://h/");
        o.headers = vec![KeyValue { key: "Bad Name".into(), value: "v".into() }];
        assert!(builder(&o, None, None, None).is_err());
        let mut o = opts("https://h/");
        o.ca_file = Some("/nonexistent/ca.pem".into());
        assert!(matches!(builder(&o, None, None, None), Err(Error::File(_))));
    }
}
