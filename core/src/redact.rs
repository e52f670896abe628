//! Secrets never reach the console, a log or the window: every string that leaves the
//! backend passes through a `Redactor` that knows the connection's token.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use socketio::Json;

use crate::api::{ConnState, Update};
use crate::error::Error;

pub const REDACTED: &str = "•••";

#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// Secrets shorter than 4 characters are not redacted: they would blank out ordinary text.
    /// Each secret is also looked for as it is written in a URL (a query: `+` or `%20` for a
    /// space, upper- or lowercase escapes), in JSON (escaped) and in base64.
    pub fn new<I: IntoIterator<Item = String>>(secrets: I) -> Self {
        let mut forms: Vec<String> =
            secrets.into_iter().filter(|s| s.chars().count() >= 4).flat_map(|s| forms_of(&s)).collect();
        // Longest first, so a form that contains another is replaced whole.
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        forms.dedup();
        Self { secrets: forms }
    }

    pub fn text(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |acc, secret| acc.replace(secret.as_str(), REDACTED))
    }

    /// Whether any form of a secret is in `text` (for tests and checks).
    pub fn finds_in(&self, text: &str) -> bool {
        self.secrets.iter().any(|s| text.contains(s.as_str()))
    }

    pub fn value(&self, value: Value) -> Value {
        if self.secrets.is_empty() {
            return value;
        }
        match value {
            Value::String(s) => Value::String(self.text(&s)),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.value(v)).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (self.text(&k), self.value(v))).collect()),
            other => other,
        }
    }

    /// An argument: text is parsed only when a secret may be in it (one of its written
    /// forms, or any escape, behind which a secret's characters could hide).
    pub fn json(&self, arg: Json) -> Json {
        match arg.text() {
            _ if self.secrets.is_empty() => arg,
            Some(text) if !text.contains('\\') && !self.finds_in(text) => arg,
            _ => Json::Value(self.value(arg.into_value())),
        }
    }
}

impl Redactor {
    /// An update as it may leave the backend: every string a server or the network could
    /// have put in it redacted (the one point every update of a connection passes).
    pub fn update(&self, update: Update) -> Update {
        if self.secrets.is_empty() {
            return update;
        }
        match update {
            Update::Connection { id, state: ConnState::Disconnected { reason } } => {
                Update::Connection { id, state: ConnState::Disconnected { reason: self.text(&reason) } }
            }
            Update::Connection { id, state: ConnState::Reconnecting { attempt, delay_ms, reason } } => {
                let reason = reason.map(|r| self.text(&r));
                Update::Connection { id, state: ConnState::Reconnecting { attempt, delay_ms, reason } }
            }
            Update::Event { id, direction, namespace, event, args, ack, emit_id, time } => Update::Event {
                id,
                emit_id,
                direction,
                namespace: self.text(&namespace),
                event: self.text(&event),
                args: args.into_iter().map(|a| self.json(a)).collect(),
                ack,
                time,
            },
            Update::Ack { id, emit_id, args } => {
                Update::Ack { id, emit_id, args: args.into_iter().map(|a| self.json(a)).collect() }
            }
            Update::Warning { id, message } => Update::Warning { id, message: self.text(&message) },
            Update::Error { id, error } => Update::Error { id, error: self.error(error) },
            Update::Protocol { id, update } => Update::Protocol { id, update: self.typed(update) },
            Update::File { file } => Update::File { file: self.typed(file) },
            Update::FilePreview { file_id, text, truncated } => {
                Update::FilePreview { file_id, text: text.map(|t| self.text(&t)), truncated }
            }
            other => other,
        }
    }

    fn error(&self, error: Error) -> Error {
        match error {
            Error::InvalidUrl(m) => Error::InvalidUrl(self.text(&m)),
            Error::InvalidOption(m) => Error::InvalidOption(self.text(&m)),
            // The cause may quote the address with its token: only redacted words go on.
            Error::Connect(e) => Error::Connect(crate::error::ConnectError::Refused(self.text(&e.to_string()))),
            Error::NotConnected(m) => Error::NotConnected(self.text(&m)),
            Error::Send(m) => Error::Send(self.text(&m)),
            Error::BadRequest(m) => Error::BadRequest(self.text(&m)),
            // Local causes (a file, the keyring, the saved servers) carry no network text.
            other => other,
        }
    }

    /// Any update part, through its JSON form (these are small; a file's content is never in one).
    fn typed<T: Serialize + DeserializeOwned>(&self, part: T) -> T {
        match serde_json::to_value(&part) {
            Ok(v) => serde_json::from_value(self.value(v)).unwrap_or(part),
            Err(_) => part,
        }
    }
}

/// The ways `secret` can be written where it might leak.
fn forms_of(secret: &str) -> Vec<String> {
    use base64::Engine as _;
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent = form.replace('+', "%20");
    let lower = |s: &str| {
        // Only the hex digits of escapes go lowercase.
        let mut out = String::with_capacity(s.len());
        let mut left = 0;
        for c in s.chars() {
            if c == '%' {
                left = 2;
                out.push(c);
            } else if left > 0 {
                left -= 1;
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    };
    let json = serde_json::to_string(secret).unwrap_or_default();
    let engines = [base64::engine::general_purpose::STANDARD, base64::engine::general_purpose::URL_SAFE];
    let mut forms = vec![secret.to_owned(), lower(&form), lower(&percent), form, percent];
    forms.push(json.trim_matches('"').to_owned());
    forms.extend(engines.iter().map(|e| e.encode(secret).trim_end_matches('=').to_owned()));
    forms.retain(|f| f.chars().count() >= 4);
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redacts_deep_inside_values() {
        let r = Redactor::new(["s3cret-token".to_owned()]);
        assert_eq!(
            r.value(json!({"token": "s3cret-token", "list": ["a s3cret-token b", 1]})),
            json!({"token": "•••", "list": ["a ••• b", 1]})
        );
        assert_eq!(r.text("no secret here"), "no secret here");
    }

    #[test]
    fn short_secrets_are_ignored() {
        let r = Redactor::new(["ab".to_owned()]);
        assert_eq!(r.text("abc"), "abc");
    }

    #[test]
    fn every_written_form_of_a_secret_is_redacted() {
        use base64::Engine as _;
        let token = "p5B/sec+ret= &ü\"x";
        let r = Redactor::new([token.to_owned()]);
        let forms = [
            token.to_owned(),
            "?token=p5B%2Fsec%2Bret%3D+%26%C3%BC%22x&EIO=4".to_owned(),
            "p5B%2fsec%2bret%3d%20%26%c3%bc%22x".to_owned(),
            serde_json::to_string(token).unwrap(),
            base64::engine::general_purpose::STANDARD.encode(token),
            base64::engine::general_purpose::URL_SAFE.encode(token),
        ];
        for f in forms {
            let out = r.text(&format!("a {f} b"));
            assert!(out.contains(REDACTED) && !r.finds_in(&out), "{f} -> {out}");
        }
    }
}
