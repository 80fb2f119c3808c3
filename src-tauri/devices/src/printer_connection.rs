//! The receipt printer as the settings name it, on the network or on a serial port, and
//! one way to send it a job whichever it is. Both kinds answer the same question when a
//! job fails: could any of it have reached the printer ([`PrintError::nothing_was_sent`])?

use std::net::SocketAddr;

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
}

/// Why a job did not reach the printer whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Network(#[from] NetworkPrintError),
    #[error(transparent)]
    Serial(#[from] SerialPrintError),
}

impl PrintError {
    /// Whether the printer cannot have printed any of the job, so retrying is safe.
    pub fn nothing_was_sent(&self) -> bool {
        match self {
            PrintError::Network(error) => error.nothing_was_sent(),
            PrintError::Serial(error) => error.nothing_was_sent(),
        }
    }
}

/// Sends `job` to the printer on `connection`. A serial port has no connection to wait
/// for, so it uses only `timeouts.write`.
pub fn send_to_printer(
    connection: &PrinterConnection,
    job: &[u8],
    timeouts: &NetworkTimeouts,
) -> Result<(), PrintError> {
    match connection {
        PrinterConnection::Network { address } => Ok(print_over_network(*address, job, timeouts)?),
        PrinterConnection::Serial(settings) => {
            Ok(print_over_serial(settings, job, timeouts.write)?)
        }
    }
}
