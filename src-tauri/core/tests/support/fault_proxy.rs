//! A fault-injecting HTTP/1.1 proxy on loopback, between the store and the real hub. It
//! reads each request whole, then either passes it or breaks it in one of the ways a shop's
//! network does: the request dropped, a long delay, a 503 from a middlebox, the hub's
//! answer cut off by a reset, the answer lost after the hub committed, or a 502 in its
//! place. Each request path runs through [`FAULT_PATTERN`] on its own, so every kind of
//! request (push, pull, heartbeat, token) meets every fault; [`FaultProxy::heal`] turns it
//! into a plain proxy.

#![allow(dead_code)] // Each test binary uses its own part of it.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::seeded_random::SeededRandom;

/// What the proxy does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    Pass,
    /// The request is read, never forwarded, and the connection closed.
    DropRequest,
    /// Forwarded after 100 to 600 ms.
    Delay,
    /// A 503 from the proxy; the hub never sees the request.
    ServiceUnavailable,
    /// The hub answers; the store gets half of the answer, then a reset.
    ResetMidResponse,
    /// The hub commits and answers; the connection closes before a byte of it arrives.
    LoseResponse,
    /// The hub commits and answers; the store gets a 502 instead.
    BadGatewayAfterCommit,
}

/// Faults alternate with clean passes, so each path also makes progress while faulty.
pub const FAULT_PATTERN: [Fault; 12] = [
    Fault::Pass,
    Fault::DropRequest,
    Fault::Pass,
    Fault::Delay,
    Fault::Pass,
    Fault::ServiceUnavailable,
    Fault::Pass,
    Fault::ResetMidResponse,
    Fault::Pass,
    Fault::LoseResponse,
    Fault::Pass,
    Fault::BadGatewayAfterCommit,
];

/// Requests longer than this are refused (the hub's own limit is far below it).
const LARGEST_MESSAGE: usize = 64 * 1024 * 1024;

#[derive(Debug, Default)]
struct Ledger {
    /// Requests seen per path (without the query).
    requests: HashMap<String, u64>,
    /// Faults injected per (path, fault).
    injected: HashMap<(String, Fault), u64>,
}

#[derive(Debug)]
struct Shared {
    upstream: SocketAddr,
    faulty: AtomicBool,
    ledger: Mutex<Ledger>,
    random: Mutex<SeededRandom>,
    /// Bumped after every request, so tests wait on progress instead of time.
    requests_seen: watch::Sender<u64>,
}

/// The running proxy; it stops with the test's runtime.
#[derive(Debug)]
pub struct FaultProxy {
    address: SocketAddr,
    shared: Arc<Shared>,
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to the hub at `upstream`, faulty
    /// from the start.
    pub async fn start(upstream: SocketAddr, random: SeededRandom) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let shared = Arc::new(Shared {
            upstream,
            faulty: AtomicBool::new(true),
            ledger: Mutex::new(Ledger::default()),
            random: Mutex::new(random),
            requests_seen: watch::channel(0).0,
        });
        let accepting = Arc::clone(&shared);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(serve_connection(client, Arc::clone(&accepting)));
            }
        });
        FaultProxy { address, shared }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// From now on every request passes untouched.
    pub fn heal(&self) {
        self.shared.faulty.store(false, Ordering::SeqCst);
    }

    /// Requests seen so far on `path`.
    pub fn requests_to(&self, path: &str) -> u64 {
        let ledger = self.shared.ledger.lock().expect("ledger");
        ledger.requests.get(path).copied().unwrap_or(0)
    }

    /// How often `fault` was injected on `path`.
    pub fn injected(&self, path: &str, fault: Fault) -> u64 {
        let ledger = self.shared.ledger.lock().expect("ledger");
        ledger
            .injected
            .get(&(path.to_owned(), fault))
            .copied()
            .unwrap_or(0)
    }

    /// Waits until the proxy has carried (or broken) one more request.
    pub async fn wait_for_next_request(&self) {
        let mut seen = self.shared.requests_seen.subscribe();
        seen.changed().await.expect("the proxy runs");
    }

    /// Waits until at least `count` requests reached `path`.
    pub async fn wait_for_requests_to(&self, path: &str, count: u64) {
        let mut seen = self.shared.requests_seen.subscribe();
        while self.requests_to(path) < count {
            seen.changed().await.expect("the proxy runs");
        }
    }
}

/// One HTTP message as read off the wire, kept byte for byte.
struct Message {
    bytes: Vec<u8>,
    /// For a request, its path without the query.
    path: String,
}

async fn serve_connection(client: TcpStream, shared: Arc<Shared>) {
    let mut client = BufReader::new(client);
    let mut upstream: Option<BufReader<TcpStream>> = None;
    loop {
        let Ok(Some(request)) = read_message(&mut client, true).await else {
            return;
        };
        let fault = choose_fault(&shared, &request.path);
        let carried_on = carry(&shared, &mut client, &mut upstream, &request, fault).await;
        shared.requests_seen.send_modify(|count| *count += 1);
        if !carried_on {
            return;
        }
    }
}

/// The fault for the next request on `path`, recorded in the ledger.
fn choose_fault(shared: &Shared, path: &str) -> Fault {
    let mut ledger = shared.ledger.lock().expect("ledger");
    let seen = ledger.requests.entry(path.to_owned()).or_insert(0);
    let position = *seen as usize % FAULT_PATTERN.len();
    *seen += 1;
    let fault = if shared.faulty.load(Ordering::SeqCst) {
        FAULT_PATTERN[position]
    } else {
        Fault::Pass
    };
    if fault != Fault::Pass {
        *ledger.injected.entry((path.to_owned(), fault)).or_insert(0) += 1;
    }
    fault
}

/// Does `fault` to `request`; answers whether the client connection stays usable.
async fn carry(
    shared: &Shared,
    client: &mut BufReader<TcpStream>,
    upstream: &mut Option<BufReader<TcpStream>>,
    request: &Message,
    fault: Fault,
) -> bool {
    match fault {
        Fault::DropRequest => return false,
        Fault::ServiceUnavailable => {
            let _ = write_plain_answer(client, "503 Service Unavailable").await;
            return false;
        }
        Fault::Delay => {
            let millis = 100 + shared.random.lock().expect("random").below(500);
            // The fault itself is the wait: a slow link, not a test waiting for an event.
            tokio::time::sleep(Duration::from_millis(millis)).await;
        }
        _ => {}
    }
    let Some(answer) = exchange_upstream(shared.upstream, upstream, &request.bytes).await else {
        let _ = write_plain_answer(client, "502 Bad Gateway").await;
        return false;
    };
    match fault {
        Fault::ResetMidResponse => {
            let _ = client
                .get_mut()
                .write_all(&answer[..answer.len() / 2])
                .await;
            let _ = client.get_mut().set_zero_linger();
            false
        }
        Fault::LoseResponse => false,
        Fault::BadGatewayAfterCommit => {
            let _ = write_plain_answer(client, "502 Bad Gateway").await;
            false
        }
        _ => client.get_mut().write_all(&answer).await.is_ok(),
    }
}

/// Sends `request` to the hub (connecting when needed) and reads its whole answer.
async fn exchange_upstream(
    address: SocketAddr,
    upstream: &mut Option<BufReader<TcpStream>>,
    request: &[u8],
) -> Option<Vec<u8>> {
    if upstream.is_none() {
        *upstream = Some(BufReader::new(TcpStream::connect(address).await.ok()?));
    }
    let connection = upstream.as_mut()?;
    let answer = async {
        connection.get_mut().write_all(request).await.ok()?;
        read_message(connection, false).await.ok().flatten()
    }
    .await;
    if answer.is_none() {
        *upstream = None;
    }
    answer.map(|message| message.bytes)
}

async fn write_plain_answer(
    client: &mut BufReader<TcpStream>,
    status: &str,
) -> std::io::Result<()> {
    let body = "the proxy broke this request on purpose";
    let answer = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    client.get_mut().write_all(answer.as_bytes()).await
}

/// Reads one message: `None` at a clean end of stream before its first byte.
async fn read_message(
    stream: &mut BufReader<TcpStream>,
    is_request: bool,
) -> std::io::Result<Option<Message>> {
    let mut bytes = Vec::new();
    let mut content_length = 0_usize;
    let mut chunked = false;
    let mut start_line = String::new();
    loop {
        let before = bytes.len();
        if stream.read_until(b'\n', &mut bytes).await? == 0 {
            if bytes.is_empty() {
                return Ok(None);
            }
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = String::from_utf8_lossy(&bytes[before..])
            .trim_end()
            .to_owned();
        if start_line.is_empty() {
            start_line = line;
            continue;
        }
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.parse().map_err(|_| invalid("content-length"))?;
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.eq_ignore_ascii_case("chunked");
            }
        }
    }
    let status_without_body =
        !is_request && ["204", "304"].iter().any(|code| start_line.contains(code));
    if chunked {
        read_chunked_body(stream, &mut bytes).await?;
    } else if !status_without_body {
        if content_length > LARGEST_MESSAGE {
            return Err(invalid("body too large"));
        }
        let start = bytes.len();
        bytes.resize(start + content_length, 0);
        stream.read_exact(&mut bytes[start..]).await?;
    }
    let path = start_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("")
        .to_owned();
    Ok(Some(Message { bytes, path }))
}

/// Appends a chunked body, byte for byte, through its last chunk and trailers.
async fn read_chunked_body(
    stream: &mut BufReader<TcpStream>,
    bytes: &mut Vec<u8>,
) -> std::io::Result<()> {
    loop {
        let before = bytes.len();
        stream.read_until(b'\n', bytes).await?;
        let size_line = String::from_utf8_lossy(&bytes[before..]).to_string();
        let size_text = size_line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_text, 16).map_err(|_| invalid("chunk size"))?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                let before = bytes.len();
                stream.read_until(b'\n', bytes).await?;
                if bytes[before..].trim_ascii().is_empty() {
                    return Ok(());
                }
            }
        }
        if bytes.len() + size > LARGEST_MESSAGE {
            return Err(invalid("body too large"));
        }
        let start = bytes.len();
        bytes.resize(start + size + 2, 0);
        stream.read_exact(&mut bytes[start..]).await?;
    }
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}
