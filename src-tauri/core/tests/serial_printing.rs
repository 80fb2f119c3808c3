//! Receipts through the persistent queue to a serial printer on a real pseudo-terminal
//! pair: the receipt arrives whole, once; a missing port is retried because nothing can
//! have printed.

mod support;

use std::io::Read;
use std::time::Duration;

use fflow_core::cash::open_session;
use fflow_core::print_queue::{PrintOutcome, ReceiptPrinter, enqueue_receipt, print_next_on};
use fflow_devices::print_document::PaperWidth;
use fflow_devices::printer_connection::PrinterConnection;
use fflow_devices::serial_port::{SerialFlowControl, SerialPortSettings};
use serialport::{SerialPort, TTYPort};
use support::{Store, count, pay, sell_two_bags, store};

/// `GS V 1`, the partial cut every receipt ends with.
const CUT: [u8; 3] = [0x1d, b'V', 1];

fn sell_and_queue(store: &Store) -> String {
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(store, vec![pay("cash", 2000)]);
    enqueue_receipt(&store.database, &sale.id).expect("queue");
    sale.code
}

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

/// Everything the printer's side receives up to and including the cut, read on its own
/// thread so the sender never waits on a full terminal buffer. The printer's side is
/// handed back, not closed: closing it would hang the terminal up under the sender.
fn read_one_receipt(mut printer_side: TTYPort) -> std::thread::JoinHandle<(Vec<u8>, TTYPort)> {
    printer_side
        .set_timeout(Duration::from_secs(10))
        .expect("read timeout");
    std::thread::spawn(move || {
        let mut received = Vec::new();
        let mut piece = [0_u8; 4096];
        while !received.ends_with(&CUT) {
            let read = printer_side
                .read(&mut piece)
                .expect("the receipt keeps arriving until its cut");
            received.extend_from_slice(&piece[..read]);
        }
        (received, printer_side)
    })
}

#[test]
fn a_receipt_reaches_a_serial_printer_whole_and_once() {
    let store = store();
    let code = sell_and_queue(&store);
    // The port side stays open so the terminal lives while the queue opens it by path.
    let (printer_side, port_side) = TTYPort::pair().expect("a terminal pair");
    let printer = serial_printer(port_side.name().expect("a path"));
    let reader = read_one_receipt(printer_side);
    assert_eq!(
        print_next_on(&store.database, &printer).expect("prints"),
        PrintOutcome::Printed { job: 1 }
    );
    let (receipt, _printer_side) = reader.join().expect("the printer's side reads the receipt");
    assert!(
        receipt.starts_with(&[0x1b, b'@']),
        "the job starts by resetting the printer"
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
