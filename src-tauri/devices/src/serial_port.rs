//! Opening a serial port for a peripheral (a receipt printer, a barcode scanner): 8 data
//! bits, no parity, one stop bit, the device's baud rate and flow control, and errors the
//! person at the counter can act on.
//!
//! The port is opened raw (the `serialport` crate applies `cfmakeraw`), so bytes pass
//! unchanged both ways: no LF turned into CR LF, no XON/XOFF bytes swallowed unless the
//! device is set to software flow control. The crate is used without its `libudev`
//! feature, which only adds USB details to port listings and would need libudev-dev.

use std::io::ErrorKind;
use std::time::Duration;

use serialport::{FlowControl, SerialPort};

/// How the device paces the other end. Most receipt printers are sold set to hardware
/// (RTS/CTS); the device's self-test page says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SerialFlowControl {
    None,
    /// RTS/CTS lines.
    Hardware,
    /// XON/XOFF bytes in the stream.
    Software,
}

/// Where the device is and how to talk to it. No `Default`: each value must match the
/// device's own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPortSettings {
    /// `/dev/ttyUSB0` on Linux, `COM3` on Windows.
    pub path: String,
    /// 9600, 19200, 38400 or 115200 on common devices.
    pub baud_rate: u32,
    pub flow_control: SerialFlowControl,
}

/// Why a serial port could not be opened. Nothing was sent or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialOpenError {
    #[error("nothing is connected at {path}; check the cable and the port chosen in the settings")]
    NotFound { path: String },
    #[error("F-Flow may not use the port {path}; on Linux, add this user to the dialout group")]
    PermissionDenied { path: String },
    #[error("the port {path} is in use by another program; close it and try again")]
    Busy { path: String },
    #[error("could not open the port {path}: {message}")]
    Other { path: String, message: String },
}

/// Opens the port in `settings`; reads and writes wait up to `timeout`.
pub fn open_serial_port(
    settings: &SerialPortSettings,
    timeout: Duration,
) -> Result<Box<dyn SerialPort>, SerialOpenError> {
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
        .timeout(timeout)
        .open()
        .map_err(|error| match error.kind() {
            serialport::ErrorKind::Io(ErrorKind::NotFound) => SerialOpenError::NotFound { path },
            serialport::ErrorKind::Io(ErrorKind::PermissionDenied) => {
                SerialOpenError::PermissionDenied { path }
            }
            // The crate reports a port another program holds (EBUSY, or its lock) as
            // NoDevice.
            serialport::ErrorKind::NoDevice => SerialOpenError::Busy { path },
            _ => SerialOpenError::Other {
                path,
                message: error.to_string(),
            },
        })
}
