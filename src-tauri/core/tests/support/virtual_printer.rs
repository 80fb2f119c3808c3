//! A receipt printer on loopback for tests: a TCP listener that accepts a number of
//! jobs, one connection each, hands over the bytes of each, and then stops listening (a
//! printer switched off). Shared by core's printing tests and the window tests.

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;

/// A printer that accepts `jobs` jobs and then is gone.
pub fn virtual_printer_taking(jobs: usize) -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..jobs {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            let _ = sender.send(bytes);
        }
    });
    (address, receiver)
}

/// Whether `needle` occurs in `haystack` (a printer's byte stream).
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
