//! Test harness: real reference servers on loopback (python-socketio and Node socket.io),
//! and a `Core` whose updates the test reads.
#![allow(dead_code)]

pub mod cli;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use switchboard_core::{Action, ConnState, ConnectionOptions, Core, Update};
use tokio::sync::mpsc::{self, UnboundedReceiver};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("core/ has a parent").to_path_buf()
}

pub fn python() -> PathBuf {
    std::env::var_os("SWITCHBOARD_PYTHON").map(PathBuf::from).unwrap_or_else(|| repo_root().join(".venv/bin/python"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Python,
    Node,
    /// The session host reference server (Flask-SocketIO).
    SessionHost,
    /// The dorm room reference server (Flask-SocketIO).
    Dorm,
    /// The Space reference server (python-socketio, ASGI).
    Space,
    /// The file exchange sessions reference server (Node socket.io, namespace /pku).
    FileExchange,
}

pub const BOTH: [Kind; 2] = [Kind::Python, Kind::Node];

/// A reference echo server; killed when dropped.
pub struct Server {
    pub kind: Kind,
    pub port: u16,
    pub tls: bool,
    extra: Vec<String>,
    child: Child,
}

impl Server {
    pub fn start(kind: Kind, extra: &[&str]) -> Server {
        Self::start_on(kind, 0, extra.iter().map(|s| s.to_string()).collect())
    }

    fn start_on(kind: Kind, port: u16, extra: Vec<String>) -> Server {
        Self::try_start_on(kind, port, extra).unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_start_on(kind: Kind, port: u16, extra: Vec<String>) -> Result<Server, String> {
        let root = repo_root();
        let mut cmd = match kind {
            Kind::Python => {
                let mut c = Command::new(python());
                c.arg(root.join("servers/echo_py/server.py"));
                c
            }
            Kind::Node => {
                let mut c = Command::new("node");
                c.arg(root.join("servers/echo_node/server.js"));
                c
            }
            Kind::SessionHost => {
                let mut c = Command::new(python());
                c.arg(root.join("servers/session_host/server.py"));
                c
            }
            Kind::Dorm => {
                let mut c = Command::new(python());
                c.arg(root.join("servers/dorm/server.py"));
                c
            }
            Kind::Space => {
                let mut c = Command::new(python());
                c.arg(root.join("servers/space/server.py"));
                c
            }
            Kind::FileExchange => {
                let mut c = Command::new("node");
                c.arg(root.join("servers/file_exchange/server.js"));
                c
            }
        };
        cmd.arg("--port").arg(port.to_string()).args(&extra);
        cmd.stdout(Stdio::piped()).stderr(Stdio::null()).stdin(Stdio::null());
        let mut child = cmd.spawn().map_err(|e| format!("cannot start the {kind:?} server: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let Some(port) = line.trim().strip_prefix("LISTENING ").and_then(|p| p.parse().ok()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{kind:?} server did not say LISTENING: {line:?}"));
        };
        let tls = extra.iter().any(|a| a == "--tls-cert");
        Ok(Server { kind, port, tls, extra, child })
    }

    pub fn url(&self, path: &str) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}{path}", self.port)
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Start the same server again on the same port (retrying while the port is released).
    pub fn restart(&mut self) {
        self.kill();
        for tries in 0.. {
            match Self::try_start_on(self.kind, self.port, self.extra.clone()) {
                Ok(fresh) => {
                    *self = fresh;
                    return;
                }
                Err(e) if tries >= 50 => panic!("{e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A self-signed certificate for 127.0.0.1 in a temporary directory.
pub struct Cert {
    pub dir: tempfile::TempDir,
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub fn make_cert() -> Cert {
    let dir = tempfile::tempdir().expect("temp dir");
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    let status = Command::new(python())
        .arg(repo_root().join("servers/tools/make_cert.py"))
        .arg(&cert)
        .arg(&key)
        .status()
        .expect("make_cert.py runs");
    assert!(status.success(), "make_cert.py failed");
    Cert { dir, cert, key }
}

/// A `Core` and the updates it produced.
pub struct Harness {
    pub core: Core,
    pub updates: UnboundedReceiver<Update>,
    /// Every update received so far (for failure messages).
    pub seen: Vec<Update>,
    /// Received updates no `wait_for` has taken yet, oldest first: waiting for one
    /// connection's update must not swallow another's.
    unclaimed: std::collections::VecDeque<Update>,
}

pub const WAIT: Duration = Duration::from_secs(20);

impl Harness {
    pub fn new() -> Harness {
        let (sink, updates) = mpsc::unbounded_channel();
        Harness { core: Core::new(sink), updates, seen: Vec::new(), unclaimed: Default::default() }
    }

    pub async fn dispatch(&self, action: Action) {
        self.core.dispatch(action).await.expect("dispatch succeeds");
    }

    pub async fn connect(&self, id: &str, options: ConnectionOptions) {
        self.dispatch(Action::Connect { id: id.into(), options }).await;
    }

    pub async fn emit(&self, id: &str, event: &str, args: Vec<Value>) {
        self.dispatch(Action::Emit {
            id: id.into(),
            event: event.into(),
            args,
            ack: false,
            emit_id: None,
            ack_timeout_ms: None,
        })
        .await;
    }

    pub async fn emit_ack(&self, id: &str, event: &str, args: Vec<Value>, emit_id: u64, timeout_ms: u64) {
        self.dispatch(Action::Emit {
            id: id.into(),
            event: event.into(),
            args,
            ack: true,
            emit_id: Some(emit_id),
            ack_timeout_ms: Some(timeout_ms),
        })
        .await;
    }

    /// Wait for the oldest unclaimed update that `pick` maps to something, and claim it.
    pub async fn wait_for<T>(&mut self, what: &str, mut pick: impl FnMut(&Update) -> Option<T>) -> T {
        for i in 0..self.unclaimed.len() {
            if let Some(t) = pick(&self.unclaimed[i]) {
                self.unclaimed.remove(i);
                return t;
            }
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.updates.recv()).await {
                Ok(Some(u)) => {
                    let hit = pick(&u);
                    self.seen.push(u.clone());
                    match hit {
                        Some(t) => return t,
                        None => self.unclaimed.push_back(u),
                    }
                }
                Ok(None) => panic!("update channel closed while waiting for {what}"),
                Err(_) => panic!("timed out waiting for {what}; saw: {:#?}", self.seen),
            }
        }
    }

    /// The answer to protocol request `request_id` on `id`: `None` when done, else the error.
    pub async fn answer_to(&mut self, id: &str, request_id: u64) -> Option<String> {
        let id = id.to_owned();
        self.wait_for(&format!("the answer to request {request_id}"), |u| match u {
            Update::Answer { id: i, request_id: r, error } if *i == id && *r == request_id => Some(error.clone()),
            _ => None,
        })
        .await
    }

    pub async fn connected(&mut self, id: &str) {
        let id = id.to_owned();
        self.wait_for("connected", |u| match u {
            Update::Connection { id: i, state: ConnState::Connected { .. } } if *i == id => Some(()),
            _ => None,
        })
        .await
    }

    /// The next incoming event named `name` on connection `id`: its arguments.
    pub async fn event(&mut self, id: &str, name: &str) -> Vec<Value> {
        let (id, name) = (id.to_owned(), name.to_owned());
        self.wait_for(&format!("event {name}"), |u| match u {
            Update::Event { id: i, direction: switchboard_core::Direction::In, event, args, .. }
                if *i == id && *event == name =>
            {
                Some(socketio::json::values(args))
            }
            _ => None,
        })
        .await
    }

    pub async fn ack(&mut self, id: &str, emit_id: u64) -> Vec<Value> {
        let id = id.to_owned();
        self.wait_for(&format!("ack {emit_id}"), |u| match u {
            Update::Ack { id: i, emit_id: e, args } if *i == id && *e == emit_id => Some(socketio::json::values(args)),
            _ => None,
        })
        .await
    }

    /// `whoami` answered through an ack: the server's view of this connection.
    pub async fn whoami(&mut self, id: &str, emit_id: u64) -> Value {
        self.emit_ack(id, "whoami", vec![], emit_id, 5000).await;
        let mut args = self.ack(id, emit_id).await;
        assert_eq!(args.len(), 1, "whoami answers one object");
        args.remove(0)
    }
}

pub fn options(url: String) -> ConnectionOptions {
    ConnectionOptions { url, ..Default::default() }
}
