//! Test harness: the test peers (socketio/tests/peers) started on loopback, and a client
//! whose events a test reads with time limits.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use socketio::{Client, Emit, Event, Options, Transport};

/// Generous: CI machines are slow and busy.
pub const WAIT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// Node socket.io 4.8 (Engine.IO 4).
    Node4,
    /// Node socket.io 2.x (Engine.IO 3).
    Node2,
    /// python-socketio 5 on uvicorn (ASGI).
    PyAsgi,
    /// Flask-SocketIO (threading).
    Flask,
}

pub const ALL: [Peer; 4] = [Peer::Node4, Peer::Node2, Peer::PyAsgi, Peer::Flask];
pub const TRANSPORTS: [Transport; 3] = [Transport::Websocket, Transport::Polling, Transport::Any];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python() -> PathBuf {
    std::env::var_os("SWITCHBOARD_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().parent().expect("socketio/ has a parent").join(".venv/bin/python"))
}

pub struct Server {
    pub peer: Peer,
    pub port: u16,
    child: Child,
}

impl Server {
    pub fn start(peer: Peer, extra: &[&str]) -> Server {
        eprintln!("starting {peer:?} {extra:?}");
        let peers = root().join("tests/peers");
        let mut cmd = match peer {
            Peer::Node4 | Peer::Node2 => {
                let mut c = Command::new("node");
                c.arg(peers.join(if peer == Peer::Node4 { "node4/peer.js" } else { "node2/peer.js" }));
                c
            }
            Peer::PyAsgi | Peer::Flask => {
                let mut c = Command::new(python());
                c.arg(peers.join("py_peer.py")).arg("--flavor").arg(if peer == Peer::PyAsgi {
                    "asgi"
                } else {
                    "flask"
                });
                c
            }
        };
        cmd.args(["--port", "0"]).args(extra).stdin(Stdio::null()).stdout(Stdio::piped());
        // PEER_LOG=1 shows the peers' own logs (with --verbose) beside a failing test's.
        match std::env::var_os("PEER_LOG") {
            Some(_) => cmd.arg("--verbose").stderr(Stdio::inherit()),
            None => cmd.stderr(Stdio::null()),
        };
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("starting {peer:?}: {e}"));
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(p) = line.strip_prefix("LISTENING ") {
                    let _ = tx.send(p.trim().parse::<u16>().ok());
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("{peer:?} did not start listening"));
        Server { peer, port, child }
    }

    pub fn url(&self, namespace: &str) -> String {
        format!("http://127.0.0.1:{}{namespace}", self.port)
    }

    pub fn options(&self, namespace: &str, transport: Transport) -> Options {
        let mut o = Options::new(&self.url(namespace)).expect("a valid url");
        o.transport = transport;
        o.reconnection.delay = Duration::from_millis(200);
        o.reconnection.delay_max = Duration::from_millis(1000);
        o
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client and its events.
pub struct Conn {
    pub client: Client,
    pub events: socketio::backlog::Receiver<Event>,
    /// Events read while looking for another one, in order.
    pub seen: Vec<Event>,
    /// Where it connects, for failure messages.
    pub label: String,
}

impl Conn {
    pub fn open(options: Options) -> Conn {
        let label = format!("{} {:?} {}", options.url, options.transport, options.namespace);
        let (client, events) = Client::connect(options).expect("valid options");
        Conn { client, events, seen: Vec::new(), label }
    }

    /// Open and wait until connected; returns the Connected event.
    pub async fn connected(options: Options) -> (Conn, Event) {
        let mut c = Conn::open(options);
        let e = c.until(|e| matches!(e, Event::Connected { .. })).await;
        (c, e)
    }

    /// The first event that matches (among those already passed over, then new ones),
    /// within `WAIT`.
    pub async fn until(&mut self, mut pred: impl FnMut(&Event) -> bool) -> Event {
        if let Some(i) = self.seen.iter().position(&mut pred) {
            return self.seen.remove(i);
        }
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(e)) if pred(&e) => return e,
                Ok(Some(e)) => self.seen.push(e),
                Ok(None) => panic!("{}: the client ended; seen: {:#?}", self.label, self.seen),
                Err(_) => panic!("{}: timed out; seen: {:#?}", self.label, self.seen),
            }
        }
    }

    /// Wait until the connection runs over WebSocket (after an upgrade). `connected` is the
    /// Connected event: an upgrade that finished before the namespace answered is named there.
    pub async fn upgraded(&mut self, connected: &Event) {
        if !matches!(connected, Event::Connected { transport: "websocket", .. }) {
            self.until(|e| matches!(e, Event::Transport { name: "websocket" })).await;
        }
    }

    /// The next server event named `name`: (args, attachments, ack).
    pub async fn event(&mut self, name: &str) -> (Vec<Value>, Vec<bytes::Bytes>, Option<u64>) {
        match self.until(|e| matches!(e, Event::Event { name: n, .. } if n == name)).await {
            Event::Event { args, attachments, ack, .. } => (socketio::json::values(&args), attachments, ack),
            _ => unreachable!(),
        }
    }

    pub fn emit(&self, name: &str, args: Vec<Value>) -> u64 {
        self.client.emit(Emit::new(name, args)).expect("emit")
    }

    /// Emit with an ack and wait for its answer.
    pub async fn call(&mut self, name: &str, args: Vec<Value>) -> Vec<Value> {
        let id = self.client.emit(Emit::new(name, args).with_ack(WAIT)).expect("emit");
        match self.until(|e| matches!(e, Event::Ack { id: i, .. } | Event::AckFailed { id: i, .. } if *i == id)).await {
            Event::Ack { args, .. } => socketio::json::values(&args),
            other => panic!("{name}: {other:?}"),
        }
    }
}
