//! Serial receipt printers (RS-232, or USB adapters that show up as `/dev/ttyUSB0`,
//! `/dev/ttyACM0`, `COM3`): opening the port with the printer's settings, sending a job
//! with a bounded wait, and errors that tell the print queue whether anything left.
//!
//! The port is opened raw (the `serialport` crate applies `cfmakeraw`), so ESC/POS bytes
//! go out unchanged: no LF turned into CR LF, and no XON/XOFF bytes swallowed unless the
//! printer is set to software flow control. As with network printers, only a failure to
//! open the port proves nothing was printed ([`SerialPrintError::nothing_was_sent`]).

use std::io::ErrorKind;
use std::time::Duration;

use serialport::{FlowControl, SerialPort};

#[cfg(test)]
mod tests;

/// How the printer paces the sender. Most receipt printers are sold set to hardware
/// (RTS/CTS); the printer's self-test page says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialFlowControl {
    None,
    /// RTS/CTS lines.
    Hardware,
    /// XON/XOFF bytes in the stream.
    Software,
}

/// Where the printer is and how to talk to it. No `Default`: each value must match the
/// printer's own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPrinterSettings {
    /// `/dev/ttyUSB0` on Linux, `COM3` on Windows.
    pub path: String,
    /// 9600, 19200, 38400 or 115200 on common printers; 8 data bits, no parity, 1 stop bit.
    pub baud_rate: u32,
    pub flow_control: SerialFlowControl,
}

/// Why a job did not reach a serial printer whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialPrintError {
    #[error(
        "no printer is connected at {path}; check the cable and the port chosen in the settings"
    )]
    NotFound { path: String },
    #[error("F-Flow may not use the port {path}; on Linux, add this user to the dialout group")]
    PermissionDenied { path: String },
    #[error("the port {path} is in use by another program; close it and try again")]
    Busy { path: String },
    #[error("could not open the printer port {path}: {message}")]
    Open { path: String, message: String },
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
}

impl SerialPrintError {
    /// Whether the printer cannot have printed any of the job, so retrying is safe.
    pub fn nothing_was_sent(&self) -> bool {
        matches!(
            self,
            Self::NotFound { .. }
                | Self::PermissionDenied { .. }
                | Self::Busy { .. }
                | Self::Open { .. }
        )
    }
}

/// Bytes are written in pieces of this size so an error can say how far the job got.
const WRITE_PIECE_BYTES: usize = 1024;

/// Opens the port in `settings`, sends `job` whole and waits until it has left the port.
/// `write_timeout` is how long to wait for the printer to take more bytes; a printer out
/// of paper or with its cover open holds the flow control, and this is how that shows.
pub fn print_over_serial(
    settings: &SerialPrinterSettings,
    job: &[u8],
    write_timeout: Duration,
) -> Result<(), SerialPrintError> {
    let mut port = open_port(settings, write_timeout)?;
    write_job(port.as_mut(), &settings.path, job)
}

fn open_port(
    settings: &SerialPrinterSettings,
    write_timeout: Duration,
) -> Result<Box<dyn SerialPort>, SerialPrintError> {
    let flow_control = match settings.flow_control {
        SerialFlowControl::None => FlowControl::None,
        SerialFlowControl::Hardware => FlowControl::Hardware,
        SerialFlowControl::Software => FlowControl::Software,
    };
    let path = settings.path.clone();
    serialport::new(&settings.path, settings.baud_rate)
        .data_bits(serialport::DataBits::Eight)
        .parity(serialport::Parity::None)
        .stop_bits(serialport::StopBits::One)
        .flow_control(flow_control)
        .timeout(write_timeout)
        .open()
        .map_err(|error| match error.kind() {
            serialport::ErrorKind::Io(ErrorKind::NotFound) => SerialPrintError::NotFound { path },
            serialport::ErrorKind::Io(ErrorKind::PermissionDenied) => {
                SerialPrintError::PermissionDenied { path }
            }
            // The crate reports a port another program holds (EBUSY) as NoDevice.
            serialport::ErrorKind::NoDevice => SerialPrintError::Busy { path },
            _ => SerialPrintError::Open {
                path,
                message: error.to_string(),
            },
        })
}

fn write_job(port: &mut dyn SerialPort, path: &str, job: &[u8]) -> Result<(), SerialPrintError> {
    let write_error = |error: std::io::Error, bytes_sent: usize| match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => SerialPrintError::WriteTimedOut {
            path: path.to_owned(),
            bytes_sent,
            total: job.len(),
        },
        _ => SerialPrintError::Interrupted {
            path: path.to_owned(),
            bytes_sent,
            message: error.to_string(),
        },
    };
    let mut bytes_sent = 0;
    for piece in job.chunks(WRITE_PIECE_BYTES) {
        port.write_all(piece)
            .map_err(|error| write_error(error, bytes_sent))?;
        bytes_sent += piece.len();
    }
    // Waits until the bytes have left the port, so closing it does not cut the job.
    port.flush().map_err(|error| write_error(error, bytes_sent))
}
