//! Serial barcode scanners: a port opened by [`crate::serial_port`] delivers a byte
//! stream, and [`ScanFramer`] cuts it into scans. A scan ends at CR or LF (so CR LF is one
//! ending, as blank scans are dropped) or at a terminator configured to match the
//! scanner (`#`, a tab, ETX). Each scan is then text for [`crate::scan::parse_scan`].
//!
//! Bytes that are not text, or a run too long to be a barcode, are what a wrong baud rate
//! or a scanner in the wrong mode sends; they are reported as such and thrown away, and
//! the scans after them still come through.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read};
use std::time::Duration;

use serialport::SerialPort;

use crate::serial_port::{SerialOpenError, SerialPortSettings, open_serial_port};

#[cfg(test)]
mod tests;

/// Longer than any barcode a counter scans (a GS1 DataMatrix holds a few hundred
/// characters); a run past it without an ending is not a scan.
pub const MAX_SCAN_BYTES: usize = 4096;

/// What the scanner sent that cannot be a scan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SerialScanError {
    #[error(transparent)]
    Open(#[from] SerialOpenError),
    #[error(
        "the scanner sent {bytes} bytes that are not text; check that its baud rate matches \
         the settings"
    )]
    NotText { bytes: usize },
    #[error(
        "the scanner sent more than {MAX_SCAN_BYTES} bytes without ending a code; check its \
         suffix (CR or LF) in the settings"
    )]
    TooLong,
    #[error("the scanner at {path} stopped answering: {message}")]
    Disconnected { path: String, message: String },
}

impl SerialScanError {
    /// A stable code the counter's screen words in the cashier's language.
    pub fn code(&self) -> &'static str {
        match self {
            SerialScanError::Open(SerialOpenError::NotFound { .. }) => "scanner_not_found",
            SerialScanError::Open(SerialOpenError::PermissionDenied { .. }) => {
                "scanner_access_denied"
            }
            SerialScanError::Open(SerialOpenError::Busy { .. }) => "scanner_busy",
            SerialScanError::Open(SerialOpenError::Other { .. }) => "scanner_unusable",
            SerialScanError::NotText { .. } => "scanner_sent_garbage",
            SerialScanError::TooLong => "scanner_no_suffix",
            SerialScanError::Disconnected { .. } => "scanner_disconnected",
        }
    }
}

/// Cuts a scanner's byte stream into scans.
#[derive(Debug, Clone)]
pub struct ScanFramer {
    terminators: Vec<u8>,
    pending: Vec<u8>,
    /// Set while the bytes of a too-long run are skipped up to its ending.
    skipping: bool,
}

impl ScanFramer {
    /// A framer ending scans at CR, LF and each byte of `extra_terminators` (an empty
    /// string adds nothing).
    pub fn new(extra_terminators: &[u8]) -> ScanFramer {
        let mut terminators = vec![b'\r', b'\n'];
        terminators.extend_from_slice(extra_terminators);
        ScanFramer {
            terminators,
            pending: Vec::new(),
            skipping: false,
        }
    }

    /// Takes the next `bytes` and returns the scans (and refusals) they complete, in order.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Result<String, SerialScanError>> {
        let mut finished = Vec::new();
        for &byte in bytes {
            if self.terminators.contains(&byte) {
                let frame = std::mem::take(&mut self.pending);
                if std::mem::take(&mut self.skipping) || frame.is_empty() {
                    continue;
                }
                finished.push(
                    String::from_utf8(frame).map_err(|error| SerialScanError::NotText {
                        bytes: error.as_bytes().len(),
                    }),
                );
            } else if !self.skipping {
                self.pending.push(byte);
                if self.pending.len() > MAX_SCAN_BYTES {
                    self.pending.clear();
                    self.skipping = true;
                    finished.push(Err(SerialScanError::TooLong));
                }
            }
        }
        finished
    }
}

/// A scanner on a serial port.
pub struct SerialScanner {
    path: String,
    port: Box<dyn SerialPort>,
    framer: ScanFramer,
    ready: VecDeque<Result<String, SerialScanError>>,
}

impl std::fmt::Debug for SerialScanner {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SerialScanner")
            .field("path", &self.path)
            .field("framer", &self.framer)
            .field("ready", &self.ready)
            .finish_non_exhaustive()
    }
}

impl SerialScanner {
    /// Opens the scanner's port; each [`next_scan`](Self::next_scan) waits up to `wait`.
    pub fn open(
        settings: &SerialPortSettings,
        extra_terminators: &[u8],
        wait: Duration,
    ) -> Result<SerialScanner, SerialScanError> {
        Ok(SerialScanner {
            path: settings.path.clone(),
            port: open_serial_port(settings, wait)?,
            framer: ScanFramer::new(extra_terminators),
            ready: VecDeque::new(),
        })
    }

    /// The next scan, or `None` when no complete scan arrived within the wait; the caller
    /// polls again (the counter's input loop), and a scan split across waits is kept.
    pub fn next_scan(&mut self) -> Result<Option<String>, SerialScanError> {
        if let Some(scan) = self.ready.pop_front() {
            return scan.map(Some);
        }
        let mut buffer = [0_u8; 512];
        match self.port.read(&mut buffer) {
            Ok(0) => Err(self.disconnected("the port was closed")),
            Ok(read) => {
                self.ready.extend(self.framer.push(&buffer[..read]));
                self.ready.pop_front().transpose()
            }
            Err(error) if matches!(error.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                Ok(None)
            }
            Err(error) => Err(self.disconnected(&error.to_string())),
        }
    }

    fn disconnected(&self, message: &str) -> SerialScanError {
        SerialScanError::Disconnected {
            path: self.path.clone(),
            message: message.to_owned(),
        }
    }
}
