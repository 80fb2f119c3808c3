//! Serial receipt printers (RS-232, or USB adapters that show up as `/dev/ttyUSB0`,
//! `/dev/ttyACM0`, `COM3`): sending a job with a bounded wait through a port opened by
//! [`crate::serial_port`], and errors that tell the print queue whether anything left.
//! As with network printers, only a failure to open the port proves nothing was printed
//! ([`SerialPrintError::nothing_was_sent`]).

use std::time::Duration;

use crate::printer_status::PrinterProblem;
use crate::printer_stream::{WriteStopCause, write_whole_job};
use crate::serial_port::{SerialOpenError, SerialPortSettings, open_serial_port};
use crate::status_check::{StatusBeforeJob, ask_status_before_job};

#[cfg(test)]
mod tests;

/// Why a job did not reach a serial printer whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialPrintError {
    #[error(transparent)]
    Open(#[from] SerialOpenError),
    #[error(
        "the printer at {path} stopped taking the receipt after {bytes_sent} of {total} \
         bytes; check its paper and cover, then reprint if needed"
    )]
    WriteTimedOut {
        path: String,
        bytes_sent: usize,
        total: usize,
    },
    #[error("sending to the printer at {path} failed after {bytes_sent} bytes: {message}")]
    Interrupted {
        path: String,
        bytes_sent: usize,
        message: String,
    },
    /// The printer answered the status request before the job with a problem, so none
    /// of the job was sent.
    #[error("{problem}; nothing was printed, and the receipt prints once that is fixed")]
    NotReady {
        path: String,
        problem: PrinterProblem,
    },
}

impl SerialPrintError {
    /// Whether the printer cannot have printed any of the job, so retrying is safe.
    pub fn nothing_was_sent(&self) -> bool {
        matches!(self, Self::Open(_) | Self::NotReady { .. })
    }
}

/// Bytes are handed to the port in pieces of this size.
const WRITE_PIECE_BYTES: usize = 1024;

/// Opens the port in `settings`, asks for the printer's status first when
/// `status_answer` gives a wait (a printer that reports a problem gets none of the job),
/// sends `job` whole and waits until it has left the port. `write_timeout` is how long to
/// wait for the printer to take more bytes; a printer out of paper or with its cover open
/// holds the flow control, and this is how that shows.
pub fn print_over_serial(
    settings: &SerialPortSettings,
    job: &[u8],
    write_timeout: Duration,
    status_answer: Option<Duration>,
) -> Result<(), SerialPrintError> {
    let mut port = open_serial_port(settings, status_answer.unwrap_or(write_timeout))?;
    if status_answer.is_some() {
        if let StatusBeforeJob::Blocked { problem, .. } = ask_status_before_job(port.as_mut()) {
            return Err(SerialPrintError::NotReady {
                path: settings.path.clone(),
                problem,
            });
        }
        port.set_timeout(write_timeout)
            .map_err(|error| SerialPrintError::Interrupted {
                path: settings.path.clone(),
                bytes_sent: 0,
                message: error.to_string(),
            })?;
    }
    // The port's flush waits until the bytes have left it, so closing it does not cut
    // the job.
    write_whole_job(port.as_mut(), job, WRITE_PIECE_BYTES).map_err(|stopped| {
        match stopped.cause() {
            WriteStopCause::TimedOut => SerialPrintError::WriteTimedOut {
                path: settings.path.clone(),
                bytes_sent: stopped.bytes_sent,
                total: stopped.total,
            },
            WriteStopCause::Closed | WriteStopCause::Failed => SerialPrintError::Interrupted {
                path: settings.path.clone(),
                bytes_sent: stopped.bytes_sent,
                message: stopped.error.to_string(),
            },
        }
    })
}
