//! Tests of the status question before a job, against a scripted byte stream standing in
//! for the printer's end of the connection.

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};

use super::*;

/// A printer's end of the line: records what is written, answers each status request
/// with the next scripted byte, and times out (as a read timeout does) when the script
/// has run out.
struct ScriptedPrinter {
    answers: VecDeque<u8>,
    pending_answers: usize,
    written: Vec<u8>,
}

impl ScriptedPrinter {
    fn answering(answers: &[u8]) -> Self {
        Self {
            answers: answers.iter().copied().collect(),
            pending_answers: 0,
            written: Vec::new(),
        }
    }
}

impl Write for ScriptedPrinter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.written.extend_from_slice(bytes);
        if bytes.starts_with(&[0x10, 0x04]) {
            self.pending_answers += 1;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Read for ScriptedPrinter {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let answer = (self.pending_answers > 0)
            .then(|| self.answers.pop_front())
            .flatten();
        match (answer, buffer.first_mut()) {
            (Some(byte), Some(slot)) => {
                self.pending_answers -= 1;
                *slot = byte;
                Ok(1)
            }
            _ => Err(ErrorKind::WouldBlock.into()),
        }
    }
}

#[test]
fn a_ready_printer_is_asked_all_four_questions_and_may_print() {
    let mut printer = ScriptedPrinter::answering(&[0x12, 0x12, 0x12, 0x12]);
    let answer = ask_status_before_job(&mut printer);
    assert!(
        matches!(answer, StatusBeforeJob::Ready(status) if !status.paper_near_end),
        "all clear: {answer:?}"
    );
    assert_eq!(
        printer.written,
        [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4],
        "only the real-time requests are sent, nothing printable"
    );
}

#[test]
fn a_printer_out_of_paper_blocks_the_job_and_says_why() {
    let mut printer = ScriptedPrinter::answering(&[0x1a, 0x32, 0x12, 0x72]);
    let answer = ask_status_before_job(&mut printer);
    assert!(
        matches!(
            answer,
            StatusBeforeJob::Blocked {
                problem: PrinterProblem::PaperOut,
                ..
            }
        ),
        "paper out must block: {answer:?}"
    );
}

#[test]
fn an_open_cover_blocks_the_job() {
    let mut printer = ScriptedPrinter::answering(&[0x1a, 0x16, 0x12, 0x12]);
    assert!(matches!(
        ask_status_before_job(&mut printer),
        StatusBeforeJob::Blocked {
            problem: PrinterProblem::CoverOpen,
            ..
        }
    ));
}

#[test]
fn paper_near_its_end_still_prints() {
    let mut printer = ScriptedPrinter::answering(&[0x12, 0x12, 0x12, 0x1e]);
    let answer = ask_status_before_job(&mut printer);
    assert!(
        matches!(answer, StatusBeforeJob::Ready(status) if status.paper_near_end),
        "a nearly empty roll is a warning: {answer:?}"
    );
}

#[test]
fn silence_is_not_ready_and_not_blocked() {
    let mut printer = ScriptedPrinter::answering(&[]);
    assert_eq!(ask_status_before_job(&mut printer), StatusBeforeJob::Silent);
    assert_eq!(
        printer.written,
        [0x10, 4, 1],
        "after no answer to the first question, no more are asked"
    );
}

#[test]
fn an_answer_that_is_not_a_status_counts_as_silence() {
    // Line noise or an echo: bit 7 set, fixed bits missing.
    let mut printer = ScriptedPrinter::answering(&[0xff, 0x12, 0x12, 0x12]);
    assert_eq!(ask_status_before_job(&mut printer), StatusBeforeJob::Silent);
}

#[test]
fn a_printer_that_falls_silent_after_saying_it_is_offline_is_blocked() {
    // Answers DLE EOT 1 (offline) and nothing more: the cause is unknown, but it is not
    // printing.
    let mut printer = ScriptedPrinter::answering(&[0x1a]);
    assert!(matches!(
        ask_status_before_job(&mut printer),
        StatusBeforeJob::Blocked {
            problem: PrinterProblem::Offline,
            ..
        }
    ));
}
