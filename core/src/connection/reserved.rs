//! rust_socketio 0.6 routes server events named `error`, `close` and `open` to its own
//! built-in callbacks, where they meet its internal notices (transport errors, close
//! reasons, the connect signal). This module tells the two apart so a server's event of
//! that name reaches the console as an ordinary event.

use serde_json::Value;

/// What a built-in callback actually carried.
#[derive(Debug, Clone, PartialEq)]
pub enum Builtin {
    /// A server event with this name and these arguments.
    ServerEvent(String, Vec<Value>),
    /// The library's own notice.
    Notice(String),
}

/// Close reasons the library reports through the `close` callback.
const CLOSE_REASONS: [&str; 3] = ["io server disconnect", "io client disconnect", "transport close"];

/// Prefixes of the library's own error texts (its `Error` Display strings).
const ERROR_PREFIXES: [&str; 22] = [
    "Received an ConnectError frame",
    "Invalid packet id",
    "Error while parsing",
    "Got an invalid packet",
    "An error occurred while",
    "Invalid Url",
    "Got illegal handshake",
    "Called an action before",
    "string is not json serializable",
    "A lock was poisoned",
    "Got an IO-Error",
    "EngineIO Error",
    "Invalid packet type while reading attachments",
    "Underlying Engine.IO connection has closed",
    "Error during connection",
    "Error with websocket connection",
    "Network request returned",
    "Error setting up the http request",
    "Server did not allow upgrading",
    "Invalid header",
    "The server did not send a PING",
    "Incomplete",
];

fn single_string(args: &[Value]) -> Option<&str> {
    match args {
        [Value::String(s)] => Some(s.as_str()),
        _ => None,
    }
}

/// Classify what the `close` callback received.
pub fn classify_close(args: Vec<Value>) -> Builtin {
    match single_string(&args) {
        Some(s) if CLOSE_REASONS.contains(&s) => Builtin::Notice(s.to_owned()),
        // The library's signal for the server's DISCONNECT packet of our namespace.
        Some("") => Builtin::Notice("io server disconnect".into()),
        _ => Builtin::ServerEvent("close".into(), args),
    }
}

/// Classify what the `error` callback received.
pub fn classify_error(args: Vec<Value>) -> Builtin {
    match single_string(&args) {
        Some(s) if ERROR_PREFIXES.iter().any(|p| s.starts_with(p)) => Builtin::Notice(s.to_owned()),
        _ => Builtin::ServerEvent("error".into(), args),
    }
}

/// Classify what the `open` (connect) callback received: the library signals with `""`.
pub fn classify_open(args: Vec<Value>) -> Builtin {
    match single_string(&args) {
        Some("") => Builtin::Notice(String::new()),
        _ => Builtin::ServerEvent("open".into(), args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn close_reasons_are_notices() {
        assert_eq!(classify_close(vec![json!("transport close")]), Builtin::Notice("transport close".into()));
        assert_eq!(
            classify_close(vec![json!("bye")]),
            Builtin::ServerEvent("close".into(), vec![json!("bye")])
        );
        assert_eq!(classify_close(vec![]), Builtin::ServerEvent("close".into(), vec![]));
        assert_eq!(classify_close(vec![json!("")]), Builtin::Notice("io server disconnect".into()));
    }

    #[test]
    fn library_errors_are_notices_server_errors_are_events() {
        assert!(matches!(
            classify_error(vec![json!("Received an ConnectError frame: {\"message\":\"bad token\"}")]),
            Builtin::Notice(_)
        ));
        let server = vec![json!({"message": "Room is full"})];
        assert_eq!(classify_error(server.clone()), Builtin::ServerEvent("error".into(), server));
        assert_eq!(
            classify_error(vec![json!("Room is full")]),
            Builtin::ServerEvent("error".into(), vec![json!("Room is full")])
        );
    }

    #[test]
    fn open_signal_versus_open_event() {
        assert_eq!(classify_open(vec![json!("")]), Builtin::Notice(String::new()));
        assert_eq!(classify_open(vec![json!(1)]), Builtin::ServerEvent("open".into(), vec![json!(1)]));
    }
}
