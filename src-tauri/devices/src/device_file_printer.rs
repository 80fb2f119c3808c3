//! Receipt printers that show up as a device file: a USB printer at `/dev/usb/lp0`, a
//! parallel port at `/dev/lp0`. The file is opened non-blocking, so a printer that stops
//! taking bytes (out of paper, cover open) ends the job after the write timeout instead
//! of holding the print queue forever. Only where no byte was written can nothing have
//! printed ([`DeviceFilePrintError::nothing_was_sent`]).

use std::path::Path;
use std::time::Duration;

#[cfg(unix)]
mod open_device_file;
#[cfg(all(test, unix))]
mod tests;

/// Why a job did not reach a device-file printer whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceFilePrintError {
    #[error(
        "nothing is connected at {path}; check that the printer is plugged in and switched \
         on, and that the path in the settings is right"
    )]
    NotConnected { path: String },
    #[error("F-Flow may not use the printer at {path}; on Linux, add this user to the lp group")]
    PermissionDenied { path: String },
    #[error("the printer at {path} is in use by another program; close it and try again")]
    Busy { path: String },
    #[error(
        "{path} is a folder, not a printer; in the settings, choose the printer's device, \
         such as /dev/usb/lp0"
    )]
    IsADirectory { path: String },
    #[error("could not open the printer at {path}: {message}")]
    OpenFailed { path: String, message: String },
    #[error("printing to a device file such as {path} works on Linux only")]
    Unsupported { path: String },
    #[error(
        "the printer at {path} took none of the receipt within {timeout_ms} ms; check that \
         it has paper and that its cover is closed"
    )]
    NotTakingBytes { path: String, timeout_ms: u128 },
    #[error(
        "the printer at {path} stopped taking the receipt after {bytes_sent} of {total} \
         bytes; check its paper and cover, then reprint if needed"
    )]
    WriteTimedOut {
        path: String,
        bytes_sent: usize,
        total: usize,
    },
    #[error(
        "the printer at {path} went away after {bytes_sent} of {total} bytes; check that \
         it is still plugged in, and check the receipt before reprinting"
    )]
    WentAway {
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
}

impl DeviceFilePrintError {
    /// Whether the printer cannot have printed any of the job, so retrying is safe. A
    /// write the device refused took no byte, so a failure before the first byte counts.
    pub fn nothing_was_sent(&self) -> bool {
        match self {
            Self::NotConnected { .. }
            | Self::PermissionDenied { .. }
            | Self::Busy { .. }
            | Self::IsADirectory { .. }
            | Self::OpenFailed { .. }
            | Self::Unsupported { .. }
            | Self::NotTakingBytes { .. } => true,
            Self::WriteTimedOut { bytes_sent, .. }
            | Self::WentAway { bytes_sent, .. }
            | Self::Interrupted { bytes_sent, .. } => *bytes_sent == 0,
        }
    }
}

/// Bytes are handed to the device in pieces of this size.
#[cfg(unix)]
const WRITE_PIECE_BYTES: usize = 4096;

/// Opens the device file at `path` and sends `job` whole. `write_timeout` is how long
/// to wait each time for the printer to take more bytes.
#[cfg(unix)]
pub fn print_to_device_file(
    path: &Path,
    job: &[u8],
    write_timeout: Duration,
) -> Result<(), DeviceFilePrintError> {
    use crate::printer_stream::{WriteStopCause, write_whole_job};

    let mut device = open_device_file::open_for_printing(path, write_timeout)?;
    write_whole_job(&mut device, job, WRITE_PIECE_BYTES).map_err(|stopped| {
        let path = path.display().to_string();
        let (bytes_sent, total) = (stopped.bytes_sent, stopped.total);
        match stopped.cause() {
            WriteStopCause::TimedOut if bytes_sent == 0 => DeviceFilePrintError::NotTakingBytes {
                path,
                timeout_ms: write_timeout.as_millis(),
            },
            WriteStopCause::TimedOut => DeviceFilePrintError::WriteTimedOut {
                path,
                bytes_sent,
                total,
            },
            WriteStopCause::Closed => DeviceFilePrintError::WentAway {
                path,
                bytes_sent,
                total,
            },
            WriteStopCause::Failed => DeviceFilePrintError::Interrupted {
                path,
                bytes_sent,
                message: stopped.error.to_string(),
            },
        }
    })
}

/// Without a way to bound a blocked write to a file, a printer out of paper would hold
/// the queue forever, so other systems use network or serial printers instead.
#[cfg(not(unix))]
pub fn print_to_device_file(
    path: &Path,
    _job: &[u8],
    _write_timeout: Duration,
) -> Result<(), DeviceFilePrintError> {
    Err(DeviceFilePrintError::Unsupported {
        path: path.display().to_string(),
    })
}
