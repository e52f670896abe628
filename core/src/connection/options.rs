//! Turning `ConnectionOptions` into the `socketio` crate's options: the URL's path is the
//! namespace (as in the JS client), the engine path and query go into the address, and
//! TLS verification stays on unless the person turned it off or added a CA.

use std::time::Duration;

use serde_json::{json, Value};
use url::Url;

use crate::api::{ConnectionOptions, Transport};
use crate::error::{Error, FileError, Result};

/// Where to connect: the engine address and the namespace.
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
    // `localhost:3000` or `example.com/chat`: an address without a scheme is read as http.
    let with_scheme = match trimmed.contains("://") {
        true => trimmed.to_owned(),
        false => format!("http://{trimmed}"),
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| Error::InvalidUrl(format!("{trimmed}: {e}")))?;
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
        (Some(_), Some(_)) => {
            Err(Error::InvalidOption("the auth payload must be a JSON object to carry a token".into()))
        }
    }
}

/// The TLS settings for this server (a CA file read here, so a bad one is said in words).
pub fn tls(options: &ConnectionOptions, pinned: Option<&[u8]>) -> Result<socketio::Tls> {
    let mut tls = socketio::Tls {
        accept_invalid_certs: options.accept_invalid_certs,
        pinned_der: pinned.map(<[u8]>::to_vec),
        ..Default::default()
    };
    if let Some(path) = options.ca_file.as_deref().filter(|p| !p.trim().is_empty()) {
        let pem = std::fs::read(path).map_err(FileError::io(format!("CA file {path}")))?;
        native_tls::Certificate::from_pem(&pem)
            .map_err(|e| Error::file(format!("CA file {path} is not a PEM certificate: {e}")))?;
        tls.ca_pem.push(pem);
    }
    Ok(tls)
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

/// The options for the `socketio` client of this connection.
///
/// `pinned` is the DER of a certificate the person accepted for this server (its
/// fingerprint checked by the caller): trusted as the only root, its name not checked.
pub fn client_options(
    options: &ConnectionOptions,
    token: Option<&str>,
    pinned: Option<&[u8]>,
) -> Result<socketio::Options> {
    let target = connect_target(options, token)?;
    let token = if token_in_query(options) { None } else { token };
    let url = url::Url::parse(&target.address).map_err(|e| Error::InvalidUrl(e.to_string()))?;
    let mut o = socketio::Options::with_endpoint(url, target.namespace);
    o.transport = match options.transport {
        Transport::Websocket => socketio::Transport::Websocket,
        Transport::Polling => socketio::Transport::Polling,
        Transport::Any => socketio::Transport::Any,
    };
    o.version = match options.server_version.unwrap_or_default() {
        crate::api::ServerVersion::Auto => socketio::Version::Auto,
        crate::api::ServerVersion::V4 => socketio::Version::V4,
        crate::api::ServerVersion::V3 => socketio::Version::V3,
    };
    o.headers = options.headers.iter().map(|kv| (kv.key.trim().to_owned(), kv.value.clone())).collect();
    o.auth = auth_with_token(options.auth.as_ref(), token)?;
    o.tls = tls(options, pinned)?;
    o.reconnection.enabled = options.reconnect;
    o.reconnection.delay = Duration::from_millis(500);
    o.reconnection.delay_max = Duration::from_secs(10);
    o.connect_timeout = Duration::from_secs(15);
    // A file at this server's limit as base64 in one message, and never less than 64 MiB.
    o.max_message_bytes = ((options.max_file_bytes() / 3 * 4 + (1 << 20)).max(64 << 20)) as usize;
    // Protocols send their own first emits (rejoining rooms) before what waited offline.
    o.flush_on_connect = false;
    // Header names and the rest are checked where the client defines them.
    o.check().map_err(|e| match e {
        socketio::Error::InvalidOption(words) => Error::InvalidOption(words),
        other => Error::InvalidOption(other.to_string()),
    })?;
    Ok(o)
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
    fn an_address_without_a_scheme_is_http() {
        let t = target(&opts("localhost:3000")).unwrap();
        assert_eq!((t.address.as_str(), t.namespace.as_str()), ("http://localhost:3000/socket.io/", "/"));
        assert_eq!(target(&opts("example.com/chat")).unwrap().namespace, "/chat");
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
        assert_eq!(auth_with_token(Some(&json!({"a": 1})), Some("t")).unwrap(), Some(json!({"a": 1, "token": "t"})));
        assert_eq!(auth_with_token(Some(&json!({"a": 1})), None).unwrap(), Some(json!({"a": 1})));
        assert!(auth_with_token(Some(&json!([1])), Some("t")).is_err());
    }

    #[test]
    fn bad_headers_and_ca_files_are_refused() {
        let mut o = opts("http://h/");
        o.headers = vec![KeyValue { key: "Bad Name".into(), value: "v".into() }];
        assert!(client_options(&o, None, None).is_err());
        let mut o = opts("https://h/");
        o.ca_file = Some("/nonexistent/ca.pem".into());
        assert!(matches!(client_options(&o, None, None), Err(Error::File(_))));
    }
}
