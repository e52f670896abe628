//! When to read again under a flood.
//!
//! Reading each small frame the moment it lands costs the server a wakeup of this reader
//! per event: against a Node server flooding 16-byte events the server spent about a
//! quarter more kernel time per event for this client than for the Node client, and sent
//! fewer events. So under a flood (`crate::flood`: more than 4 messages a millisecond),
//! the reader waits `flood::PAUSE` before its next read and takes what gathered in one go
//! (as network cards moderate interrupts). A lone message is read at once, and so is everything while this
//! client is sending too: answers to its own requests (acks in flight) are awaited, and a
//! pause would only slow the exchange (measured: 100 acks in flight, 15% fewer a second).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::flood::FloodMeter;

/// Messages per millisecond over all connections of this process above which every
/// connection that reads at all is paced: a flood shared by many connections (16 sharing
/// 46k JSON events a second read under 3 a millisecond each, every frame alone).
const PROCESS_FLOOD_PER_MS: u32 = 20;
/// Messages read by every connection of this process.
static READ: AtomicU64 = AtomicU64::new(0);

/// Messages read so far by every connection of this process.
pub fn read_by_all() -> u64 {
    READ.load(Ordering::Relaxed)
}

pub struct Pace {
    meter: FloodMeter,
    flooding: bool,
    /// Messages all connections had read when the window began.
    all: u64,
}

impl Pace {
    pub fn new(now: Instant) -> Pace {
        Pace { meter: FloodMeter::new(now), flooding: false, all: read_by_all() }
    }

    /// One message was read.
    pub fn read_one(&mut self) {
        self.meter.one();
        READ.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything read is handled and the next read would wait on the socket: should it
    /// first pause (`flood::PAUSE`)? `sent` counts the frames this client has sent so far,
    /// `all` the messages every connection has read so far (`read_by_all`).
    pub fn pause_before_read(&mut self, now: Instant, sent: u64, all: u64) -> bool {
        if self.meter.restarted(now, sent) {
            // Sending: answers are awaited.
            self.flooding = false;
            self.all = all;
            return false;
        }
        if let Some(window) = self.meter.close_window(now) {
            let all_per_ms = all.saturating_sub(self.all) as f64 / window.ms;
            self.flooding = window.floods() || (window.count > 0 && all_per_ms > PROCESS_FLOOD_PER_MS as f64);
            self.all = all;
        }
        self.flooding
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flood::tests::at;

    #[test]
    fn a_flood_is_paced_and_a_trickle_is_not() {
        let t = Instant::now();
        let mut p = Pace::new(t);
        // 100 messages in 1.2 ms: a flood.
        for _ in 0..100 {
            p.read_one();
        }
        assert!(p.pause_before_read(at(t, 1200), 0, 0));
        // It stays judged a flood until the next window is counted.
        assert!(p.pause_before_read(at(t, 1500), 0, 0));
        // Then one message in the next 5 ms: quiet again.
        p.read_one();
        assert!(!p.pause_before_read(at(t, 6200), 0, 0));
    }

    #[test]
    fn a_share_of_a_flood_is_paced_and_a_thousand_a_second_is_not() {
        // One of 16 connections sharing 110k events a second: about 7 a millisecond.
        let t = Instant::now();
        let mut p = Pace::new(t);
        for _ in 0..7 {
            p.read_one();
        }
        assert!(p.pause_before_read(at(t, 1000), 0, 0));
        // 1,000 events a second, each read as it comes.
        let mut p = Pace::new(t);
        for i in 1..=1000u64 {
            p.read_one();
            assert!(!p.pause_before_read(at(t, i * 1000), 0, 0), "event {i}");
        }
    }

    #[test]
    fn a_flood_shared_by_many_connections_paces_each_that_reads() {
        let t = Instant::now();
        // (Counts from each one's own start: other tests read in parallel.)
        let mut p = Pace::new(t);
        // 3 a millisecond here, while all connections together read 45.
        for _ in 0..3 {
            p.read_one();
        }
        assert!(p.pause_before_read(at(t, 1000), 0, p.all + 45));
        // A connection that read nothing is not paced; one alone at 3 a millisecond is not.
        let mut idle = Pace::new(t);
        assert!(!idle.pause_before_read(at(t, 1000), 0, idle.all + 45));
        let mut alone = Pace::new(t);
        for _ in 0..3 {
            alone.read_one();
        }
        assert!(!alone.pause_before_read(at(t, 1000), 0, alone.all + 3));
    }

    #[test]
    fn a_request_and_answer_exchange_is_never_paced() {
        // 3,000 answers a second, each read as it comes (the 1-ack round-trip bench).
        let t = Instant::now();
        let mut p = Pace::new(t);
        for i in 1..=3000u64 {
            p.read_one();
            assert!(!p.pause_before_read(at(t, i * 333), 0, 0), "answer {i}");
        }
    }

    #[test]
    fn a_short_burst_inside_a_window_is_not_judged_early() {
        let t = Instant::now();
        let mut p = Pace::new(t);
        for _ in 0..50 {
            p.read_one();
        }
        assert!(!p.pause_before_read(at(t, 300), 0, 0), "the window is not over yet");
    }

    #[test]
    fn answers_awaited_while_sending_are_never_paced() {
        // 100 acks in flight: answers come fast, but the client sends as fast.
        let t = Instant::now();
        let mut p = Pace::new(t);
        for i in 1..=1000u64 {
            for _ in 0..30 {
                p.read_one();
            }
            assert!(!p.pause_before_read(at(t, i * 1000), i, 0), "round {i}");
        }
        // When the client stops sending and the flood goes on, pacing starts.
        for i in 1001..=1003u64 {
            for _ in 0..30 {
                p.read_one();
            }
            p.pause_before_read(at(t, i * 1000), 1000, 0);
        }
        assert!(p.pause_before_read(at(t, 1003 * 1000 + 10), 1000, 0));
    }
}
