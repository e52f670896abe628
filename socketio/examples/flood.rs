//! Events per second the client alone takes from a server's `flood` (servers/echo_node):
//!     cargo run --release -p socketio --example flood -- URL [SECONDS]
use std::time::Instant;

use serde_json::json;
use socketio::{Client, Emit, Event, Options, Transport};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "http://127.0.0.1:8765/".into());
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(4.0);
    let mut o = Options::new(&url).expect("a URL");
    o.transport = Transport::Websocket;
    let (client, mut events) = Client::connect(o).expect("options");
    let mut count = 0u64;
    let mut start = Instant::now();
    while let Some(e) = events.recv().await {
        match e {
            Event::Connected { .. } => {
                start = Instant::now();
                let _ = client.emit(Emit::new("flood", vec![json!({"seconds": seconds, "size": 16})]));
            }
            Event::Event { name, .. } if name == "tick" => count += 1,
            Event::Event { name, .. } if name == "flood_done" => break,
            Event::Closed { .. } => break,
            _ => {}
        }
    }
    let s = start.elapsed().as_secs_f64();
    println!("{{\"client\":\"socketio-crate\",\"events\":{count},\"events_per_s\":{:.0}}}", count as f64 / s);
}
