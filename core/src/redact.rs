//! Secrets never reach the console, a log or the window: every string that leaves the
//! backend passes through a `Redactor` that knows the connection's token.

use serde_json::Value;

pub const REDACTED: &str = "•••";

#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// Secrets shorter than 4 characters are not redacted: they would blank out ordinary text.
    pub fn new<I: IntoIterator<Item = String>>(secrets: I) -> Self {
        Self { secrets: secrets.into_iter().filter(|s| s.chars().count() >= 4).collect() }
    }

    pub fn text(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |acc, secret| acc.replace(secret.as_str(), REDACTED))
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
}
