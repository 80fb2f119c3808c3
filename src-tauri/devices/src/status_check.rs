//! Asking the printer for its status on the connection a job is about to use, so a
//! printer that says it is out of paper, has its cover open or is otherwise offline gets
//! no bytes of the job: the job is then known not to be printed and may be retried on
//! its own once the printer is fixed.
//!
//! Not every printer answers (a one-way print server, a USB-serial adapter without the
//! return line). Silence within the wait means "does not report its status", and the job
//! goes ahead as it would have without the question: the write timeout still catches a
//! printer that takes nothing.

use std::io::{Read, Write};

use crate::printer_status::{PrinterProblem, PrinterStatus, StatusRequest};

/// A status byte with only its fixed bits set: the printer is ready on that count.
const ALL_CLEAR_REPLY: u8 = 0x12;

/// What the printer said when asked just before a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusBeforeJob {
    /// It answered and can print (the paper may be near its end).
    Ready(PrinterStatus),
    /// It answered and cannot print; the first problem is the one to tell the cashier.
    Blocked {
        status: PrinterStatus,
        problem: PrinterProblem,
    },
    /// No answer within the stream's read timeout, or an answer that is not a status.
    Silent,
}

/// Sends `DLE EOT 1` to `4` on `stream`, each after the previous answer, and reads the
/// answers. The caller sets the stream's read timeout to how long it will wait.
///
/// Real-time status requests are answered even while the printer is offline and are
/// never printed, so asking cannot put anything on paper.
pub fn ask_status_before_job(stream: &mut (impl Read + Write + ?Sized)) -> StatusBeforeJob {
    let mut replies = [ALL_CLEAR_REPLY; 4];
    for (index, request) in StatusRequest::ALL.into_iter().enumerate() {
        match ask_one(stream, request) {
            Some(byte) => replies[index] = byte,
            // The first question unanswered: the printer does not report status here.
            None if index == 0 => return StatusBeforeJob::Silent,
            // It answered the first and then fell silent: judge by what it said.
            None => break,
        }
    }
    let Ok(status) = PrinterStatus::from_replies(replies) else {
        return StatusBeforeJob::Silent;
    };
    match status.problems().first() {
        Some(problem) => StatusBeforeJob::Blocked {
            status,
            problem: *problem,
        },
        None => StatusBeforeJob::Ready(status),
    }
}

fn ask_one(stream: &mut (impl Read + Write + ?Sized), request: StatusRequest) -> Option<u8> {
    stream.write_all(&request.bytes()).ok()?;
    stream.flush().ok()?;
    let mut byte = [0_u8];
    // A timeout, a closed connection (UnexpectedEof) and an error all mean no answer.
    stream.read_exact(&mut byte).ok()?;
    Some(byte[0])
}

#[cfg(test)]
mod tests;
