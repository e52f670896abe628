//! Forwards core updates to the window: batched JSON arrays under 64 KB, at most one
//! delivery a frame (16 ms) while updates stream and at once after a quiet frame, over one
//! `tauri::ipc::Channel`. At 10,000 events/s, 8 KB batches made 240
//! deliveries a second; 64 KB ones make about one a frame, and the web view kept 37 MiB
//! less after 100,000 events (make bench-ui).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_core::sink::Updates;
use switchboard_core::{batch::Batcher, connection::Sink};
use tauri::ipc::{Channel, InvokeResponseBody};

const MAX_BATCH_BYTES: usize = 64 * 1024;
const FLUSH_EVERY: Duration = Duration::from_millis(16);

#[derive(Clone, Default)]
pub struct Forwarder {
    channel: Arc<Mutex<Option<Channel>>>,
}

impl Forwarder {
    pub fn set_channel(&self, channel: Channel) {
        if let Ok(mut slot) = self.channel.lock() {
            *slot = Some(channel);
        }
    }

    fn send(&self, batch: String) {
        let channel = self.channel.lock().ok().and_then(|c| c.clone());
        if let Some(channel) = channel {
            let _ = channel.send(InvokeResponseBody::Json(batch));
        }
    }
}

/// The sink the core writes to, and the forwarder the window subscribes through.
pub fn start() -> (Sink, Forwarder) {
    // Bounded: while the window is behind, the connections stop reading the network.
    let (sink, rx) =
        Sink::bounded(switchboard_core::sink::UPDATES_WAITING, switchboard_core::sink::UPDATE_BYTES_WAITING);
    let forwarder = Forwarder::default();
    tauri::async_runtime::spawn(pump(rx, forwarder.clone()));
    (sink, forwarder)
}

async fn pump(mut rx: Updates, forwarder: Forwarder) {
    let mut batcher = Batcher::new(MAX_BATCH_BYTES);
    let mut last = tokio::time::Instant::now().checked_sub(FLUSH_EVERY).unwrap_or_else(tokio::time::Instant::now);
    loop {
        // Wait for the first update. After a quiet frame it goes at once, with whatever
        // waits beside it (the server list at start, a lone event); while updates stream,
        // they are gathered until a frame after the last delivery.
        let Some(first) = rx.recv().await else { return };
        let deadline = last + FLUSH_EVERY;
        let mut next = Some(first);
        while let Some(update) = next.take() {
            if let Ok(json) = serde_json::to_string(&update) {
                if let Some(full) = batcher.push(&json) {
                    forwarder.send(full);
                }
            }
            next = match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(u)) => Some(u),
                Ok(None) | Err(_) => None,
            };
        }
        if let Some(rest) = batcher.take() {
            forwarder.send(rest);
        }
        last = tokio::time::Instant::now();
    }
}
