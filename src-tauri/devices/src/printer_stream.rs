//! Writing one print job to a stream that is already open (a TCP connection, a serial
//! port, a device file), counting every byte the stream took, so a failure can tell the
//! print queue whether any of the job can have reached the printer.
//!
//! The stream itself bounds each wait (a socket's send timeout, a port's timeout); this
//! module only keeps the count and names how writing stopped.

use std::io::{ErrorKind, Write};

/// Writing stopped before the whole job was taken.
#[derive(Debug)]
pub struct StoppedWriting {
    /// Bytes the stream took before it failed; zero means none can have been printed.
    pub bytes_sent: usize,
    pub total: usize,
    pub error: std::io::Error,
}

/// How writing stopped, as the printers' errors tell it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteStopCause {
    /// The printer took no more bytes within the stream's timeout: out of paper, cover
    /// open, or holding the flow control.
    TimedOut,
    /// The other end went away: a connection reset or closed, a pipe with no reader.
    Closed,
    Failed,
}

impl StoppedWriting {
    pub fn cause(&self) -> WriteStopCause {
        match self.error.kind() {
            // A socket with a send timeout reports WouldBlock on Unix and TimedOut on
            // Windows; a serial port reports TimedOut.
            ErrorKind::WouldBlock | ErrorKind::TimedOut => WriteStopCause::TimedOut,
            ErrorKind::BrokenPipe
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::WriteZero => WriteStopCause::Closed,
            _ => WriteStopCause::Failed,
        }
    }
}

/// Writes `job` whole, handing the stream at most `piece_bytes` at a time, then flushes
/// so closing the stream does not cut the end of the job.
pub fn write_whole_job(
    stream: &mut (impl Write + ?Sized),
    job: &[u8],
    piece_bytes: usize,
) -> Result<(), StoppedWriting> {
    let stopped = |error, bytes_sent| StoppedWriting {
        bytes_sent,
        total: job.len(),
        error,
    };
    let mut bytes_sent = 0;
    while bytes_sent < job.len() {
        let piece_end = job.len().min(bytes_sent + piece_bytes);
        match stream.write(&job[bytes_sent..piece_end]) {
            Ok(0) => return Err(stopped(ErrorKind::WriteZero.into(), bytes_sent)),
            Ok(written) => bytes_sent += written,
            // A signal arrived before any byte was taken; nothing happened, so try again.
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(stopped(error, bytes_sent)),
        }
    }
    stream.flush().map_err(|error| stopped(error, bytes_sent))
}

#[cfg(test)]
mod tests;
