//! Where updates go (the window's batcher, or the CLI's stdout), and on the way, into the
//! history when the run keeps one. The window cannot hold a file's base64 in its event
//! list, so its sink asks for very long strings to be cut; the CLI's carries them whole.

use socketio::{backlog, Json};
use tokio::sync::mpsc::UnboundedSender;

use crate::api::Update;
use crate::history::Recorder;

/// Updates the window or the CLI may leave unread before the connections stop reading the
/// network (a slow reader then holds the server back, not this process's memory).
pub const UPDATES_WAITING: usize = 1024;
/// Or this many bytes of them: 1,024 events of 64 KiB (87 KB as base64) would be 89 MB.
pub const UPDATE_BYTES_WAITING: usize = 8 << 20;

impl backlog::Weigh for Update {
    /// Events and answers carry what the server sent; the rest is small (a page of history
    /// is read when asked for, not while a connection floods).
    fn weight(&self) -> usize {
        match self {
            Update::Event { args, .. } | Update::Ack { args, .. } => 64 + args.iter().map(Json::weight).sum::<usize>(),
            _ => 256,
        }
    }
}

/// Where a bounded sink's reader takes its updates.
pub type Updates = backlog::Receiver<Update>;

/// Nobody receives updates any more.
#[derive(Debug)]
pub struct Gone;

#[derive(Clone)]
pub struct Sink {
    out: backlog::Sender<Update>,
    history: Option<Recorder>,
    cut_long_strings: bool,
}

impl Sink {
    /// Hand on an update; `Err` when nobody receives updates any more (the run is ending).
    pub fn send(&self, update: Update) -> Result<(), Gone> {
        if let Some(history) = &self.history {
            history.record(&update);
        }
        self.out.send(update).map_err(|_| Gone)
    }

    /// A sink whose reader may leave `limit` updates, or `byte_limit` bytes of them, unread
    /// before the connections wait.
    pub fn bounded(limit: usize, byte_limit: usize) -> (Sink, Updates) {
        let (out, updates) = backlog::channel(limit, byte_limit);
        (Sink { out, history: None, cut_long_strings: false }, updates)
    }

    /// The reader has not fallen behind: a connection may read more from the network.
    pub fn has_room(&self) -> bool {
        self.out.has_room()
    }

    /// Resolves once `has_room`.
    pub async fn room(&self) {
        self.out.room().await
    }

    /// The same sink, for a reader that wants very long strings of events cut (the window).
    pub fn cutting_long_strings(self) -> Sink {
        Sink { cut_long_strings: true, ..self }
    }

    pub fn cuts_long_strings(&self) -> bool {
        self.cut_long_strings
    }

    /// The same sink, also recording into a history.
    pub fn recording(self, history: Recorder) -> Sink {
        Sink { history: Some(history), ..self }
    }
}

impl From<UnboundedSender<Update>> for Sink {
    fn from(out: UnboundedSender<Update>) -> Self {
        Sink { out: backlog::Sender::unbounded(out), history: None, cut_long_strings: false }
    }
}
