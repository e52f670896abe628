//! One Socket.IO connection on the project's own client (the `socketio` crate): a handle
//! (`Connection`) on a supervisor task (`supervisor.rs`).

pub mod cert;
mod certificates;
mod command;
mod connect_error;
pub mod options;
pub mod payload;
mod supervisor;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::task::JoinHandle;

use crate::api::{ConnId, ConnectionOptions};
use crate::error::Error;
use crate::files::store::FileStore;
use command::Command;
pub use supervisor::Sink;
use supervisor::Supervisor;

/// Default time an emit waits for its ack.
pub const DEFAULT_ACK_TIMEOUT: Duration = Duration::from_secs(10);

/// A handle on a running connection. Dropping it stops the connection.
pub struct Connection {
    commands: UnboundedSender<Command>,
    task: Option<JoinHandle<()>>,
    /// The options it was opened with (simulated participants copy them).
    pub options: ConnectionOptions,
}

impl Connection {
    /// Start connecting now; states and events go to `sink`.
    pub fn spawn(
        id: ConnId,
        options: ConnectionOptions,
        token: Option<String>,
        sink: Sink,
        files: Arc<FileStore>,
    ) -> Self {
        let (commands, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(Supervisor::new(id, options.clone(), token, sink, files).run(rx));
        Self { commands, task: Some(task), options }
    }

    /// Emit now, or as soon as the connection is back.
    pub fn emit(&self, event: String, args: Vec<Value>, ack: Option<(u64, Duration)>) -> Result<(), Error> {
        self.commands
            .send(Command::Emit { event, args, ack, file: None })
            .map_err(|_| Error::NotConnected("the connection has ended".into()))
    }

    /// Answer a server's ack request.
    pub fn ack_reply(&self, ack: u64, args: Vec<Value>) -> Result<(), Error> {
        self.commands
            .send(Command::AckReply { ack, args })
            .map_err(|_| Error::NotConnected("the connection has ended".into()))
    }

    /// Send a protocol request now, or as soon as the connection is back; `request` is the
    /// caller's id for it.
    pub fn protocol(&self, action: crate::protocol::ProtocolAction, request: Option<u64>) -> Result<(), Error> {
        send_protocol(&self.commands, action, request)
    }

    /// A handle for sending protocol requests later (a file once it has been read).
    pub fn requests(&self) -> Requests {
        Requests(self.commands.clone())
    }

    /// Close the connection and stop retrying; resolves when it is closed.
    pub async fn disconnect(mut self) {
        let _ = self.commands.send(Command::Disconnect);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// Sends protocol requests to a connection; fails once that connection has ended.
#[derive(Clone)]
pub struct Requests(UnboundedSender<Command>);

impl Requests {
    pub fn protocol(&self, action: crate::protocol::ProtocolAction) -> Result<(), Error> {
        send_protocol(&self.0, action, None)
    }
}

fn send_protocol(
    commands: &UnboundedSender<Command>,
    action: crate::protocol::ProtocolAction,
    request: Option<u64>,
) -> Result<(), Error> {
    commands
        .send(Command::Protocol(action, request))
        .map_err(|_| Error::NotConnected("the connection has ended".into()))
}

impl Drop for Connection {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Disconnect);
    }
}
