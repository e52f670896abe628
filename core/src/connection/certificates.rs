//! The supervisor and server certificates: the one the system did not accept is offered
//! to the person by its fingerprint; the one they accepted is checked on every connect.

use super::cert;
use super::supervisor::Supervisor;
use crate::api::Update;
use crate::error::Error;

impl Supervisor {
    /// The server's certificate (host and port of an https/wss URL), fetched off the async threads.
    async fn server_certificate(&self) -> Option<Result<Vec<u8>, Error>> {
        let url = url::Url::parse(&self.options.url).ok()?;
        if !matches!(url.scheme(), "https" | "wss") {
            return None;
        }
        let host = url.host_str()?.trim_matches(|c| c == '[' || c == ']').to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let fetched = tokio::task::spawn_blocking(move || cert::fetch(&host, port)).await;
        Some(fetched.unwrap_or_else(|e| {
            Err(crate::error::ConnectError::Refused(format!("reading the certificate stopped: {e}")).into())
        }))
    }

    /// Tell the window the fingerprint of a certificate the system did not accept.
    /// Whether one was shown.
    pub(super) async fn offer_certificate(&self, changed: bool) -> bool {
        match self.server_certificate().await {
            Some(Ok(der)) => {
                let sha256 = cert::fingerprint(&der);
                {
                    self.out(Update::Certificate { id: self.id.clone(), sha256, changed });
                    true
                }
            }
            _ => false,
        }
    }

    /// The DER of the accepted certificate when the server still shows it; a different one
    /// ends the connection in words (it may not be the same server).
    pub(super) async fn accepted_certificate(&self, accepted: &str) -> Result<Option<Vec<u8>>, Error> {
        match self.server_certificate().await {
            None => Ok(None),
            Some(Err(e)) => Err(e),
            Some(Ok(der)) if cert::same_fingerprint(&cert::fingerprint(&der), accepted) => Ok(Some(der)),
            Some(Ok(der)) => {
                let sha256 = cert::fingerprint(&der);
                self.out(Update::Certificate { id: self.id.clone(), sha256: sha256.clone(), changed: true });
                Err(Error::InvalidOption(format!(
                    "the server's certificate is not the one you accepted (it is now {sha256}); accept it again only if you trust this change"
                )))
            }
        }
    }
}
