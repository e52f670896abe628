//! The public handle: a Socket.IO connection to one namespace, in the spirit of the
//! JavaScript client's Manager + Socket. It connects, reconnects with backoff, keeps
//! what is emitted offline, matches acks, and tells everything as `Event`s.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::backlog;
use crate::error::{Error, Result};
use crate::event::{Command, Emit, Event};
use crate::options::Options;

/// Events a reader may leave unread before the connection stops reading the network.
pub const EVENTS_WAITING: usize = 256;
/// Or this many bytes of them (see `backlog::Weigh`): 256 events of 64 KiB would be 16 MiB
/// for each connection.
pub const EVENT_BYTES_WAITING: usize = 2 << 20;

/// A connection. Dropping it disconnects.
pub struct Client {
    commands: mpsc::UnboundedSender<Command>,
    next_id: Arc<AtomicU64>,
    task: Option<JoinHandle<()>>,
}

impl Client {
    /// Start connecting now; everything that happens arrives on the receiver. While
    /// `EVENTS_WAITING` events (or `EVENT_BYTES_WAITING` bytes of them) wait unread there,
    /// nothing more is read from the network.
    pub fn connect(options: Options) -> Result<(Client, backlog::Receiver<Event>)> {
        options.check()?;
        options.tls.connector()?;
        let (commands, rx) = mpsc::unbounded_channel();
        let (events, events_rx) = backlog::channel(EVENTS_WAITING, EVENT_BYTES_WAITING);
        let task = tokio::spawn(crate::session::Session::new(options, events).run(rx));
        Ok((Client { commands, next_id: Arc::new(AtomicU64::new(1)), task: Some(task) }, events_rx))
    }

    /// Send an event now, or when the connection is back. Returns its id (acks and
    /// progress carry it).
    pub fn emit(&self, emit: Emit) -> Result<u64> {
        crate::packet::check_placeholders(&emit.args, emit.attachments.len())
            .map_err(|e| Error::InvalidOption(e.to_string()))?;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.commands.send(Command::Emit(id, emit)).map_err(|_| Error::Ended)?;
        Ok(id)
    }

    /// Answer a server's ack request (`Event::Event { ack: Some(n) }`).
    pub fn ack_reply(&self, ack: u64, args: Vec<Value>, attachments: Vec<Bytes>) -> Result<()> {
        crate::packet::check_placeholders(&args, attachments.len()).map_err(|e| Error::InvalidOption(e.to_string()))?;
        self.commands.send(Command::AckReply { ack, args, attachments }).map_err(|_| Error::Ended)
    }

    /// Send what waited offline (with `flush_on_connect` off).
    pub fn flush(&self) {
        let _ = self.commands.send(Command::Flush);
    }

    /// Disconnect and stop reconnecting; resolves when the connection is closed.
    pub async fn disconnect(mut self) {
        let _ = self.commands.send(Command::Disconnect);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Disconnect);
    }
}
