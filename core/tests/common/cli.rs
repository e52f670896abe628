//! `switchboard-cli` as a process: JSON lines in, JSON lines out. Everything it writes to
//! stdout and stderr is also kept as text (`transcript`), for tests that read all of it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use super::WAIT;

pub struct Cli {
    pub child: Child,
    lines: mpsc::Receiver<Value>,
    transcript: Arc<Mutex<String>>,
}

impl Cli {
    pub fn start(args: &[&str]) -> Cli {
        Self::start_with(args, &[])
    }

    /// Started with extra environment variables.
    pub fn start_with(args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Cli {
        let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard-cli"));
        command.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("switchboard-cli starts");
        let transcript = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        let kept = transcript.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                kept.lock().unwrap().push_str(&format!("{line}\n"));
                let value: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON: {line}: {e}"));
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().expect("stderr");
        let kept = transcript.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut buf) {
                eprint!("{}", String::from_utf8_lossy(&buf[..n]));
                kept.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Cli { child, lines, transcript }
    }

    pub fn send(&mut self, line: Value) {
        let stdin = self.child.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}").expect("write to the CLI");
        stdin.flush().expect("flush");
    }

    pub fn expect(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(v) if pred(&v) => return v,
                Ok(_) => continue,
                Err(_) => panic!("the CLI printed no {what}"),
            }
        }
    }

    /// All it wrote so far, stdout and stderr.
    pub fn transcript(&self) -> String {
        self.transcript.lock().unwrap().clone()
    }

    /// Close stdin and wait: the CLI must disconnect and exit 0 by itself.
    pub fn finish(mut self) {
        drop(self.child.stdin.take());
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "exit status {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("the CLI did not exit after EOF");
    }
}
