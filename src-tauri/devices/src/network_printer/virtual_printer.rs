//! A virtual network printer for tests: a real TCP listener on 127.0.0.1 that records
//! what it receives, or misbehaves the way real printers do (stops reading, hangs up).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// How the virtual printer treats the one connection it accepts.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Reads everything until the client closes its side.
    Record,
    /// Accepts and never reads, like a printer out of paper with full buffers, until the
    /// test releases it.
    Stall,
    /// Reads this many bytes, then closes the connection with the rest unread.
    HangUpAfter(usize),
    /// Answers each byte after a status request (`DLE EOT n`) with the byte given for n,
    /// until the client closes its side.
    AnswerStatus {
        printer: u8,
        offline: u8,
        error: u8,
        paper: u8,
    },
}

#[derive(Debug)]
pub struct VirtualPrinter {
    pub address: SocketAddr,
    release: Sender<()>,
    received: JoinHandle<Vec<u8>>,
}

impl VirtualPrinter {
    pub fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on loopback");
        let address = listener.local_addr().expect("the listener has an address");
        let (release, released) = channel();
        let received = std::thread::spawn(move || serve(listener, behaviour, released));
        Self {
            address,
            release,
            received,
        }
    }

    /// Releases a stalled printer and returns every byte it received.
    pub fn finish(self) -> Vec<u8> {
        // The printer may already be gone (it hung up), so a closed channel is fine.
        let _ = self.release.send(());
        self.received
            .join()
            .expect("the virtual printer thread does not panic")
    }
}

fn serve(listener: TcpListener, behaviour: Behaviour, released: Receiver<()>) -> Vec<u8> {
    let (mut stream, _) = listener.accept().expect("the client connects");
    let mut received = Vec::new();
    match behaviour {
        Behaviour::Record => {
            stream.read_to_end(&mut received).expect("reading the job");
        }
        Behaviour::Stall => {
            // Waits for the test, not for time: the client's own timeout ends the job.
            let _ = released.recv();
        }
        Behaviour::HangUpAfter(count) => {
            received.resize(count, 0);
            stream
                .read_exact(&mut received)
                .expect("reading the start of the job");
            drop(stream);
        }
        Behaviour::AnswerStatus {
            printer,
            offline,
            error,
            paper,
        } => {
            let mut byte = [0_u8];
            while stream.read(&mut byte).is_ok_and(|count| count == 1) {
                received.push(byte[0]);
                if let [.., 0x10, 0x04, request] = received[..] {
                    let answer = match request {
                        1 => printer,
                        2 => offline,
                        3 => error,
                        _ => paper,
                    };
                    stream
                        .write_all(&[answer])
                        .expect("answering the status request");
                }
            }
        }
    }
    received
}
