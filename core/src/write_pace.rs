//! When the CLI's writer thread writes to stdout under a flood.
//!
//! The writer flushed whenever its queue was empty, then slept until the next update. Fed
//! one update at a time by a flooding connection, it found the queue empty after every
//! few: per million 16-character events, 163k writes to the pipe and 321k futex calls,
//! each sleep a wakeup the connections' thread paid for. Under a flood (more than 4 lines
//! a millisecond, judged as the WebSocket reader judges: `socketio::flood`) the writer,
//! finding the queue empty, first waits `PAUSE` once, so a millisecond of lines goes out
//! in one write. A lone update is written at once, as before, and so is everything while
//! the CLI's reader is sending it actions: it awaits the answers (acks kept 1 in flight
//! went from 6.4k to 3.6k a second when they waited too).

use std::time::Instant;

use socketio::flood::FloodMeter;
/// The wait: lines are at most this much later than without it.
pub use socketio::flood::PAUSE;

pub struct WritePace {
    meter: FloodMeter,
    flooding: bool,
    /// Whether it waited since the last write: it waits once per write, at most.
    waited: bool,
}

impl WritePace {
    pub fn new(now: Instant) -> WritePace {
        WritePace { meter: FloodMeter::new(now), flooding: false, waited: false }
    }

    /// One line was put in the buffer.
    pub fn line(&mut self) {
        self.meter.one();
    }

    /// The queue is empty: should the writer wait `PAUSE` (and look again) before it
    /// writes what it holds? `asked` counts the actions the CLI has read so far. Call
    /// `wrote` once it writes.
    pub fn wait_before_write(&mut self, now: Instant, asked: u64) -> bool {
        if self.meter.restarted(now, asked) {
            // Asked: the answers are awaited.
            self.flooding = false;
            self.waited = false;
            return false;
        }
        if let Some(window) = self.meter.close_window(now) {
            self.flooding = window.floods();
        }
        let wait = self.flooding && !self.waited;
        self.waited |= wait;
        wait
    }

    /// The buffer was written out.
    pub fn wrote(&mut self) {
        self.waited = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(start: Instant, us: u64) -> Instant {
        start + Duration::from_micros(us)
    }

    #[test]
    fn a_flood_waits_once_per_write_and_a_trickle_never() {
        let t = Instant::now();
        let mut p = WritePace::new(t);
        for _ in 0..50 {
            p.line();
        }
        // 50 lines in 1.2 ms: wait once, then write even if the queue is empty again.
        assert!(p.wait_before_write(at(t, 1200), 0));
        for _ in 0..5 {
            p.line();
        }
        assert!(!p.wait_before_write(at(t, 1500), 0));
        p.wrote();
        // Still a flood (judged on the window before), so the next write waits once again.
        assert!(p.wait_before_write(at(t, 1600), 0));
        p.wrote();
        // 1,000 lines a second: never waits.
        let mut p = WritePace::new(t);
        for i in 1..=1000u64 {
            p.line();
            assert!(!p.wait_before_write(at(t, i * 1000), 0), "line {i}");
            p.wrote();
        }
    }

    #[test]
    fn lines_are_written_at_once_while_actions_come_in() {
        let t = Instant::now();
        let mut p = WritePace::new(t);
        for _ in 0..100 {
            p.line();
        }
        // An action was read: its answer is awaited.
        assert!(!p.wait_before_write(at(t, 1000), 1));
        for (i, us) in [1100u64, 1200, 1300].into_iter().enumerate() {
            p.line();
            assert!(!p.wait_before_write(at(t, us), 2 + i as u64), "answer {i}");
            p.wrote();
        }
    }

    #[test]
    fn a_flood_that_stops_writes_at_once_again() {
        let t = Instant::now();
        let mut p = WritePace::new(t);
        for _ in 0..100 {
            p.line();
        }
        assert!(p.wait_before_write(at(t, 1000), 0));
        p.wrote();
        // Then one line in the next 10 ms: quiet.
        p.line();
        assert!(!p.wait_before_write(at(t, 11_000), 0));
    }
}
