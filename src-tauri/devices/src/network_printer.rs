//! Network receipt printers (raw TCP, port 9100): sending a rendered job with bounded
//! waits, and errors that tell the print queue whether anything reached the printer.
//!
//! Only a failure to connect proves nothing was printed, so only then may a job be
//! retried on its own ([`NetworkPrintError::nothing_was_sent`]). Once bytes have left,
//! part of the receipt may be on paper, and a reprint is the user's call.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use crate::printer_status::{NotAStatusReply, PrinterProblem, PrinterStatus, StatusRequest};
use crate::printer_stream::{StoppedWriting, WriteStopCause, write_whole_job};
use crate::status_check::{StatusBeforeJob, ask_status_before_job};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod virtual_printer;

/// The raw printing port of network receipt printers (JetDirect / AppSocket).
pub const RAW_PRINTING_PORT: u16 = 9100;

/// How long to wait for the printer; there is no default because the queue's 15 s budget
/// per job is split between them by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkTimeouts {
    /// Waiting for the connection to be accepted.
    pub connect: Duration,
    /// Waiting for the printer to take more bytes; a printer out of paper or with its
    /// cover open stops reading, and this is how that shows on the wire.
    pub write: Duration,
    /// Waiting for each answer when the printer is asked for its status before the job
    /// ([`crate::status_check`]); `None` sends the job without asking.
    pub status_answer: Option<Duration>,
}

/// Why a job did not reach a network printer whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkPrintError {
    #[error(
        "the printer at {address} refused the connection; check that it is switched on and \
         that the address and port in the settings are right"
    )]
    Refused { address: SocketAddr },
    #[error(
        "the printer at {address} did not answer within {timeout_ms} ms; check that it is \
         switched on and connected to the network"
    )]
    ConnectTimedOut {
        address: SocketAddr,
        timeout_ms: u128,
    },
    #[error("could not reach the printer at {address}: {message}")]
    Unreachable {
        address: SocketAddr,
        message: String,
    },
    #[error(
        "the printer at {address} stopped taking the receipt after {bytes_sent} of {total} \
         bytes; check its paper and cover, then reprint if needed"
    )]
    WriteTimedOut {
        address: SocketAddr,
        bytes_sent: usize,
        total: usize,
    },
    #[error(
        "the printer at {address} closed the connection after {bytes_sent} of {total} bytes; \
         the receipt may be partly printed, check it before reprinting"
    )]
    ClosedMidJob {
        address: SocketAddr,
        bytes_sent: usize,
        total: usize,
    },
    #[error("sending to the printer at {address} failed after {bytes_sent} bytes: {message}")]
    Interrupted {
        address: SocketAddr,
        bytes_sent: usize,
        message: String,
    },
    /// The printer answered the status request before the job with a problem, so none
    /// of the job was sent.
    #[error("{problem}; nothing was printed, and the receipt prints once that is fixed")]
    NotReady {
        address: SocketAddr,
        problem: PrinterProblem,
    },
}

impl NetworkPrintError {
    /// Whether the printer cannot have printed any of the job, so retrying is safe.
    pub fn nothing_was_sent(&self) -> bool {
        matches!(
            self,
            Self::Refused { .. }
                | Self::ConnectTimedOut { .. }
                | Self::Unreachable { .. }
                | Self::NotReady { .. }
        )
    }
}

/// Bytes are handed to the socket in pieces of this size.
const WRITE_PIECE_BYTES: usize = 4096;

/// Connects to `address`, asks for the printer's status if `timeouts.status_answer` says
/// so (a printer that reports a problem gets none of the job), sends `job` whole, and
/// closes the sending side so the printer knows the job is complete.
pub fn print_over_network(
    address: SocketAddr,
    job: &[u8],
    timeouts: &NetworkTimeouts,
) -> Result<(), NetworkPrintError> {
    let mut stream = connect(address, timeouts)?;
    if let Some(wait) = timeouts.status_answer {
        refuse_if_not_ready(&mut stream, address, wait)?;
    }
    write_whole_job(&mut stream, job, WRITE_PIECE_BYTES)
        .and_then(|()| {
            stream
                .shutdown(Shutdown::Write)
                .map_err(|error| StoppedWriting {
                    bytes_sent: job.len(),
                    total: job.len(),
                    error,
                })
        })
        .map_err(|stopped| {
            let StoppedWriting {
                bytes_sent, total, ..
            } = stopped;
            match stopped.cause() {
                WriteStopCause::TimedOut => NetworkPrintError::WriteTimedOut {
                    address,
                    bytes_sent,
                    total,
                },
                WriteStopCause::Closed => NetworkPrintError::ClosedMidJob {
                    address,
                    bytes_sent,
                    total,
                },
                WriteStopCause::Failed => NetworkPrintError::Interrupted {
                    address,
                    bytes_sent,
                    message: stopped.error.to_string(),
                },
            }
        })
}

/// Why the printer's status could not be read over the network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkStatusError {
    #[error(transparent)]
    Connect(NetworkPrintError),
    #[error(
        "the printer at {address} did not answer the status request; it may not report \
         its status over the network"
    )]
    NoAnswer { address: SocketAddr },
    #[error(transparent)]
    NotAStatusReply(NotAStatusReply),
}

/// Asks for the four real-time statuses (`DLE EOT 1` to `4`), one at a time, waiting up to
/// the write timeout for each one-byte answer. Printers answer these even while offline,
/// which is when the answer matters.
pub fn read_status_over_network(
    address: SocketAddr,
    timeouts: &NetworkTimeouts,
) -> Result<PrinterStatus, NetworkStatusError> {
    let mut stream = connect(address, timeouts).map_err(NetworkStatusError::Connect)?;
    let no_answer = |_| NetworkStatusError::NoAnswer { address };
    stream
        .set_read_timeout(Some(timeouts.write))
        .map_err(no_answer)?;
    let mut replies = [0_u8; 4];
    for (request, reply) in StatusRequest::ALL.into_iter().zip(replies.iter_mut()) {
        stream.write_all(&request.bytes()).map_err(no_answer)?;
        let mut byte = [0_u8];
        // read_exact turns a closed connection into UnexpectedEof, also "no answer".
        stream.read_exact(&mut byte).map_err(no_answer)?;
        *reply = byte[0];
    }
    PrinterStatus::from_replies(replies).map_err(NetworkStatusError::NotAStatusReply)
}

/// Asks for the status on the job's own connection; only a printer that answers with a
/// problem stops the job. Silence goes ahead: many print servers never answer.
fn refuse_if_not_ready(
    stream: &mut TcpStream,
    address: SocketAddr,
    wait: Duration,
) -> Result<(), NetworkPrintError> {
    let unreachable = |error: std::io::Error| NetworkPrintError::Unreachable {
        address,
        message: error.to_string(),
    };
    stream.set_read_timeout(Some(wait)).map_err(unreachable)?;
    match ask_status_before_job(stream) {
        StatusBeforeJob::Blocked { problem, .. } => {
            Err(NetworkPrintError::NotReady { address, problem })
        }
        StatusBeforeJob::Ready(_) | StatusBeforeJob::Silent => Ok(()),
    }
}

/// Opens a connection with the connect timeout and the write timeout set.
fn connect(
    address: SocketAddr,
    timeouts: &NetworkTimeouts,
) -> Result<TcpStream, NetworkPrintError> {
    let stream =
        TcpStream::connect_timeout(&address, timeouts.connect).map_err(|error| {
            match error.kind() {
                ErrorKind::ConnectionRefused => NetworkPrintError::Refused { address },
                ErrorKind::TimedOut | ErrorKind::WouldBlock => NetworkPrintError::ConnectTimedOut {
                    address,
                    timeout_ms: timeouts.connect.as_millis(),
                },
                _ => NetworkPrintError::Unreachable {
                    address,
                    message: error.to_string(),
                },
            }
        })?;
    let unreachable = |error: std::io::Error| NetworkPrintError::Unreachable {
        address,
        message: error.to_string(),
    };
    stream
        .set_write_timeout(Some(timeouts.write))
        .map_err(unreachable)?;
    // Receipts are small and sent at once; Nagle's delay would only slow the last piece.
    stream.set_nodelay(true).map_err(unreachable)?;
    Ok(stream)
}
