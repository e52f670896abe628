//! The engine's queue to the Socket.IO layer, bounded by count and by bytes: when the
//! layer above stops taking messages, a few large ones (files) stop the engine as many
//! small ones do, and the rest waits in the socket, not in memory.

use std::sync::Arc;

use tokio::sync::mpsc::{self, error::TryRecvError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

type Item<T> = (T, Option<OwnedSemaphorePermit>);

/// A queue of at most `limit` items and about `bytes` bytes (an item heavier than that
/// waits until the queue is empty of weighed items).
pub fn channel<T>(limit: usize, bytes: u32) -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = mpsc::channel(limit);
    let room = Arc::new(Semaphore::new(bytes as usize));
    (Sender { tx, room: room.clone(), most: bytes }, Receiver { rx, room })
}

pub struct Sender<T> {
    tx: mpsc::Sender<Item<T>>,
    room: Arc<Semaphore>,
    most: u32,
}

impl<T> Sender<T> {
    /// Wait for room for `weight` bytes and one item, then queue `item`; it comes back
    /// when the receiver is gone.
    pub async fn send(&self, item: T, weight: usize) -> Result<(), T> {
        let n = u32::try_from(weight).unwrap_or(u32::MAX).min(self.most);
        let permit = match n {
            0 => None,
            n => match self.room.clone().acquire_many_owned(n).await {
                Ok(permit) => Some(permit),
                Err(_) => return Err(item),
            },
        };
        self.tx.send((item, permit)).await.map_err(|e| e.0 .0)
    }
}

pub struct Receiver<T> {
    rx: mpsc::Receiver<Item<T>>,
    room: Arc<Semaphore>,
}

impl<T> Receiver<T> {
    /// The next item; its bytes are free for the sender again.
    pub async fn recv(&mut self) -> Option<T> {
        self.rx.recv().await.map(|(item, _)| item)
    }

    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        self.rx.try_recv().map(|(item, _)| item)
    }

    pub fn is_empty(&self) -> bool {
        self.rx.is_empty()
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // A sender waiting for bytes would wait for ever.
        self.room.close();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn heavy_items_wait_for_bytes_light_ones_for_slots() {
        let (tx, mut rx) = channel::<&str>(8, 100);
        tx.send("a", 60).await.unwrap();
        assert!(tokio::time::timeout(Duration::from_millis(50), tx.send("b", 60)).await.is_err(), "120 of 100 bytes");
        tx.send("c", 0).await.unwrap();
        assert_eq!(rx.recv().await, Some("a"));
        tx.send("d", 60).await.unwrap();
        assert_eq!((rx.try_recv(), rx.recv().await), (Ok("c"), Some("d")));
        assert!(rx.is_empty());
    }

    #[tokio::test]
    async fn an_item_heavier_than_the_queue_waits_until_it_is_empty() {
        let (tx, mut rx) = channel::<u32>(8, 100);
        tx.send(1, 10).await.unwrap();
        let tx2 = Arc::new(tx);
        let heavy = tokio::spawn({
            let tx = tx2.clone();
            async move { tx.send(2, 1_000_000).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!heavy.is_finished());
        assert_eq!(rx.recv().await, Some(1));
        tokio::time::timeout(Duration::from_secs(2), heavy).await.unwrap().unwrap().unwrap();
        assert_eq!(rx.recv().await, Some(2));
    }

    #[tokio::test]
    async fn a_dropped_receiver_frees_a_waiting_sender() {
        let (tx, rx) = channel::<u32>(8, 100);
        tx.send(1, 100).await.unwrap();
        let waiting = tokio::spawn(async move { tx.send(2, 50).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(rx);
        assert_eq!(tokio::time::timeout(Duration::from_secs(2), waiting).await.unwrap().unwrap(), Err(2));
    }
}
