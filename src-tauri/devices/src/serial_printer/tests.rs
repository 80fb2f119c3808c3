//! Tests of serial printing against a real pseudo-terminal pair: the job goes out of the
//! terminal's port side as our code opens it, and the test reads it back on the other
//! side, the way a printer on a serial cable would receive it.

use std::io::Read;
use std::thread::JoinHandle;

use serialport::{SerialPort, TTYPort};

use super::*;
use crate::escpos::render_escpos;
use crate::print_document::{PaperWidth, sample_receipt};
use crate::serial_port::SerialFlowControl;

/// The longest any test waits for bytes that are expected to arrive.
const ARRIVAL_LIMIT: Duration = Duration::from_secs(10);

/// A receipt, the bytes a tty would rewrite or swallow if the port were not raw (LF, CR,
/// XON, XOFF, NUL, DEL, 0xFF), and enough filler to need several write pieces and more
/// than the terminal buffers hold at once.
fn job() -> Vec<u8> {
    let mut job = render_escpos(&sample_receipt(), PaperWidth::Millimetres58).expect("renders");
    job.extend_from_slice(&[b'\n', b'\r', 0x11, 0x13, 0x00, 0x7f, 0xff, 0x03, 0x04]);
    job.extend((0..64 * 1024).map(|index| (index % 251) as u8));
    job
}

/// A pseudo-terminal pair. The returned port side stays open for the whole test so the
/// terminal lives while our code opens and closes it by path.
fn terminal_pair() -> (TTYPort, TTYPort, String) {
    let (printer_side, port_side) = TTYPort::pair().expect("a pseudo-terminal pair");
    let path = port_side.name().expect("the port side has a path");
    (printer_side, port_side, path)
}

fn settings(path: &str) -> SerialPortSettings {
    SerialPortSettings {
        path: path.to_owned(),
        baud_rate: 38_400,
        flow_control: SerialFlowControl::None,
    }
}

/// Reads exactly `expected` bytes on the printer's side, on its own thread so the writer
/// is never stuck on a full terminal buffer. The printer's side is handed back with the
/// bytes rather than closed: closing it hangs the terminal up, which the sender, still
/// draining its last bytes, would rightly see as a printer unplugged mid-job.
fn read_on_printer_side(
    mut printer_side: TTYPort,
    expected: usize,
) -> JoinHandle<(Vec<u8>, TTYPort)> {
    printer_side
        .set_timeout(ARRIVAL_LIMIT)
        .expect("read timeout");
    std::thread::spawn(move || {
        let mut received = vec![0; expected];
        printer_side
            .read_exact(&mut received)
            .expect("the whole job arrives");
        (received, printer_side)
    })
}

/// What the reader received, once the sender is done.
fn received(reader: JoinHandle<(Vec<u8>, TTYPort)>) -> Vec<u8> {
    reader.join().expect("the reader finishes").0
}

#[test]
fn the_printer_receives_the_job_byte_for_byte() {
    let (printer_side, _port_side, path) = terminal_pair();
    let job = job();
    let reader = read_on_printer_side(printer_side, job.len());
    assert_eq!(
        print_over_serial(&settings(&path), &job, ARRIVAL_LIMIT, None),
        Ok(())
    );
    let received = received(reader);
    assert!(
        received == job,
        "the port must be raw: every byte arrives unchanged, none added or swallowed \
         (first difference at byte {:?})",
        received
            .iter()
            .zip(&job)
            .position(|(got, sent)| got != sent)
    );
}

#[test]
fn a_terminal_left_cooked_by_another_program_is_made_raw() {
    use nix::sys::termios::{InputFlags, OutputFlags, SetArg, tcgetattr, tcsetattr};
    use std::io::Write;
    use std::os::fd::AsRawFd;

    let (printer_side, mut port_side, path) = terminal_pair();
    let printer_side_again = printer_side.try_clone_native().expect("a second handle");
    // What a login getty or a terminal program leaves behind: LF sent as CR LF, and
    // XON/XOFF taken as flow control.
    let mut cooked = tcgetattr(port_side.as_raw_fd()).expect("read the terminal settings");
    cooked.output_flags |= OutputFlags::OPOST | OutputFlags::ONLCR;
    cooked.input_flags |= InputFlags::IXON;
    tcsetattr(port_side.as_raw_fd(), SetArg::TCSANOW, &cooked).expect("cook the terminal");
    let reader = read_on_printer_side(printer_side, 2);
    port_side
        .write_all(b"\n")
        .expect("write through the cooked terminal");
    assert_eq!(
        received(reader),
        b"\r\n",
        "the terminal really is cooked, so this test can fail"
    );

    let job = job();
    let reader = read_on_printer_side(printer_side_again, job.len());
    assert_eq!(
        print_over_serial(&settings(&path), &job, ARRIVAL_LIMIT, None),
        Ok(())
    );
    assert!(
        received(reader) == job,
        "opening the port must make it raw again, whatever was left on it"
    );
}

#[test]
fn a_missing_port_is_named_and_nothing_was_sent() {
    let path = "/dev/fflow-no-such-printer";
    let error = print_over_serial(&settings(path), &job(), ARRIVAL_LIMIT, None)
        .expect_err("no device has that path");
    assert_eq!(
        error,
        SerialPrintError::Open(SerialOpenError::NotFound {
            path: path.to_owned()
        })
    );
    assert!(error.nothing_was_sent(), "the queue may retry on its own");
}

#[test]
fn a_port_held_by_another_program_is_busy_and_nothing_was_sent() {
    let (_printer_side, _port_side, path) = terminal_pair();
    let _other_program = serialport::new(&path, 9600)
        .open()
        .expect("another program opens the port first, exclusively");
    let error = print_over_serial(&settings(&path), &job(), ARRIVAL_LIMIT, None)
        .expect_err("the port is taken");
    assert_eq!(
        error,
        SerialPrintError::Open(SerialOpenError::Busy { path })
    );
    assert!(error.nothing_was_sent());
}

#[test]
fn a_printer_that_stops_taking_bytes_times_out_saying_how_far_the_job_got() {
    // Nobody reads the printer's side: like a printer out of paper holding the flow, the
    // terminal's buffers fill and writing stops.
    let (_printer_side, _port_side, path) = terminal_pair();
    let job: Vec<u8> = vec![b'x'; 1024 * 1024];
    let error = print_over_serial(&settings(&path), &job, Duration::from_millis(200), None)
        .expect_err("a job larger than every buffer cannot all leave");
    let SerialPrintError::WriteTimedOut {
        bytes_sent, total, ..
    } = &error
    else {
        panic!("expected a write timeout, got {error:?}");
    };
    assert_eq!(*total, job.len());
    assert!(
        *bytes_sent < *total,
        "the error says how far the job got ({bytes_sent} of {total})"
    );
    assert!(
        !error.nothing_was_sent(),
        "part of the receipt may be on paper: no retry on its own"
    );
}

/// On the printer's side: answers each of the four status requests with the byte given
/// for it, then hands back what it read and its side of the line.
fn answer_status_on_printer_side(
    mut printer_side: TTYPort,
    answers: [u8; 4],
) -> JoinHandle<(Vec<u8>, TTYPort)> {
    printer_side
        .set_timeout(ARRIVAL_LIMIT)
        .expect("read timeout");
    std::thread::spawn(move || {
        let mut requests = Vec::new();
        for answer in answers {
            let mut request = [0_u8; 3];
            printer_side
                .read_exact(&mut request)
                .expect("a status request arrives");
            requests.extend_from_slice(&request);
            std::io::Write::write_all(&mut printer_side, &[answer]).expect("answer it");
        }
        (requests, printer_side)
    })
}

#[test]
fn a_printer_that_reports_its_cover_open_gets_none_of_the_job() {
    let (printer_side, _port_side, path) = terminal_pair();
    let printer = answer_status_on_printer_side(printer_side, [0x1a, 0x16, 0x12, 0x12]);
    let result = print_over_serial(&settings(&path), &job(), ARRIVAL_LIMIT, Some(ARRIVAL_LIMIT));
    let (requests, printer_side) = printer.join().expect("the printer side finishes");
    assert_eq!(requests, [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4]);
    // The sender has returned, so anything it wrote would be waiting on this side now.
    assert_eq!(
        printer_side.bytes_to_read().expect("count waiting bytes"),
        0,
        "no byte of the job follows the status requests"
    );
    let error = result.expect_err("an open cover stops the job");
    assert_eq!(
        error,
        SerialPrintError::NotReady {
            path,
            problem: crate::printer_status::PrinterProblem::CoverOpen,
        }
    );
    assert!(error.nothing_was_sent(), "retry is safe");
}
