//! Tests of network printing against the virtual printer over real loopback TCP.

use super::virtual_printer::{Behaviour, VirtualPrinter};
use super::*;
use crate::escpos::render_escpos;
use crate::print_document::{PaperWidth, sample_receipt};

const TIMEOUTS: NetworkTimeouts = NetworkTimeouts {
    connect: Duration::from_secs(5),
    write: Duration::from_secs(5),
    status_answer: None,
};

/// Larger than anything loopback socket buffers absorb (a few MiB), so a printer that
/// stops reading is noticed by the sender while the job is still going.
const JOB_LARGER_THAN_SOCKET_BUFFERS: usize = 64 * 1024 * 1024;

fn receipt_bytes() -> Vec<u8> {
    render_escpos(&sample_receipt(), PaperWidth::Millimetres80).expect("the receipt renders")
}

#[test]
fn the_printer_receives_exactly_the_rendered_bytes() {
    let printer = VirtualPrinter::start(Behaviour::Record);
    let job = receipt_bytes();
    assert_eq!(
        print_over_network(printer.address, &job, &TIMEOUTS),
        Ok(()),
        "a listening printer takes the whole job"
    );
    assert_eq!(
        printer.finish(),
        job,
        "the printer must receive the job byte for byte, and the end of it"
    );
}

#[test]
fn a_closed_port_is_refused_and_nothing_was_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("the port's address");
    drop(listener);
    let error = print_over_network(address, &receipt_bytes(), &TIMEOUTS)
        .expect_err("nothing listens on a port just released");
    assert_eq!(
        error,
        NetworkPrintError::Refused { address },
        "the cause is named"
    );
    assert!(
        error.nothing_was_sent(),
        "a refused connection proves nothing printed, so the queue may retry"
    );
}

#[test]
fn a_printer_that_stops_reading_times_out_with_a_partial_job() {
    let printer = VirtualPrinter::start(Behaviour::Stall);
    let timeouts = NetworkTimeouts {
        connect: Duration::from_secs(5),
        write: Duration::from_millis(200),
        status_answer: None,
    };
    let job = vec![b'x'; JOB_LARGER_THAN_SOCKET_BUFFERS];
    let result = print_over_network(printer.address, &job, &timeouts);
    printer.finish();
    match result {
        Err(
            ref error @ NetworkPrintError::WriteTimedOut {
                bytes_sent, total, ..
            },
        ) => {
            assert!(
                bytes_sent < total && total == job.len(),
                "the error says how far the job got: {bytes_sent} of {total}"
            );
            assert!(
                !error.nothing_was_sent(),
                "bytes left, so part may be printed and the queue must not retry on its own"
            );
        }
        other => panic!("a stalled printer must end in a write timeout, got {other:?}"),
    }
}

#[test]
fn a_printer_that_hangs_up_mid_job_is_reported_as_closed() {
    let printer = VirtualPrinter::start(Behaviour::HangUpAfter(1000));
    // A pattern that does not repeat every 256 bytes, so an out-of-order byte shows.
    let pattern: Vec<u8> = (0..=250).collect();
    let job = pattern.repeat(JOB_LARGER_THAN_SOCKET_BUFFERS / pattern.len());
    let result = print_over_network(printer.address, &job, &TIMEOUTS);
    let received = printer.finish();
    assert_eq!(
        received,
        job[..1000],
        "the printer got the start of the job in order before hanging up"
    );
    match result {
        Err(
            ref error @ NetworkPrintError::ClosedMidJob {
                bytes_sent, total, ..
            },
        ) => {
            assert!(
                (1000..total).contains(&bytes_sent),
                "at least what the printer read was sent, not all: {bytes_sent} of {total}"
            );
            assert!(
                !error.nothing_was_sent(),
                "part of the job left, no automatic retry"
            );
        }
        other => panic!("a hang-up mid job must be reported as closed, got {other:?}"),
    }
}

/// Offline because the paper ran out, as a real printer answers DLE EOT 1 to 4.
fn out_of_paper() -> Behaviour {
    Behaviour::AnswerStatus {
        printer: 0x1a,
        offline: 0x32,
        error: 0x12,
        paper: 0x72,
    }
}

#[test]
fn status_is_read_from_the_printers_answers() {
    let printer = VirtualPrinter::start(out_of_paper());
    let status = read_status_over_network(printer.address, &TIMEOUTS);
    assert_eq!(
        printer.finish(),
        [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4],
        "the four real-time status requests are sent, in order"
    );
    let status = status.expect("a printer that answers gives a status");
    assert!(
        status.offline && status.paper_out,
        "offline for lack of paper: {status:?}"
    );
}

#[test]
fn a_printer_that_does_not_answer_status_is_reported_as_such() {
    let printer = VirtualPrinter::start(Behaviour::Stall);
    let timeouts = NetworkTimeouts {
        connect: Duration::from_secs(5),
        write: Duration::from_millis(100),
        status_answer: None,
    };
    let address = printer.address;
    let result = read_status_over_network(address, &timeouts);
    printer.finish();
    assert_eq!(
        result,
        Err(NetworkStatusError::NoAnswer { address }),
        "silence is 'no answer', never 'ready'"
    );
}

#[test]
fn a_printer_that_never_accepts_times_out_connecting() {
    // A listener that never accepts stops answering handshakes once its backlog is full,
    // as a printer busy with another counter's job or half-crashed does. Fill the backlog
    // with idle connections; the first connection the kernel leaves unanswered must end
    // in the connect timeout, not hang. (Linux drops such handshakes by default,
    // tcp_abort_on_overflow = 0; the counters and CI run Linux.)
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("the port's address");
    let timeouts = NetworkTimeouts {
        connect: Duration::from_millis(200),
        write: Duration::from_secs(5),
        status_answer: None,
    };
    let mut held = Vec::new();
    let error = loop {
        match connect(address, &timeouts) {
            Ok(stream) if held.len() < 10_000 => held.push(stream),
            Ok(_) => panic!("the backlog never filled; the kernel accepts without limit"),
            Err(error) => break error,
        }
    };
    assert_eq!(
        error,
        NetworkPrintError::ConnectTimedOut {
            address,
            timeout_ms: 200
        },
        "after {} held connections, the next one waits out the connect timeout",
        held.len()
    );
    assert!(
        error.nothing_was_sent(),
        "no connection, nothing printed: retry is safe"
    );
    drop(listener);
}

/// Waits the print queue's way: ask for the status first.
const ASKING_TIMEOUTS: NetworkTimeouts = NetworkTimeouts {
    connect: Duration::from_secs(5),
    write: Duration::from_secs(5),
    status_answer: Some(Duration::from_secs(5)),
};

#[test]
fn a_printer_that_reports_paper_out_gets_none_of_the_job() {
    let printer = VirtualPrinter::start(out_of_paper());
    let address = printer.address;
    let result = print_over_network(address, &receipt_bytes(), &ASKING_TIMEOUTS);
    assert_eq!(
        printer.finish(),
        [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4],
        "only the status requests reach a printer out of paper"
    );
    let error = result.expect_err("a printer out of paper cannot print");
    assert_eq!(
        error,
        NetworkPrintError::NotReady {
            address,
            problem: PrinterProblem::PaperOut
        }
    );
    assert!(
        error.nothing_was_sent(),
        "nothing printed, so the queue may retry on its own"
    );
    assert!(
        error.to_string().contains("out of paper"),
        "the cashier is told why: {error}"
    );
}

#[test]
fn a_ready_printer_gets_the_job_after_the_status_requests() {
    let printer = VirtualPrinter::start(Behaviour::AnswerStatus {
        printer: 0x12,
        offline: 0x12,
        error: 0x12,
        paper: 0x12,
    });
    let job = receipt_bytes();
    assert_eq!(
        print_over_network(printer.address, &job, &ASKING_TIMEOUTS),
        Ok(())
    );
    let received = printer.finish();
    let (requests, printed) = received.split_at(12);
    assert_eq!(requests, [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4]);
    assert_eq!(printed, job, "then the job, byte for byte");
}

#[test]
fn a_printer_silent_to_status_requests_still_gets_the_job() {
    let printer = VirtualPrinter::start(Behaviour::Record);
    let job = receipt_bytes();
    let timeouts = NetworkTimeouts {
        status_answer: Some(Duration::from_millis(50)),
        ..ASKING_TIMEOUTS
    };
    assert_eq!(print_over_network(printer.address, &job, &timeouts), Ok(()));
    let received = printer.finish();
    assert_eq!(
        received[..3],
        [0x10, 4, 1],
        "asked once, no answer, so not asked again"
    );
    assert_eq!(received[3..], job, "and the job went out whole");
}
