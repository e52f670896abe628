//! Updates reach the window in batches: a JSON array of updates, each message kept under
//! a byte budget (Tauri's IPC is happiest with small messages) and flushed on a short
//! timer by the caller. An update larger than the budget on its own is sent alone.

/// Accumulates serialized updates into JSON arrays of at most `max_bytes`.
#[derive(Debug)]
pub struct Batcher {
    max_bytes: usize,
    buf: String,
}

impl Batcher {
    pub fn new(max_bytes: usize) -> Self {
        Self { max_bytes, buf: String::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Add one serialized update; returns a full batch when this one did not fit.
    pub fn push(&mut self, json: &str) -> Option<String> {
        // `[` + parts joined by `,` + `]`
        let needed = self.buf.len() + json.len() + 2;
        let flushed = if !self.buf.is_empty() && needed > self.max_bytes { self.take() } else { None };
        self.buf.push(if self.buf.is_empty() { '[' } else { ',' });
        self.buf.push_str(json);
        flushed
    }

    /// The batch so far, if any.
    pub fn take(&mut self) -> Option<String> {
        if self.buf.is_empty() {
            return None;
        }
        let mut out = std::mem::take(&mut self.buf);
        out.push(']');
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_json_arrays_under_the_budget() {
        let mut b = Batcher::new(20);
        assert_eq!(b.push(r#"{"a":1}"#), None);
        assert_eq!(b.push(r#"{"b":2}"#), None);
        let full = b.push(r#"{"c":3}"#).unwrap();
        assert_eq!(full, r#"[{"a":1},{"b":2}]"#);
        assert!(full.len() <= 20);
        assert_eq!(b.take().unwrap(), r#"[{"c":3}]"#);
        assert_eq!(b.take(), None);
    }

    #[test]
    fn an_oversized_update_goes_alone() {
        let mut b = Batcher::new(10);
        assert_eq!(b.push(r#""short""#), None);
        let big = format!("\"{}\"", "x".repeat(50));
        assert_eq!(b.push(&big).unwrap(), r#"["short"]"#);
        assert_eq!(b.take().unwrap(), format!("[{big}]"));
    }

    #[test]
    fn every_batch_parses() {
        let mut b = Batcher::new(64);
        let mut batches = Vec::new();
        for i in 0..100 {
            batches.extend(b.push(&format!(r#"{{"n":{i}}}"#)));
        }
        batches.extend(b.take());
        let total: usize =
            batches.iter().map(|s| serde_json::from_str::<Vec<serde_json::Value>>(s).unwrap().len()).sum();
        assert_eq!(total, 100);
        assert!(batches.iter().all(|s| s.len() <= 64));
    }
}
