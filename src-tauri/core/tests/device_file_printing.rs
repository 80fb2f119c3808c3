//! Receipts through the persistent queue to a printer chosen in the settings as a device
//! file, with a FIFO standing in for `/dev/usb/lp0`: the receipt of a committed sale
//! arrives whole, once; an unplugged printer leaves the job waiting with a message that
//! says so, and never touches the sale.

#[path = "support/printed_receipt.rs"]
mod printed_receipt;
mod support;

use std::fs::{File, OpenOptions};
use std::path::Path;

use fflow_core::print_queue::{PrintOutcome, ReceiptPrinter, open_jobs, print_next_on};
use fflow_core::printer_settings::{
    ReceiptPrinterSettings, receipt_printer, save_receipt_printer_settings,
};
use nix::sys::stat::Mode;
use printed_receipt::{read_one_receipt, sell_and_queue};
use support::virtual_printer::contains_bytes;
use support::{Store, count, store};

/// The printer as the settings screen saves it and the queue reads it back.
fn device_file_printer(store: &Store, path: &Path) -> ReceiptPrinter {
    let settings = ReceiptPrinterSettings::DeviceFile {
        path: path.display().to_string(),
        paper_mm: 58,
    };
    save_receipt_printer_settings(&store.database, &settings).expect("a full path is accepted");
    receipt_printer(&store.database)
        .expect("read")
        .expect("a printer is set up")
}

/// Makes the FIFO at `path` and opens the printer's side for reading and writing: held
/// for reading, the queue's non-blocking open finds a printer there; held for writing
/// too, the reader never sees the end of the file and reads until the cut instead.
fn plug_in_printer(path: &Path) -> File {
    nix::unistd::mkfifo(path, Mode::S_IRUSR | Mode::S_IWUSR).expect("make the FIFO");
    OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("open the printer's side")
}

#[test]
fn a_receipt_reaches_a_device_file_printer_whole_and_once() {
    let store = store();
    let code = sell_and_queue(&store);
    let path = store.folder.path().join("lp0");
    let reader = read_one_receipt(plug_in_printer(&path));
    let printer = device_file_printer(&store, &path);
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
        contains_bytes(&receipt, code.as_bytes()),
        "the sale code is printed"
    );
    assert!(
        contains_bytes(&receipt, &[0x1b, b'p']),
        "a cash sale opens the drawer through the printer"
    );
    assert_eq!(
        print_next_on(&store.database, &printer).expect("nothing left"),
        PrintOutcome::Idle,
        "printed once, not again"
    );
}

#[test]
fn an_unplugged_printer_leaves_the_job_waiting_with_a_clear_message_and_the_sale_untouched() {
    let store = store();
    let code = sell_and_queue(&store);
    let sales = count(&store.database, "sales");
    let path = store.folder.path().join("lp0");
    let printer = device_file_printer(&store, &path);

    let outcome = print_next_on(&store.database, &printer).expect("runs");
    assert!(
        matches!(outcome, PrintOutcome::WillRetry { job: 1, .. }),
        "nothing can have printed, so the job waits to be tried again: {outcome:?}"
    );
    let jobs = open_jobs(&store.database).expect("jobs");
    assert_eq!(
        (jobs[0].status.as_str(), jobs[0].attempts),
        ("pending", 1),
        "the job is still queued"
    );
    let message = jobs[0].last_error.as_deref().unwrap_or_default();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("plugged in"),
        "the cashier reads where the printer should be and what to check: {message:?}"
    );
    assert_eq!(
        count(&store.database, "sales"),
        sales,
        "the sale is untouched"
    );

    // Once the printer is plugged in, the waiting job prints on the next try.
    let reader = read_one_receipt(plug_in_printer(&path));
    assert_eq!(
        print_next_on(&store.database, &printer).expect("prints"),
        PrintOutcome::Printed { job: 1 }
    );
    let (receipt, _printer_side) = reader.join().expect("the printer's side reads the receipt");
    assert!(
        contains_bytes(&receipt, code.as_bytes()),
        "the waiting receipt is the one printed"
    );
}
