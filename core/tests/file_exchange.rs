//! File exchange sessions through the real reference server (Node socket.io on `/pku`,
//! HTTPS with a self-signed certificate accepted by its fingerprint, the token from a real
//! keyring in the query): whole sessions, repeat, a refused answer retried, a timeout, a
//! dropped connection resumed, a wrong token, a changed certificate.

mod common;

use common::*;
use switchboard_core::api::file_exchange::{AnswerState, FileExchangeAction as A, FileExchangeUpdate as U, SessionEnd};
use switchboard_core::api::files::{FileInfo, FileState};
use switchboard_core::api::{ProtocolRequest, ProtocolUpdate};
use switchboard_core::{Action, ConnState, ConnectionOptions, Protocol, Transport, Update};

struct Pku {
    server: Server,
    _cert: Cert,
    fingerprint: String,
}

/// A server with a fresh certificate, and that certificate's fingerprint as the app shows it.
async fn pku(extra: &[&str]) -> Pku {
    let cert = make_cert();
    let (c, k) = (cert.cert.to_str().unwrap().to_owned(), cert.key.to_str().unwrap().to_owned());
    let mut args = vec!["--tls-cert", &c, "--tls-key", &k];
    args.extend_from_slice(extra);
    let server = Server::start(Kind::FileExchange, &args);
    let port = server.port;
    let der = tokio::task::spawn_blocking(move || switchboard_core::connection::cert::fetch("127.0.0.1", port))
        .await
        .unwrap()
        .unwrap();
    Pku { server, _cert: cert, fingerprint: switchboard_core::connection::cert::fingerprint(&der) }
}

impl Harness {
    async fn pku_options(&self, pku: &Pku, id: &str, token: &str) -> ConnectionOptions {
        let profile = format!("switchboard-test-file-exchange-{id}-{}", std::process::id());
        self.dispatch(Action::SaveToken { profile: profile.clone(), token: token.into() }).await;
        let mut o = options(pku.server.url("/pku"));
        o.protocol = Protocol::FileExchange { answer_limit_secs: None };
        o.transport = Transport::Websocket;
        o.token_profile = Some(profile);
        o.trusted_cert_sha256 = Some(pku.fingerprint.clone());
        o
    }

    async fn pku_connect(&mut self, pku: &Pku, id: &str) {
        let o = self.pku_options(pku, id, "tok-pku").await;
        self.connect(id, o).await;
        self.connected(id).await;
    }

    async fn file_exchange(&self, id: &str, action: A) {
        self.dispatch(Action::Request {
            id: id.into(),
            request_id: None,
            request: ProtocolRequest::FileExchange(action),
        })
        .await;
    }

    async fn fx_update<T>(&mut self, id: &str, what: &str, pick: impl Fn(&U) -> Option<T>) -> T {
        let id = id.to_owned();
        self.wait_for(what, |u| match u {
            Update::Protocol { id: i, update: ProtocolUpdate::FileExchange(update) } if *i == id => pick(update),
            _ => None,
        })
        .await
    }

    /// The next server file: (server file id, our file id, repeat).
    async fn available(&mut self, id: &str) -> (String, String, bool) {
        self.fx_update(id, "a file from the server", |u| match u {
            U::FileAvailable { server_file_id, file_id, repeat, .. } => {
                Some((server_file_id.clone(), file_id.clone(), *repeat))
            }
            _ => None,
        })
        .await
    }

    async fn answer(&self, id: &str, server_file_id: &str, dir: &std::path::Path, body: &[u8]) {
        let path = dir.join(format!("answer-{server_file_id}.bin"));
        std::fs::write(&path, body).unwrap();
        self.dispatch(Action::SendFile {
            id: id.into(),
            path: path.display().to_string(),
            target: server_file_id.into(),
        })
        .await;
    }

    async fn answer_state(&mut self, id: &str, server: &str) -> AnswerState {
        let server = server.to_owned();
        self.fx_update(id, "an answer's state", |u| match u {
            U::Answer { server_file_id, state, .. }
                if *server_file_id == server && *state != AnswerState::Answering =>
            {
                Some(state.clone())
            }
            _ => None,
        })
        .await
    }

    async fn ended(&mut self, id: &str) -> SessionEnd {
        self.fx_update(id, "the session's end", |u| match u {
            U::Ended { end } => Some(end.clone()),
            _ => None,
        })
        .await
    }

    async fn file_info(&mut self, file_id: &str) -> FileInfo {
        let file_id = file_id.to_owned();
        self.wait_for("a file", |u| match u {
            Update::File { file } if file.file_id == file_id => Some(file.clone()),
            _ => None,
        })
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_session_with_an_accepted_certificate_and_a_repeat() {
    let pku = pku(&[]).await;
    let mut h = Harness::new();
    // Without the fingerprint: refused, and the certificate is shown to be accepted.
    let mut untrusted = h.pku_options(&pku, "first", "tok-pku").await;
    untrusted.trusted_cert_sha256 = None;
    h.connect("first", untrusted).await;
    let (shown, changed) = h
        .wait_for("the certificate", |u| match u {
            Update::Certificate { id, sha256, changed } if id == "first" => Some((sha256.clone(), *changed)),
            _ => None,
        })
        .await;
    assert_eq!((shown.as_str(), changed), (pku.fingerprint.as_str(), false));
    h.wait_for("the refusal", |u| match u {
        Update::Connection { id, state: ConnState::Disconnected { reason } } if id == "first" => {
            assert!(reason.contains("certificate"), "{reason}");
            Some(())
        }
        _ => None,
    })
    .await;

    h.pku_connect(&pku, "pku").await;
    h.file_exchange("pku", A::Start).await;
    h.fx_update("pku", "started", |u| matches!(u, U::Started { .. }).then_some(())).await;
    let dir = tempfile::tempdir().unwrap();
    let (first, first_file, _) = h.available("pku").await;
    let text = h.file_info(&first_file).await;
    assert!(text.is_text && text.state == FileState::Received, "{text:?}");

    // Retry on a received file asks for it again.
    h.dispatch(Action::RetryFile { file_id: first_file.clone() }).await;
    let (again, again_file, repeat) = h.available("pku").await;
    assert_eq!((again.as_str(), again_file.as_str(), repeat), (first.as_str(), first_file.as_str(), true));

    let mut answered = 0;
    let mut next = first;
    loop {
        h.answer("pku", &next, dir.path(), format!("result for {next}").as_bytes()).await;
        assert_eq!(h.answer_state("pku", &next).await, AnswerState::Answered);
        answered += 1;
        if answered == 3 {
            break;
        }
        let (id, file_id, _) = h.available("pku").await;
        if id == "file-3" {
            let png = h.file_info(&file_id).await;
            assert!(!png.is_text && png.size == 77, "the PNG arrives as binary: {png:?}");
        }
        next = id;
    }
    assert_eq!(h.ended("pku").await, SessionEnd::Finish);
    h.file_exchange("pku", A::SendLogs).await;
    h.fx_update("pku", "logs sent", |u| matches!(u, U::LogsSent).then_some(())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_answer_is_retried() {
    let pku = pku(&["--fail-answers", "1"]).await;
    let mut h = Harness::new();
    h.pku_connect(&pku, "pku").await;
    h.file_exchange("pku", A::Start).await;
    let (first, _, _) = h.available("pku").await;
    let dir = tempfile::tempdir().unwrap();
    h.answer("pku", &first, dir.path(), b"answer").await;
    let AnswerState::Failed { reason } = h.answer_state("pku", &first).await else { panic!("not failed") };
    assert!(reason.contains("storage is busy"), "{reason}");
    let answer_file = h
        .wait_for("the failed answer file", |u| match u {
            Update::File { file } if matches!(file.state, FileState::Failed { .. }) => Some(file.file_id.clone()),
            _ => None,
        })
        .await;
    h.dispatch(Action::RetryFile { file_id: answer_file }).await;
    assert_eq!(h.answer_state("pku", &first).await, AnswerState::Answered);
    let (second, _, _) = h.available("pku").await;
    assert_eq!(second, "file-2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_file_closes_the_session_on_timeout() {
    let pku = pku(&["--timeout-ms", "1500"]).await;
    let mut h = Harness::new();
    h.pku_connect(&pku, "pku").await;
    h.file_exchange("pku", A::Start).await;
    let (first, _, _) = h.available("pku").await;
    assert_eq!(h.ended("pku").await, SessionEnd::TimeoutClose { missing: Some(first) });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_resumes_the_session_with_nothing_lost() {
    let pku = pku(&["--drop-after-answers", "1"]).await;
    let mut h = Harness::new();
    h.pku_connect(&pku, "pku").await;
    h.file_exchange("pku", A::Start).await;
    let session = h
        .fx_update("pku", "started", |u| match u {
            U::Started { session_id } => Some(session_id.clone()),
            _ => None,
        })
        .await;
    let (first, _, _) = h.available("pku").await;
    let dir = tempfile::tempdir().unwrap();
    h.answer("pku", &first, dir.path(), b"one").await;
    assert_eq!(h.answer_state("pku", &first).await, AnswerState::Answered);
    // The server drops us before sending file-2: the app reconnects and resumes by itself.
    h.wait_for("reconnecting", |u| match u {
        Update::Connection { state: ConnState::Reconnecting { .. }, .. } => Some(()),
        _ => None,
    })
    .await;
    let resumed = h
        .fx_update("pku", "resumed", |u| match u {
            U::Resumed { session_id, resumed, .. } => Some((session_id.clone(), *resumed)),
            _ => None,
        })
        .await;
    assert_eq!(resumed, (session, true));
    let (second, _, _) = h.available("pku").await;
    assert_eq!(second, "file-2");
    h.answer("pku", &second, dir.path(), b"two").await;
    assert_eq!(h.answer_state("pku", &second).await, AnswerState::Answered);
    let (third, _, _) = h.available("pku").await;
    h.answer("pku", &third, dir.path(), b"three").await;
    assert_eq!(h.ended("pku").await, SessionEnd::Finish);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_and_a_changed_certificate_are_said_in_words() {
    let pku = pku(&[]).await;
    let mut h = Harness::new();
    let o = h.pku_options(&pku, "wrong", "not-the-token").await;
    h.connect("wrong", o).await;
    let message = h
        .fx_update("wrong", "the auth error", |u| match u {
            U::AuthError { message } => Some(message.clone()),
            _ => None,
        })
        .await;
    assert_eq!(message, "invalid token");
    h.wait_for("closed by the server", |u| match u {
        Update::Connection { id, state: ConnState::Disconnected { .. } } if id == "wrong" => Some(()),
        _ => None,
    })
    .await;
    // No event anywhere carries the token: it went in the query, not in a payload.
    assert!(!format!("{:?}", h.seen).contains("not-the-token"));

    let mut o = h.pku_options(&pku, "changed", "tok-pku").await;
    o.trusted_cert_sha256 = Some("00:11:22".into());
    h.connect("changed", o).await;
    let changed = h
        .wait_for("the changed certificate", |u| match u {
            Update::Certificate { id, changed, sha256 } if id == "changed" => Some((*changed, sha256.clone())),
            _ => None,
        })
        .await;
    assert_eq!(changed, (true, pku.fingerprint.clone()));
    let reason = h
        .wait_for("refused", |u| match u {
            Update::Connection { id, state: ConnState::Disconnected { reason } } if id == "changed" => {
                Some(reason.clone())
            }
            _ => None,
        })
        .await;
    assert!(reason.contains("not the one you accepted"), "{reason}");
}
