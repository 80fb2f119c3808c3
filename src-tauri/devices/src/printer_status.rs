//! Printer status from ESC/POS real-time requests (`DLE EOT n`): the one-byte replies read
//! into offline, cover open, paper near its end or out, and errors.
//!
//! Each reply byte has bits 1 and 4 set and bits 0 and 7 clear; a byte that does not is
//! not a status reply (line noise, or an answer to something else) and is refused rather
//! than read as "all fine".

/// The four real-time status requests, by their `n` in `DLE EOT n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusRequest {
    Printer = 1,
    OfflineCause = 2,
    ErrorCause = 3,
    PaperSensor = 4,
}

impl StatusRequest {
    /// In the order a full status read sends them.
    pub const ALL: [StatusRequest; 4] = [
        Self::Printer,
        Self::OfflineCause,
        Self::ErrorCause,
        Self::PaperSensor,
    ];

    /// The bytes that ask for this status.
    pub fn bytes(self) -> [u8; 3] {
        [0x10, 0x04, self as u8]
    }
}

/// The printer's state, from the four replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrinterStatus {
    pub offline: bool,
    pub cover_open: bool,
    pub paper_out: bool,
    pub paper_near_end: bool,
    pub cutter_error: bool,
    /// An error the printer cannot recover from without being switched off and on.
    pub unrecoverable_error: bool,
}

/// Something that keeps the printer from printing, worded for the cashier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PrinterProblem {
    #[error("the printer is out of paper; load a new roll")]
    PaperOut,
    #[error("the printer cover is open; close it")]
    CoverOpen,
    #[error("the paper cutter is jammed; open the cover and clear it")]
    CutterError,
    #[error("the printer has a serious error; switch it off and on again")]
    UnrecoverableError,
    #[error("the printer is offline; check the paper, the cover and the power")]
    Offline,
}

/// A reply byte that is not a status reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the printer answered {byte:#04x} to the status request {request:?}, which is not a status"
)]
pub struct NotAStatusReply {
    pub request: StatusRequest,
    pub byte: u8,
}

const FIXED_BITS_MASK: u8 = 0b1001_0011;
const FIXED_BITS_VALUE: u8 = 0b0001_0010;

impl PrinterStatus {
    /// Reads the replies to [`StatusRequest::ALL`], in that order.
    pub fn from_replies(replies: [u8; 4]) -> Result<Self, NotAStatusReply> {
        for (request, byte) in StatusRequest::ALL.into_iter().zip(replies) {
            if byte & FIXED_BITS_MASK != FIXED_BITS_VALUE {
                return Err(NotAStatusReply { request, byte });
            }
        }
        let [printer, offline_cause, error_cause, paper] = replies;
        let bit = |byte: u8, number: u8| byte & (1 << number) != 0;
        Ok(Self {
            offline: bit(printer, 3),
            cover_open: bit(offline_cause, 2),
            // Either "printing stopped for lack of paper" or the roll sensor's end bits.
            paper_out: bit(offline_cause, 5) || paper & 0b0110_0000 != 0,
            paper_near_end: paper & 0b0000_1100 != 0,
            cutter_error: bit(error_cause, 3),
            unrecoverable_error: bit(error_cause, 5),
        })
    }

    /// What keeps the printer from printing, most specific first; empty when it is ready.
    /// Paper near its end is a warning, not a problem: the receipt still prints.
    pub fn problems(&self) -> Vec<PrinterProblem> {
        let specific = [
            (self.paper_out, PrinterProblem::PaperOut),
            (self.cover_open, PrinterProblem::CoverOpen),
            (self.cutter_error, PrinterProblem::CutterError),
            (self.unrecoverable_error, PrinterProblem::UnrecoverableError),
        ];
        let mut problems: Vec<PrinterProblem> = specific
            .into_iter()
            .filter_map(|(present, problem)| present.then_some(problem))
            .collect();
        if self.offline && problems.is_empty() {
            problems.push(PrinterProblem::Offline);
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READY: [u8; 4] = [0x12, 0x12, 0x12, 0x12];

    fn check(replies: [u8; 4], expected: &[PrinterProblem]) {
        let status = PrinterStatus::from_replies(replies).expect("valid status replies");
        assert_eq!(
            status.problems(),
            expected,
            "replies {replies:02x?} read as {status:?}"
        );
    }

    #[test]
    fn replies_name_the_problem() {
        use PrinterProblem::*;
        check(READY, &[]);
        // Offline because the paper ran out: offline cause bit 5, sensor bits 5 and 6.
        check([0x1a, 0x32, 0x12, 0x72], &[PaperOut]);
        // Only the roll sensor says the paper is gone (printer idle, nothing stopped yet).
        check([0x12, 0x12, 0x12, 0x72], &[PaperOut]);
        check([0x1a, 0x16, 0x12, 0x12], &[CoverOpen]);
        check([0x1a, 0x52, 0x1a, 0x12], &[CutterError]);
        check([0x1a, 0x52, 0x32, 0x12], &[UnrecoverableError]);
        check([0x1a, 0x12, 0x12, 0x12], &[Offline]);
        check([0x1a, 0x36, 0x12, 0x72], &[PaperOut, CoverOpen]);
    }

    #[test]
    fn paper_near_its_end_warns_without_stopping() -> Result<(), NotAStatusReply> {
        let status = PrinterStatus::from_replies([0x12, 0x12, 0x12, 0x1e])?;
        assert!(
            status.paper_near_end,
            "sensor bits 2 and 3 mean the roll is nearly out"
        );
        assert_eq!(status.problems(), [], "a nearly empty roll still prints");
        Ok(())
    }

    #[test]
    fn bytes_without_the_fixed_bits_are_not_status() {
        let cases = [
            ([0x00, 0x12, 0x12, 0x12], StatusRequest::Printer, 0x00),
            ([0x12, 0xff, 0x12, 0x12], StatusRequest::OfflineCause, 0xff),
            ([0x12, 0x12, 0x13, 0x12], StatusRequest::ErrorCause, 0x13),
            ([0x12, 0x12, 0x12, 0x92], StatusRequest::PaperSensor, 0x92),
        ];
        for (replies, request, byte) in cases {
            assert_eq!(
                PrinterStatus::from_replies(replies),
                Err(NotAStatusReply { request, byte }),
                "{replies:02x?} must not be read as a status"
            );
        }
    }

    #[test]
    fn requests_are_dle_eot_n() {
        let bytes: Vec<[u8; 3]> = StatusRequest::ALL
            .into_iter()
            .map(StatusRequest::bytes)
            .collect();
        assert_eq!(
            bytes,
            [[0x10, 4, 1], [0x10, 4, 2], [0x10, 4, 3], [0x10, 4, 4]],
            "DLE EOT 1-4"
        );
    }
}
