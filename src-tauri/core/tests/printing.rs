//! Receipts through the persistent queue to a virtual network printer (a real TCP
//! listener that records the bytes): printed once, retried only when nothing can have
//! printed, and never able to touch the sale.

mod support;

use std::net::SocketAddr;

use fflow_core::cash::open_session;
use fflow_core::print_queue::{
    NetworkPrinter, PrintOutcome, enqueue_receipt, open_jobs, print_next, recover_after_restart,
    reprint,
};
use fflow_core::receipt::{receipt_for_sale, receipt_png};
use fflow_core::settings::write_setting;
use fflow_devices::print_document::PaperWidth;
use support::virtual_printer::{PAPER_OUT, READY, contains_bytes, virtual_printer_answering};
use support::{closed_port, count, pay, sell_two_bags, store, virtual_printer};

fn printer(address: SocketAddr) -> NetworkPrinter {
    NetworkPrinter {
        address,
        paper: PaperWidth::Millimetres58,
    }
}

#[test]
fn a_cash_sale_prints_its_receipt_once_with_accents_and_a_drawer_pulse() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 5000)]);
    enqueue_receipt(&store.database, &sale.id).expect("queue");
    let (address, received) = virtual_printer();
    assert_eq!(
        print_next(&store.database, &printer(address)).expect("prints"),
        PrintOutcome::Printed { job: 1 }
    );
    let bytes = received.recv().expect("the printer got the job");
    assert!(
        contains_bytes(&bytes, sale.code.as_bytes()),
        "the sale code is printed"
    );
    assert!(contains_bytes(&bytes, b"TROCO"), "the change is printed");
    assert!(
        contains_bytes(&bytes, b"Ra\x87\x84o"),
        "\"Ração\" in code page 860 (ç = 0x87, ã = 0x84)"
    );
    assert!(
        contains_bytes(&bytes, &[0x1b, b'p']),
        "a cash sale opens the drawer"
    );
    assert_eq!(
        print_next(&store.database, &printer(address)).expect("nothing left"),
        PrintOutcome::Idle,
        "printed once, not again"
    );
    assert!(open_jobs(&store.database).expect("jobs").is_empty());
}

#[test]
fn a_pix_sale_prints_the_qr_payload_and_no_drawer_pulse() {
    let store = store();
    for (key, value) in [
        ("store_name", "Pet Feliz"),
        ("pix_key", "pix@petfeliz.com.br"),
        ("pix_city", "Sao Paulo"),
    ] {
        write_setting(&store.database, key, value).expect("settings");
    }
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("pix", 2000)]);
    enqueue_receipt(&store.database, &sale.id).expect("queue");
    let (address, received) = virtual_printer();
    print_next(&store.database, &printer(address)).expect("prints");
    let bytes = received.recv().expect("the printer got the job");
    assert!(
        contains_bytes(&bytes, b"br.gov.bcb.pix"),
        "the PIX payload is in the QR data"
    );
    assert!(contains_bytes(&bytes, b"540520.00"), "for the PIX amount");
    assert!(!contains_bytes(&bytes, &[0x1b, b'p']), "no cash, no drawer");
}

#[test]
fn an_unreachable_printer_retries_and_never_touches_the_sale() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 2000)]);
    let job = enqueue_receipt(&store.database, &sale.id).expect("queue");
    let sales_before = count(&store.database, "sales");
    let outcome = print_next(&store.database, &printer(closed_port())).expect("runs");
    assert!(
        matches!(outcome, PrintOutcome::WillRetry { job: j, .. } if j == job),
        "{outcome:?}"
    );
    let jobs = open_jobs(&store.database).expect("jobs");
    assert_eq!(
        (jobs[0].status.as_str(), jobs[0].attempts),
        ("pending", 1),
        "nothing printed, so it stays queued"
    );
    assert!(
        jobs[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("refused")),
        "{jobs:?}"
    );
    assert_eq!(
        count(&store.database, "sales"),
        sales_before,
        "the sale is untouched"
    );

    let (address, received) = virtual_printer();
    assert_eq!(
        print_next(&store.database, &printer(address)).expect("prints"),
        PrintOutcome::Printed { job }
    );
    assert!(!received.recv().expect("job").is_empty());
}

#[test]
fn a_printer_out_of_paper_gets_no_receipt_and_prints_it_once_reloaded() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 2000)]);
    let job = enqueue_receipt(&store.database, &sale.id).expect("queue");
    let sales_before = count(&store.database, "sales");
    let (address, received) = virtual_printer_answering(vec![PAPER_OUT, READY]);

    let outcome = print_next(&store.database, &printer(address)).expect("runs");
    assert!(
        matches!(&outcome, PrintOutcome::WillRetry { job: j, reason, problem } if *j == job && reason.contains("out of paper") && problem == "paper_out"),
        "the printer said why it cannot print: {outcome:?}"
    );
    assert_eq!(
        received.recv().expect("the first connection"),
        [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4],
        "only the status requests reached the printer, no byte of the receipt"
    );
    let jobs = open_jobs(&store.database).expect("jobs");
    assert_eq!(
        (jobs[0].status.as_str(), jobs[0].attempts),
        ("pending", 1),
        "nothing printed, so it waits to print by itself: {jobs:?}"
    );
    assert_eq!(
        jobs[0].last_problem.as_deref(),
        Some("paper_out"),
        "the job keeps the code the counter translates"
    );
    assert_eq!(
        count(&store.database, "sales"),
        sales_before,
        "the sale is untouched"
    );

    // The roll is replaced: the next pass prints the receipt, once.
    assert_eq!(
        print_next(&store.database, &printer(address)).expect("prints"),
        PrintOutcome::Printed { job }
    );
    let bytes = received.recv().expect("the second connection");
    assert!(
        contains_bytes(&bytes, sale.code.as_bytes()),
        "the receipt printed"
    );
    assert!(open_jobs(&store.database).expect("jobs").is_empty());
}

#[test]
fn a_job_interrupted_by_a_crash_waits_for_the_cashier() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 2000)]);
    let job = enqueue_receipt(&store.database, &sale.id).expect("queue");
    // The state a crash mid-print leaves: claimed, bytes possibly on paper.
    store
        .database
        .write(|t| {
            Ok(t.execute(
                "UPDATE print_jobs SET status = 'printing' WHERE seq = ?1",
                [job],
            )?)
        })
        .expect("simulate the crash");
    assert_eq!(recover_after_restart(&store.database).expect("recover"), 1);
    let jobs = open_jobs(&store.database).expect("jobs");
    assert_eq!(
        (jobs[0].status.as_str(), jobs[0].last_problem.as_deref()),
        ("needs_reprint", Some("stopped_while_printing")),
        "the cashier is told why it waits"
    );
    let (address, received) = virtual_printer();
    assert_eq!(
        print_next(&store.database, &printer(address)).expect("runs"),
        PrintOutcome::Idle,
        "a receipt that may be on paper is not printed again on its own"
    );
    reprint(&store.database, job).expect("the cashier asks for a reprint");
    assert_eq!(
        print_next(&store.database, &printer(address)).expect("prints"),
        PrintOutcome::Printed { job }
    );
    assert!(!received.recv().expect("job").is_empty());
    assert!(
        reprint(&store.database, 999).is_err(),
        "unknown jobs are refused"
    );
}

#[test]
fn a_committed_sale_has_a_png_preview_as_wide_as_the_paper() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 5000)]);
    for (paper, dots) in [
        (PaperWidth::Millimetres58, 384),
        (PaperWidth::Millimetres80, 576),
    ] {
        let png = receipt_png(&store.database, &sale.id, paper).expect("the preview");
        // To look at it: FFLOW_SAVE_PREVIEW=1 leaves it in the temporary folder.
        if std::env::var_os("FFLOW_SAVE_PREVIEW").is_some() {
            let name = format!("sale_receipt_preview_{dots}.png");
            std::fs::write(std::env::temp_dir().join(name), &png).expect("saved");
        }
        let reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a PNG file");
        let info = reader.info();
        assert_eq!(info.width, dots, "{paper:?}: one pixel a printer dot");
        assert!(
            info.height > 10 * 24,
            "{paper:?}: the whole receipt, not a line of it ({} px)",
            info.height
        );
    }
}

#[test]
fn an_unknown_sale_has_no_preview_for_the_same_reason_it_has_no_receipt() {
    let store = store();
    let Err(no_receipt) = receipt_for_sale(&store.database, "no-such-sale") else {
        panic!("an unknown sale has no receipt");
    };
    let Err(no_preview) = receipt_png(&store.database, "no-such-sale", PaperWidth::Millimetres58)
    else {
        panic!("an unknown sale has no preview");
    };
    assert_eq!(no_preview.code(), "unknown_sale");
    assert_eq!(
        (no_preview.code(), no_preview.to_string()),
        (no_receipt.code(), no_receipt.to_string())
    );
}
