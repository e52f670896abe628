//! `switchboard-cli`: the backend API as JSON lines. Actions on stdin, Updates on stdout,
//! one object per line, flushed at once; EOF on stdin disconnects cleanly and exits 0.
//!
//! With `--url` it connects at once (connection id `cli`), prints each received event as
//! `{"type":"event","event":NAME,"args":[...]}` and takes `{"type":"emit",...}` lines.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

// See core/Cargo.toml: events cross threads, which glibc's malloc handles slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use switchboard_core::connection::Sink;
use switchboard_core::write_pace::{self, WritePace};
use switchboard_core::{jsonl, update_line};
use switchboard_core::{Action, ConnectionOptions, Core, Direction, KeyValue, Transport, Update};

use tokio::io::{AsyncBufReadExt, BufReader};

const USAGE: &str = "usage: switchboard-cli [--url URL [--path PATH] [--query k=v]... [--auth JSON] \
[--header 'K: V']... [--transport websocket|polling|any] [--ca-file PEM] [--accept-invalid-certs] \
[--token-from-keyring PROFILE] [--no-reconnect]] [--history FILE]\n\
Without --url, reads Actions as JSON lines on stdin and writes Updates as JSON lines on stdout.\n\
With --history, every event, answer and state is kept in the SQLite file FILE, and the history \
actions (history, export_history, clear_history, saved messages) work on it.";

/// What the command line asks for.
#[derive(Default)]
struct Args {
    /// Connect at once with these options (`--url`).
    quick: Option<ConnectionOptions>,
    /// Keep the history in this SQLite file (`--history`).
    history: Option<std::path::PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter();
    let mut options = ConnectionOptions::default();
    let mut has_url = false;
    let mut history = None;
    let value = |it: &mut std::slice::Iter<String>, flag: &str| {
        it.next().cloned().ok_or_else(|| format!("{flag} needs a value"))
    };
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--url" => {
                options.url = value(&mut it, flag)?;
                has_url = true;
            }
            "--path" => options.path = value(&mut it, flag)?,
            "--query" => {
                let kv = value(&mut it, flag)?;
                let (k, v) = kv.split_once('=').ok_or_else(|| format!("--query {kv}: expected k=v"))?;
                options.query.push(KeyValue { key: k.into(), value: v.into() });
            }
            "--auth" => {
                let text = value(&mut it, flag)?;
                options.auth = Some(serde_json::from_str(&text).map_err(|e| format!("--auth is not JSON: {e}"))?);
            }
            "--header" => {
                let kv = value(&mut it, flag)?;
                let (k, v) = kv.split_once(':').ok_or_else(|| format!("--header {kv}: expected 'Name: value'"))?;
                options.headers.push(KeyValue { key: k.trim().into(), value: v.trim().into() });
            }
            "--transport" => {
                options.transport = match value(&mut it, flag)?.as_str() {
                    "websocket" => Transport::Websocket,
                    "polling" => Transport::Polling,
                    "any" => Transport::Any,
                    other => return Err(format!("--transport {other}: expected websocket, polling or any")),
                }
            }
            "--ca-file" => options.ca_file = Some(value(&mut it, flag)?),
            "--accept-invalid-certs" => options.accept_invalid_certs = true,
            "--token-from-keyring" => options.token_profile = Some(value(&mut it, flag)?),
            "--no-reconnect" => options.reconnect = false,
            "--history" => history = Some(value(&mut it, flag)?.into()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args { quick: has_url.then_some(options), history })
}

/// An update's line, written straight from the update (no copy of its arguments); with
/// `compact` (`--url`), only received events, as `{"type":"event","event","args"}`.
fn write_line(out: &mut impl Write, update: &Update, compact: bool) -> std::io::Result<()> {
    match update {
        Update::Event { direction, event, args, .. } if compact => {
            if *direction != Direction::In {
                return Ok(());
            }
            out.write_all(br#"{"type":"event","event":"#)?;
            jsonl::write_str(out, event)?;
            out.write_all(br#","args":"#)?;
            jsonl::write_args(out, args)?;
            out.write_all(b"}")?;
        }
        other => update_line::write_update(out, other)?,
    }
    out.write_all(b"\n")
}

/// Standard output without the line buffer Rust puts on it (which scans every write for
/// its last newline): the writer thread buffers and flushes itself.
fn raw_stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            // A pipe of 1 MiB (what Linux lets any process ask for) instead of 64 KiB: the
            // reader of long lines is woken far less often, and the CLI waits less for it
            // (make bench, 64 KiB binary: 2.3 times the events/s, a third less CPU per
            // event). Not a pipe, or a smaller limit: left as it is.
            #[cfg(target_os = "linux")]
            let _ = rustix::pipe::fcntl_setpipe_size(&fd, 1 << 20);
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

// One thread for the connections (and the writer's own): with a pipe and a server
// beside it on a small machine, tokio's work-stealing pool cost more in wake-ups between
// its threads than it gained (make bench: 16-character events 1.8 µs each instead of
// 2.4 on one connection, 5.8 instead of 6.1 on 16). Nothing here blocks the thread: files
// are encoded, keyring called and large events serialized on blocking threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Args { quick, history } = match parse_args(&args) {
        Ok(a) => a,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("switchboard-cli: {message}");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    let compact = quick.is_some();
    // Bounded: while stdout is not read, the connections stop reading the network.
    let (sink, mut updates) =
        Sink::bounded(switchboard_core::sink::UPDATES_WAITING, switchboard_core::sink::UPDATE_BYTES_WAITING);
    // A plain thread with a buffered stdout: tokio's stdout hands every write to
    // the blocking pool, which caps a flood at a few thousand lines a second. A line is
    // flushed as soon as no other update is waiting (under a flood, after one pause for
    // more: `write_pace`), so nothing sits in the buffer.
    let asked = Arc::new(AtomicU64::new(0));
    let asked_by_now = asked.clone();
    let writer = std::thread::spawn(move || {
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, raw_stdout());
        let mut pace = WritePace::new(Instant::now());
        while let Some(update) = updates.blocking_recv() {
            if write_line(&mut out, &update, compact).is_err() {
                break;
            }
            pace.line();
            if !updates.is_empty() {
                continue;
            }
            if pace.wait_before_write(Instant::now(), asked_by_now.load(Ordering::Relaxed)) {
                std::thread::sleep(write_pace::PAUSE);
                if !updates.is_empty() {
                    continue;
                }
            }
            if out.flush().is_err() {
                break;
            }
            pace.wrote();
        }
        let _ = out.flush();
    });
    let mut core = Core::new(sink.clone());
    if let Some(path) = history {
        match switchboard_core::history::History::open(&path) {
            Ok(history) => core = core.with_history(history),
            Err(e) => {
                eprintln!("switchboard-cli: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if let Some(options) = quick {
        core.dispatch_reporting(Action::Connect { id: "cli".into(), options }).await;
    }
    let mut input = BufReader::new(tokio::io::stdin());
    let mut raw = Vec::new();
    loop {
        raw.clear();
        // Bytes, not `lines()`: a line that is not UTF-8 is an error to report, not the end.
        match input.read_until(b'\n', &mut raw).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                asked.fetch_add(1, Ordering::Relaxed);
            }
        }
        let bad = |words: String| {
            let _ = sink.send(Update::Error { id: None, error: switchboard_core::Error::BadRequest(words) });
        };
        match std::str::from_utf8(&raw) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => match serde_json::from_str::<Action>(line) {
                Ok(action) => core.dispatch_reporting(action).await,
                Err(e) => bad(format!("not an action: {e}")),
            },
            Err(e) => bad(format!("a line of input is not UTF-8 (at byte {}); it was skipped", e.valid_up_to())),
        }
    }
    core.shutdown().await;
    drop(core);
    drop(sink);
    let _ = writer.join();
    ExitCode::SUCCESS
}
