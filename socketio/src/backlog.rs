//! A queue that tells its sender when the receiver has fallen behind. Sending never
//! waits (a connection's many small updates are sent from synchronous code); instead the
//! task that reads the network asks `has_room` before it reads more, and waits on `room`
//! while the receiver holds `limit` items, or `byte_limit` bytes of them, or more. So a
//! slow reader leaves the unread data in the socket (the server's TCP window), not in this
//! process's memory, whether the items are many small events or a few large files.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc::{self, error::TryRecvError, UnboundedReceiver, UnboundedSender};
use tokio::sync::Notify;

/// About how many bytes an item holds (its own heap data; a close estimate is enough).
pub trait Weigh {
    fn weight(&self) -> usize;
}

/// About how many bytes a JSON value holds: its strings, plus a word for each value.
pub fn json_weight(value: &serde_json::Value) -> usize {
    use serde_json::Value;
    8 + match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(json_weight).sum(),
        Value::Object(map) => map.iter().map(|(k, v)| k.len() + json_weight(v)).sum(),
        _ => 0,
    }
}

struct Gauge {
    queued: AtomicUsize,
    bytes: AtomicUsize,
    limit: usize,
    byte_limit: usize,
    room: Notify,
}

impl Gauge {
    fn new(limit: usize, byte_limit: usize) -> Arc<Gauge> {
        Arc::new(Gauge {
            queued: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            limit: limit.max(1),
            byte_limit: byte_limit.max(1),
            room: Notify::new(),
        })
    }

    fn has_room(&self) -> bool {
        self.queued.load(Ordering::Acquire) < self.limit && self.bytes.load(Ordering::Acquire) < self.byte_limit
    }
}

/// A queue whose sender sees when `limit` items, or `byte_limit` bytes of them, wait unread.
pub fn channel<T>(limit: usize, byte_limit: usize) -> (Sender<T>, Receiver<T>) {
    let gauge = Gauge::new(limit, byte_limit);
    let (tx, rx) = mpsc::unbounded_channel();
    (Sender { tx: Tx::Weighed(tx), gauge: gauge.clone() }, Receiver { rx, gauge })
}

enum Tx<T> {
    /// Each item with the weight counted for it, taken off again when it is received.
    Weighed(UnboundedSender<(T, usize)>),
    /// Someone else's plain channel: never full.
    Plain(UnboundedSender<T>),
}

pub struct Sender<T> {
    tx: Tx<T>,
    gauge: Arc<Gauge>,
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        let tx = match &self.tx {
            Tx::Weighed(tx) => Tx::Weighed(tx.clone()),
            Tx::Plain(tx) => Tx::Plain(tx.clone()),
        };
        Sender { tx, gauge: self.gauge.clone() }
    }
}

impl<T: Weigh> Sender<T> {
    /// Queue `item`, weighed by `Weigh`; it comes back when the receiver is gone.
    pub fn send(&self, item: T) -> Result<(), T> {
        let weight = match &self.tx {
            Tx::Plain(_) => 0,
            Tx::Weighed(_) => item.weight(),
        };
        self.send_weighing(item, weight)
    }
}

impl<T> Sender<T> {
    /// A sender onto a plain unbounded channel: it always has room.
    pub fn unbounded(tx: UnboundedSender<T>) -> Sender<T> {
        Sender { tx: Tx::Plain(tx), gauge: Gauge::new(usize::MAX, usize::MAX) }
    }

    /// Queue `item`, which weighs `weight` bytes (known already, say from the message's
    /// size on the wire); it comes back when the receiver is gone.
    pub fn send_weighing(&self, item: T, weight: usize) -> Result<(), T> {
        let tx = match &self.tx {
            Tx::Plain(tx) => return tx.send(item).map_err(|e| e.0),
            Tx::Weighed(tx) => tx,
        };
        self.gauge.queued.fetch_add(1, Ordering::AcqRel);
        self.gauge.bytes.fetch_add(weight, Ordering::AcqRel);
        tx.send((item, weight)).map_err(|e| {
            self.gauge.queued.fetch_sub(1, Ordering::AcqRel);
            self.gauge.bytes.fetch_sub(weight, Ordering::AcqRel);
            e.0 .0
        })
    }

    /// Fewer than `limit` items and `byte_limit` bytes wait (or nobody reads any more:
    /// nothing to wait for).
    pub fn has_room(&self) -> bool {
        self.gauge.has_room() || self.is_closed()
    }

    fn is_closed(&self) -> bool {
        match &self.tx {
            Tx::Weighed(tx) => tx.is_closed(),
            Tx::Plain(tx) => tx.is_closed(),
        }
    }

    /// Resolves once `has_room`.
    pub async fn room(&self) {
        loop {
            let notified = self.gauge.room.notified();
            tokio::pin!(notified);
            // Registered before the check, so a receiver taking an item between the two
            // still wakes this.
            notified.as_mut().enable();
            if self.has_room() {
                return;
            }
            notified.await;
        }
    }

    /// Items sent and not yet received.
    pub fn queued(&self) -> usize {
        self.gauge.queued.load(Ordering::Acquire)
    }

    /// Bytes (by `Weigh`) sent and not yet received.
    pub fn queued_bytes(&self) -> usize {
        self.gauge.bytes.load(Ordering::Acquire)
    }
}

pub struct Receiver<T> {
    rx: UnboundedReceiver<(T, usize)>,
    gauge: Arc<Gauge>,
}

impl<T> Receiver<T> {
    pub async fn recv(&mut self) -> Option<T> {
        let (item, weight) = self.rx.recv().await?;
        self.took(weight);
        Some(item)
    }

    /// `recv` for a plain thread (not inside the runtime).
    pub fn blocking_recv(&mut self) -> Option<T> {
        let (item, weight) = self.rx.blocking_recv()?;
        self.took(weight);
        Some(item)
    }

    pub fn is_empty(&self) -> bool {
        self.rx.is_empty()
    }

    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        let (item, weight) = self.rx.try_recv()?;
        self.took(weight);
        Ok(item)
    }

    /// Items sent and not yet received.
    pub fn queued(&self) -> usize {
        self.gauge.queued.load(Ordering::Acquire)
    }

    /// Bytes (by `Weigh`) sent and not yet received.
    pub fn queued_bytes(&self) -> usize {
        self.gauge.bytes.load(Ordering::Acquire)
    }

    fn took(&self, weight: usize) {
        let g = &self.gauge;
        let items_before = g.queued.fetch_sub(1, Ordering::AcqRel);
        let bytes_before = g.bytes.fetch_sub(weight, Ordering::AcqRel);
        // The sender waits while either count is at its limit; it has room again when this
        // take brought one of them under its limit and the other is under too.
        let crossed = items_before >= g.limit || bytes_before >= g.byte_limit;
        if crossed && g.has_room() {
            g.room.notify_waiters();
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // A sender waiting for room would wait for ever.
        self.rx.close();
        self.gauge.room.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// In these tests a number weighs what it says.
    impl Weigh for u32 {
        fn weight(&self) -> usize {
            *self as usize
        }
    }

    #[tokio::test]
    async fn the_sender_waits_for_room_and_is_woken_by_the_reader() {
        let (tx, mut rx) = channel::<u32>(3, usize::MAX);
        for i in 0..3 {
            tx.send(i).unwrap();
        }
        assert!(!tx.has_room());
        assert!(tokio::time::timeout(Duration::from_millis(50), tx.room()).await.is_err(), "full: no room yet");
        let waiting = tokio::spawn({
            let tx = tx.clone();
            async move { tx.room().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(rx.recv().await, Some(0));
        tokio::time::timeout(Duration::from_secs(2), waiting).await.unwrap().unwrap();
        assert!(tx.has_room());
        assert_eq!((tx.queued(), rx.queued()), (2, 2));
        assert_eq!(rx.try_recv().unwrap(), 1);
    }

    #[tokio::test]
    async fn a_dropped_reader_frees_the_sender() {
        let (tx, rx) = channel::<u32>(1, usize::MAX);
        tx.send(1).unwrap();
        let waiting = tokio::spawn({
            let tx = tx.clone();
            async move { tx.room().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(rx);
        tokio::time::timeout(Duration::from_secs(2), waiting).await.unwrap().unwrap();
        assert_eq!(tx.send(2), Err(2));
    }

    #[tokio::test]
    async fn a_few_heavy_items_fill_it_as_many_light_ones_do() {
        let (tx, mut rx) = channel::<u32>(100, 1000);
        tx.send(600).unwrap();
        assert!(tx.has_room(), "600 of 1000 bytes");
        tx.send(500).unwrap();
        assert!(!tx.has_room(), "1100 bytes wait: over the byte limit with 2 of 100 items");
        assert_eq!(tx.queued_bytes(), 1100);
        let waiting = tokio::spawn({
            let tx = tx.clone();
            async move { tx.room().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished());
        assert_eq!(rx.recv().await, Some(600));
        tokio::time::timeout(Duration::from_secs(2), waiting).await.unwrap().unwrap();
        assert_eq!((tx.queued(), tx.queued_bytes()), (1, 500));
    }

    #[tokio::test]
    async fn room_comes_back_only_when_both_counts_are_under_their_limits() {
        let (tx, mut rx) = channel::<u32>(2, 100);
        for w in [100, 0, 0] {
            tx.send(w).unwrap();
        }
        assert!(!tx.has_room());
        let waiting = tokio::spawn({
            let tx = tx.clone();
            async move { tx.room().await }
        });
        assert_eq!(rx.recv().await, Some(100));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "bytes are under now, but 2 items still wait");
        assert_eq!(rx.recv().await, Some(0));
        tokio::time::timeout(Duration::from_secs(2), waiting).await.unwrap().unwrap();
    }

    #[test]
    fn a_json_value_weighs_about_its_text() {
        let big = serde_json::json!({"$binary": "A".repeat(87_384)});
        assert!((87_384..87_384 + 64).contains(&json_weight(&big)), "{}", json_weight(&big));
        let small = serde_json::json!([1, "ab", {"k": null}]);
        assert_eq!(json_weight(&small), 8 + 8 + (8 + 2) + (8 + 1 + 8));
    }

    #[tokio::test]
    async fn an_unbounded_sender_always_has_room() {
        let (raw, mut rx) = mpsc::unbounded_channel();
        let tx = Sender::unbounded(raw);
        for i in 0..10_000 {
            tx.send(i).unwrap();
        }
        assert!(tx.has_room());
        assert_eq!(rx.recv().await, Some(0));
    }
}
