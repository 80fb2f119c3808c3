//! Why a print job failed, as a short stable code the counter translates for the cashier
//! ("sem papel", "impressora desligada"), whichever way the printer is connected. The
//! English error text stays for the log and the details; the code is what the screen
//! words in the cashier's language.

use crate::device_file_printer::DeviceFilePrintError;
use crate::network_printer::NetworkPrintError;
use crate::printer_connection::PrintError;
use crate::printer_status::PrinterProblem;
use crate::serial_port::SerialOpenError;
use crate::serial_printer::SerialPrintError;

/// What the cashier has to do something about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFailure {
    /// The printer said so before the job: nothing printed.
    PaperOut,
    CoverOpen,
    CutterJammed,
    PrinterError,
    Offline,
    /// No connection: switched off, unplugged, wrong address or port.
    Unreachable,
    /// The system does not let the app use the port or device.
    AccessDenied,
    /// Another program holds the port or device.
    Busy,
    /// The printer stopped taking the job part way (often paper or cover).
    StoppedMidJob,
    /// The connection ended part way: the receipt may be cut short.
    CutOff,
    /// The settings name something that is not a usable printer.
    WrongSetting,
}

impl PrintFailure {
    pub const ALL: [PrintFailure; 11] = [
        Self::PaperOut,
        Self::CoverOpen,
        Self::CutterJammed,
        Self::PrinterError,
        Self::Offline,
        Self::Unreachable,
        Self::AccessDenied,
        Self::Busy,
        Self::StoppedMidJob,
        Self::CutOff,
        Self::WrongSetting,
    ];

    /// The code the UI translates.
    pub fn code(self) -> &'static str {
        match self {
            Self::PaperOut => "paper_out",
            Self::CoverOpen => "cover_open",
            Self::CutterJammed => "cutter_jammed",
            Self::PrinterError => "printer_error",
            Self::Offline => "printer_offline",
            Self::Unreachable => "printer_unreachable",
            Self::AccessDenied => "printer_access_denied",
            Self::Busy => "printer_busy",
            Self::StoppedMidJob => "printer_stopped_mid_job",
            Self::CutOff => "printer_cut_off",
            Self::WrongSetting => "printer_wrong_setting",
        }
    }
}

impl From<PrinterProblem> for PrintFailure {
    fn from(problem: PrinterProblem) -> Self {
        match problem {
            PrinterProblem::PaperOut => Self::PaperOut,
            PrinterProblem::CoverOpen => Self::CoverOpen,
            PrinterProblem::CutterError => Self::CutterJammed,
            PrinterProblem::UnrecoverableError => Self::PrinterError,
            PrinterProblem::Offline => Self::Offline,
        }
    }
}

impl PrintError {
    pub fn failure(&self) -> PrintFailure {
        match self {
            PrintError::Network(error) => network_failure(error),
            PrintError::Serial(error) => serial_failure(error),
            PrintError::DeviceFile(error) => device_file_failure(error),
        }
    }
}

fn network_failure(error: &NetworkPrintError) -> PrintFailure {
    match error {
        NetworkPrintError::Refused { .. }
        | NetworkPrintError::ConnectTimedOut { .. }
        | NetworkPrintError::Unreachable { .. } => PrintFailure::Unreachable,
        NetworkPrintError::WriteTimedOut { .. } => PrintFailure::StoppedMidJob,
        NetworkPrintError::ClosedMidJob { .. } | NetworkPrintError::Interrupted { .. } => {
            PrintFailure::CutOff
        }
        NetworkPrintError::NotReady { problem, .. } => (*problem).into(),
    }
}

fn serial_failure(error: &SerialPrintError) -> PrintFailure {
    match error {
        SerialPrintError::Open(SerialOpenError::NotFound { .. }) => PrintFailure::Unreachable,
        SerialPrintError::Open(SerialOpenError::PermissionDenied { .. }) => {
            PrintFailure::AccessDenied
        }
        SerialPrintError::Open(SerialOpenError::Busy { .. }) => PrintFailure::Busy,
        SerialPrintError::Open(SerialOpenError::Other { .. }) => PrintFailure::WrongSetting,
        SerialPrintError::WriteTimedOut { .. } => PrintFailure::StoppedMidJob,
        SerialPrintError::Interrupted { .. } => PrintFailure::CutOff,
        SerialPrintError::NotReady { problem, .. } => (*problem).into(),
    }
}

fn device_file_failure(error: &DeviceFilePrintError) -> PrintFailure {
    match error {
        DeviceFilePrintError::NotConnected { .. } => PrintFailure::Unreachable,
        DeviceFilePrintError::PermissionDenied { .. } => PrintFailure::AccessDenied,
        DeviceFilePrintError::Busy { .. } => PrintFailure::Busy,
        DeviceFilePrintError::IsADirectory { .. }
        | DeviceFilePrintError::OpenFailed { .. }
        | DeviceFilePrintError::Unsupported { .. } => PrintFailure::WrongSetting,
        // Took no byte at all: like a printer that stops reading for lack of paper.
        DeviceFilePrintError::NotTakingBytes { .. }
        | DeviceFilePrintError::WriteTimedOut { .. } => PrintFailure::StoppedMidJob,
        DeviceFilePrintError::WentAway { .. } | DeviceFilePrintError::Interrupted { .. } => {
            PrintFailure::CutOff
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;

    #[test]
    fn every_failure_has_its_own_code() {
        let all = PrintFailure::ALL;
        let mut codes: Vec<&str> = all.iter().map(|failure| failure.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes must not collide: {codes:?}");
    }

    #[test]
    fn what_the_printer_reported_becomes_the_failure() {
        let address = SocketAddr::from(([127, 0, 0, 1], 9100));
        let paper_out = PrintError::Network(NetworkPrintError::NotReady {
            address,
            problem: PrinterProblem::PaperOut,
        });
        assert_eq!(paper_out.failure().code(), "paper_out");
        let cover = PrintError::Serial(SerialPrintError::NotReady {
            path: "/dev/ttyUSB0".into(),
            problem: PrinterProblem::CoverOpen,
        });
        assert_eq!(cover.failure(), PrintFailure::CoverOpen);
        let refused = PrintError::Network(NetworkPrintError::Refused { address });
        assert_eq!(refused.failure(), PrintFailure::Unreachable);
        let lp_group = PrintError::DeviceFile(DeviceFilePrintError::PermissionDenied {
            path: "/dev/usb/lp0".into(),
        });
        assert_eq!(lp_group.failure(), PrintFailure::AccessDenied);
    }
}
