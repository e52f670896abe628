//! Connect errors in words.

/// Connect errors in words a person can act on (the raw text follows).
pub fn describe_connect_error(raw: &str) -> String {
    match connect_advice(raw) {
        Some(advice) => format!("{advice} ({raw})"),
        None => raw.to_owned(),
    }
}

/// The short form, for the state shown while retrying: the advice alone, or the raw text
/// cut to a line.
pub fn short_connect_error(raw: &str) -> String {
    const LINE: usize = 160;
    match connect_advice(raw) {
        Some(advice) => advice.to_owned(),
        None if raw.chars().count() > LINE => format!("{}…", raw.chars().take(LINE).collect::<String>()),
        None => raw.to_owned(),
    }
}

/// What a person can do about a connect error, when it is one of the known kinds.
fn connect_advice(raw: &str) -> Option<&'static str> {
    let lower = raw.to_lowercase();
    let advice = if lower.contains("wrong version number") {
        "the server at this address does not use TLS; try http:// instead of https://"
    } else if lower.contains("certificate") || lower.contains("self signed") || lower.contains("self-signed") {
        "the server's certificate is not trusted; add its CA file or accept invalid certificates for this server"
    } else if lower.contains("connection refused") {
        "nothing is listening at that address"
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
    {
        "the host name could not be found"
    } else if lower.contains("timed out") || lower.contains("timeout") {
        "the server did not answer in time"
    } else if lower.contains("http 404") || lower.contains("http 400") {
        "the server answered but not as Socket.IO; check the engine path"
    } else {
        return None;
    };
    Some(advice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_errors_in_words() {
        assert!(describe_connect_error("x: SSL routines:ssl3_get_record:wrong version number")
            .starts_with("the server at this address does not use TLS"));
        assert!(describe_connect_error("certificate verify failed: self signed certificate")
            .starts_with("the server's certificate is not trusted"));
        assert!(describe_connect_error("tcp connect error: Connection refused (os error 111)")
            .starts_with("nothing is listening"));
        assert!(describe_connect_error("the server answered HTTP 404 Not Found")
            .starts_with("the server answered but not as Socket.IO"));
        assert!(describe_connect_error("the handshake timed out").starts_with("the server did not answer in time"));
        assert_eq!(describe_connect_error("something else"), "something else");
        assert_eq!(
            short_connect_error("tcp connect error: Connection refused (os error 111)"),
            "nothing is listening at that address"
        );
        assert_eq!(short_connect_error(&"x".repeat(500)).chars().count(), 161);
    }
}
