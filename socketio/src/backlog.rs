//! A queue that tells its sender when the receiver has fallen behind. Sending never
//! waits (a connection's many small updates are sent from synchronous code); instead the
//! task that reads the network asks `has_room` before it reads more, and waits on `room`
//! while the receiver holds `limit` items or more. So a slow reader leaves the unread
//! data in the socket (the server's TCP window), not in this process's memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc::{self, error::TryRecvError, UnboundedReceiver, UnboundedSender};
use tokio::sync::Notify;

struct Gauge {
    queued: AtomicUsize,
    limit: usize,
    room: Notify,
}

/// A queue whose sender sees when `limit` items wait unread.
pub fn channel<T>(limit: usize) -> (Sender<T>, Receiver<T>) {
    let gauge = Arc::new(Gauge { queued: AtomicUsize::new(0), limit: limit.max(1), room: Notify::new() });
    let (tx, rx) = mpsc::unbounded_channel();
    (Sender { tx, gauge: gauge.clone() }, Receiver { rx, gauge })
}

pub struct Sender<T> {
    tx: UnboundedSender<T>,
    gauge: Arc<Gauge>,
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        Sender { tx: self.tx.clone(), gauge: self.gauge.clone() }
    }
}

impl<T> Sender<T> {
    /// A sender onto a plain unbounded channel: it always has room.
    pub fn unbounded(tx: UnboundedSender<T>) -> Sender<T> {
        Sender { tx, gauge: Arc::new(Gauge { queued: AtomicUsize::new(0), limit: usize::MAX, room: Notify::new() }) }
    }

    /// Queue `item`; it comes back when the receiver is gone.
    pub fn send(&self, item: T) -> Result<(), T> {
        if self.gauge.limit != usize::MAX {
            self.gauge.queued.fetch_add(1, Ordering::AcqRel);
        }
        self.tx.send(item).map_err(|e| {
            if self.gauge.limit != usize::MAX {
                self.gauge.queued.fetch_sub(1, Ordering::AcqRel);
            }
            e.0
        })
    }

    /// Fewer than `limit` items wait (or nobody reads any more: nothing to wait for).
    pub fn has_room(&self) -> bool {
        self.gauge.queued.load(Ordering::Acquire) < self.gauge.limit || self.tx.is_closed()
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
}

pub struct Receiver<T> {
    rx: UnboundedReceiver<T>,
    gauge: Arc<Gauge>,
}

impl<T> Receiver<T> {
    pub async fn recv(&mut self) -> Option<T> {
        let item = self.rx.recv().await;
        if item.is_some() {
            self.took();
        }
        item
    }

    /// `recv` for a plain thread (not inside the runtime).
    pub fn blocking_recv(&mut self) -> Option<T> {
        let item = self.rx.blocking_recv();
        if item.is_some() {
            self.took();
        }
        item
    }

    pub fn is_empty(&self) -> bool {
        self.rx.is_empty()
    }

    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        let item = self.rx.try_recv()?;
        self.took();
        Ok(item)
    }

    /// Items sent and not yet received.
    pub fn queued(&self) -> usize {
        self.gauge.queued.load(Ordering::Acquire)
    }

    fn took(&self) {
        // Down from the limit: the sender has room again.
        if self.gauge.queued.fetch_sub(1, Ordering::AcqRel) == self.gauge.limit {
            self.gauge.room.notify_waiters();
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

    #[tokio::test]
    async fn the_sender_waits_for_room_and_is_woken_by_the_reader() {
        let (tx, mut rx) = channel::<u32>(3);
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
        let (tx, rx) = channel::<u32>(1);
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
