//! The receipt printer as the settings name it, on the network, on a serial port or as a
//! device file, and one way to send it a job whichever it is. Every kind answers the same question when a
//! job fails: could any of it have reached the printer ([`PrintError::nothing_was_sent`])?

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::device_file_printer::{DeviceFilePrintError, print_to_device_file};
use crate::network_printer::{NetworkPrintError, NetworkTimeouts, print_over_network};
use crate::serial_port::SerialPortSettings;
use crate::serial_printer::{SerialPrintError, print_over_serial};

/// How the printer is connected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterConnection {
    /// Raw TCP, usually port 9100.
    Network {
        address: SocketAddr,
    },
    Serial(SerialPortSettings),
    /// A printer the system shows as a file: `/dev/usb/lp0` for USB, `/dev/lp0` for a
    /// parallel port.
    DeviceFile {
        path: PathBuf,
    },
}

/// Why a job did not reach the printer whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Network(#[from] NetworkPrintError),
    #[error(transparent)]
    Serial(#[from] SerialPrintError),
    #[error(transparent)]
    DeviceFile(#[from] DeviceFilePrintError),
}

impl PrintError {
    /// Whether the printer cannot have printed any of the job, so retrying is safe.
    pub fn nothing_was_sent(&self) -> bool {
        match self {
            PrintError::Network(error) => error.nothing_was_sent(),
            PrintError::Serial(error) => error.nothing_was_sent(),
            PrintError::DeviceFile(error) => error.nothing_was_sent(),
        }
    }
}

/// Sends `job` to the printer on `connection`. A serial port or a device file has no
/// connection to wait for, so it uses only `timeouts.write`; a device file is never asked
/// for its status (the USB printer class answers through a different channel).
pub fn send_to_printer(
    connection: &PrinterConnection,
    job: &[u8],
    timeouts: &NetworkTimeouts,
) -> Result<(), PrintError> {
    match connection {
        PrinterConnection::Network { address } => Ok(print_over_network(*address, job, timeouts)?),
        PrinterConnection::Serial(settings) => Ok(print_over_serial(
            settings,
            job,
            timeouts.write,
            timeouts.status_answer,
        )?),
        PrinterConnection::DeviceFile { path } => {
            Ok(print_to_device_file(path, job, timeouts.write)?)
        }
    }
}
