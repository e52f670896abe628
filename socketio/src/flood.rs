//! Telling a flood from a trickle, for anything that would rather wait a millisecond and
//! handle what gathered in one go than wake for every message under a flood: the
//! WebSocket reader (`engine::ws::pace`) and the CLI's stdout writer (switchboard-core's
//! `write_pace`) both judge the same way, so they judge here.
//!
//! Messages are counted in windows of at least `WINDOW`; a window with more than
//! `FLOOD_PER_MS` a millisecond is a flood. Whenever our own side acts (sends a frame, is
//! asked for one), answers are awaited and waiting would only slow the exchange: the count
//! starts afresh.

use std::time::{Duration, Instant};

/// Messages per millisecond above which a window is a flood. Low enough that each of 16
/// connections sharing one flood is one (20 left them unpaced: 0.7 of Node's CPU per event
/// there instead of 0.47), high enough that 1,000 events a second are handled at once.
pub const FLOOD_PER_MS: u32 = 4;
/// The wait under a flood: a message is at most this much later than without it (tokio's
/// timer rounds up to 1 ms anyway).
pub const PAUSE: Duration = Duration::from_millis(1);
/// How long a count runs before it is judged.
pub const WINDOW: Duration = Duration::from_millis(1);

/// A closed window: `count` messages in `ms` milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub count: u32,
    pub ms: f64,
}

impl Window {
    /// More than `FLOOD_PER_MS` messages a millisecond.
    pub fn floods(&self) -> bool {
        self.count as f64 / self.ms > FLOOD_PER_MS as f64
    }
}

/// The running count of one window.
#[derive(Debug)]
pub struct FloodMeter {
    since: Instant,
    count: u32,
    /// How often our own side had acted when the count began.
    acted: u64,
}

impl FloodMeter {
    pub fn new(now: Instant) -> FloodMeter {
        FloodMeter { since: now, count: 0, acted: 0 }
    }

    /// One message came.
    pub fn one(&mut self) {
        self.count = self.count.saturating_add(1);
    }

    /// `acted` counts what our own side has done so far (frames sent, actions asked): when
    /// it moved since the last look, the count starts afresh from `now` and this says so.
    pub fn restarted(&mut self, now: Instant, acted: u64) -> bool {
        if acted == self.acted {
            return false;
        }
        *self = FloodMeter { acted, ..FloodMeter::new(now) };
        true
    }

    /// The window, once at least `WINDOW` has passed (the next one begins at `now`);
    /// `None` while it runs, so a short burst is not judged early.
    pub fn close_window(&mut self, now: Instant) -> Option<Window> {
        let elapsed = now.saturating_duration_since(self.since);
        if elapsed < WINDOW {
            return None;
        }
        let window = Window { count: self.count, ms: elapsed.as_secs_f64() * 1000.0 };
        self.since = now;
        self.count = 0;
        Some(window)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `us` microseconds after `start`.
    pub(crate) fn at(start: Instant, us: u64) -> Instant {
        start + Duration::from_micros(us)
    }

    #[test]
    fn a_window_closes_after_a_millisecond_and_the_next_counts_from_there() {
        let t = Instant::now();
        let mut m = FloodMeter::new(t);
        for _ in 0..5 {
            m.one();
        }
        assert_eq!(m.close_window(at(t, 999)), None, "still running");
        let w = m.close_window(at(t, 1250)).expect("closed");
        assert_eq!((w.count, w.ms), (5, 1.25));
        // 5 in 1.25 ms is 4 a millisecond: not more than 4.
        assert!(!w.floods());
        m.one();
        assert_eq!(m.close_window(at(t, 2000)), None, "the next began at 1.25 ms");
        let w = m.close_window(at(t, 2250)).expect("closed");
        assert_eq!(w.count, 1);
        assert!(Window { count: 5, ms: 1.0 }.floods());
    }

    #[test]
    fn acting_starts_the_count_afresh() {
        let t = Instant::now();
        let mut m = FloodMeter::new(t);
        for _ in 0..50 {
            m.one();
        }
        assert!(!m.restarted(at(t, 500), 0), "nothing done yet");
        assert!(m.restarted(at(t, 900), 1));
        assert!(!m.restarted(at(t, 950), 1), "done once, seen once");
        assert_eq!(m.close_window(at(t, 1500)), None, "the window began at 0.9 ms");
        assert_eq!(m.close_window(at(t, 1900)).map(|w| w.count), Some(0));
    }
}
