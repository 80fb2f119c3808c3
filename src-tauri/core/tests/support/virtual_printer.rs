//! A receipt printer on loopback for tests: a TCP listener that accepts a number of
//! jobs, one connection each, answers the real-time status requests (`DLE EOT n`) the way
//! an ESC/POS printer does, hands over the bytes of each connection, and then stops
//! listening (a printer switched off). Shared by core's printing tests and the window
//! tests.

#![allow(dead_code)] // Shared by several test binaries, each using its own part.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;

/// The four answers to `DLE EOT 1` to `4` of a printer ready to print.
pub const READY: [u8; 4] = [0x12; 4];

/// The answers of a printer that stopped because its paper ran out.
pub const PAPER_OUT: [u8; 4] = [0x1a, 0x32, 0x12, 0x72];

/// A ready printer that accepts `jobs` jobs and then is gone.
pub fn virtual_printer_taking(jobs: usize) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    virtual_printer_answering(vec![READY; jobs])
}

/// A printer that accepts one connection per entry of `statuses`, answering status
/// requests on that connection with its four bytes, and then is gone. Each connection's
/// bytes, status requests included, are handed over when the client closes it.
pub fn virtual_printer_answering(statuses: Vec<[u8; 4]>) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for status in statuses {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let _ = sender.send(record_answering(stream, status));
        }
    });
    (address, receiver)
}

/// Reads until the client closes its side, answering each `DLE EOT n` with `status[n-1]`.
fn record_answering(mut stream: TcpStream, status: [u8; 4]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut piece = [0_u8; 8192];
    loop {
        let Ok(read) = stream.read(&mut piece) else {
            return bytes;
        };
        if read == 0 {
            return bytes;
        }
        // A request may straddle two reads, so look back two bytes into what came before.
        let scan_from = bytes.len().saturating_sub(2);
        bytes.extend_from_slice(&piece[..read]);
        let answers: Vec<u8> = bytes[scan_from..]
            .windows(3)
            .filter_map(|window| match window {
                [0x10, 0x04, request @ 1..=4] => Some(status[usize::from(*request) - 1]),
                _ => None,
            })
            .collect();
        if !answers.is_empty() && stream.write_all(&answers).is_err() {
            return bytes;
        }
    }
}

/// Whether `needle` occurs in `haystack` (a printer's byte stream).
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
