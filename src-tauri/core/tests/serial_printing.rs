//! Receipts through the persistent queue to a serial printer on a real pseudo-terminal
//! pair: the receipt arrives whole, once; a missing port is retried because nothing can
//! have printed.

#[path = "support/printed_receipt.rs"]
mod printed_receipt;
mod support;

use std::time::Duration;

use fflow_core::print_queue::{PrintOutcome, ReceiptPrinter, print_next_on};
use fflow_devices::print_document::PaperWidth;
use fflow_devices::printer_connection::PrinterConnection;
use fflow_devices::serial_port::{SerialFlowControl, SerialPortSettings};
use printed_receipt::{read_one_receipt, sell_and_queue};
use serialport::{SerialPort, TTYPort};
use support::{count, store};

fn serial_printer(path: String) -> ReceiptPrinter {
    ReceiptPrinter {
        connection: PrinterConnection::Serial(SerialPortSettings {
            path,
            baud_rate: 19_200,
            flow_control: SerialFlowControl::None,
        }),
        paper: PaperWidth::Millimetres58,
    }
}

/// The printer's side of the terminal, waiting no longer than any test should.
fn with_read_timeout(mut printer_side: TTYPort) -> TTYPort {
    printer_side
        .set_timeout(Duration::from_secs(10))
        .expect("read timeout");
    printer_side
}

#[test]
fn a_receipt_reaches_a_serial_printer_whole_and_once() {
    let store = store();
    let code = sell_and_queue(&store);
    // The port side stays open so the terminal lives while the queue opens it by path.
    let (printer_side, port_side) = TTYPort::pair().expect("a terminal pair");
    let printer = serial_printer(port_side.name().expect("a path"));
    let reader = read_one_receipt(with_read_timeout(printer_side));
    assert_eq!(
        print_next_on(&store.database, &printer).expect("prints"),
        PrintOutcome::Printed { job: 1 }
    );
    let (receipt, _printer_side) = reader.join().expect("the printer's side reads the receipt");
    // This printer never answers, so the queue asked once for its status and went on.
    assert!(
        receipt.starts_with(&[0x10, 4, 1, 0x1b, b'@']),
        "one status request, then the job starts by resetting the printer"
    );
    assert!(
        receipt
            .windows(code.len())
            .any(|window| window == code.as_bytes()),
        "the sale code is printed"
    );
    assert_eq!(
        print_next_on(&store.database, &printer).expect("nothing left"),
        PrintOutcome::Idle,
        "printed once, not again"
    );
}

#[test]
fn a_missing_serial_port_is_retried_and_never_touches_the_sale() {
    let store = store();
    sell_and_queue(&store);
    let sales = count(&store.database, "sales");
    let printer = serial_printer("/dev/fflow-no-such-printer".to_owned());
    let outcome = print_next_on(&store.database, &printer).expect("runs");
    assert!(
        matches!(outcome, PrintOutcome::WillRetry { job: 1, .. }),
        "nothing can have printed, so the job waits to be tried again: {outcome:?}"
    );
    assert_eq!(
        count(&store.database, "sales"),
        sales,
        "the sale is untouched"
    );
}
