//! The print worker thread against virtual network printers (real TCP listeners that
//! record the bytes): a queued receipt prints once when the worker is woken, a printer
//! that was off gets its waiting receipts on the worker's own retry, receipts wait (and
//! say so) while no printer is set up, and a job a crash left half-printed is not sent
//! again on its own.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use fflow_core::StoreDatabase;
use fflow_core::cash::open_session;
use fflow_core::print_queue::{PrintOutcome, enqueue_receipt, open_jobs};
use fflow_core::print_worker::{PrintWorker, PrintWorkerEvent};
use fflow_core::printer_settings::{ReceiptPrinterSettings, save_receipt_printer_settings};
use support::virtual_printer::{contains_bytes, virtual_printer_taking};
use support::{Store, closed_port, pay, sell_two_bags, store};

/// Long enough for any pass on a loaded machine; only a hung worker ever waits this long.
const PASS_DEADLINE: Duration = Duration::from_secs(60);

fn use_printer_at(database: &StoreDatabase, address: SocketAddr) {
    save_receipt_printer_settings(
        database,
        &ReceiptPrinterSettings::Network {
            address: address.to_string(),
            paper_mm: 80,
        },
    )
    .expect("save the printer settings");
}

/// A store with an open session and `sales` cash sales, each with its receipt queued;
/// answers the store and the sale codes.
fn store_with_queued_receipts(sales: usize) -> (Store, Vec<String>) {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open a session");
    let codes = (0..sales)
        .map(|_| {
            let sale = sell_two_bags(&store, vec![pay("cash", 2000)]);
            enqueue_receipt(&store.database, &sale.id).expect("queue the receipt");
            sale.code
        })
        .collect();
    (store, codes)
}

fn start_worker(
    database: &Arc<StoreDatabase>,
    retry_every: Duration,
) -> (PrintWorker, Receiver<PrintWorkerEvent>) {
    let (sender, events) = channel();
    let worker = PrintWorker::start(Arc::clone(database), retry_every, move |event| {
        let _ = sender.send(event);
    })
    .expect("the worker starts");
    (worker, events)
}

/// The next event other than a retry of an unreachable printer.
fn next_settled_event(events: &Receiver<PrintWorkerEvent>) -> PrintWorkerEvent {
    loop {
        let event = events
            .recv_timeout(PASS_DEADLINE)
            .expect("the worker reports");
        if !matches!(
            event,
            PrintWorkerEvent::Job {
                outcome: PrintOutcome::WillRetry { .. }
            }
        ) {
            return event;
        }
    }
}

fn job_statuses(database: &StoreDatabase) -> Vec<(i64, String, i64)> {
    database
        .read(|connection| {
            let mut statement =
                connection.prepare("SELECT seq, status, attempts FROM print_jobs ORDER BY seq")?;
            let rows = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .expect("read the print jobs")
}

#[test]
fn a_woken_worker_prints_a_queued_receipt_once() {
    let (store, _) = store_with_queued_receipts(0);
    let sale = sell_two_bags(&store, vec![pay("cash", 5000)]);
    let (printer, received) = virtual_printer_taking(1);
    use_printer_at(&store.database, printer);
    let database = Arc::new(store.database);
    let (worker, events) = start_worker(&database, Duration::from_secs(3600));

    let job = enqueue_receipt(&database, &sale.id).expect("queue the receipt");
    worker.wake();
    assert_eq!(
        next_settled_event(&events),
        PrintWorkerEvent::Job {
            outcome: PrintOutcome::Printed { job }
        }
    );
    let bytes = received
        .recv_timeout(PASS_DEADLINE)
        .expect("the printer got it");
    assert!(
        contains_bytes(&bytes, sale.code.as_bytes()),
        "its sale code is on it"
    );
    assert_eq!(
        job_statuses(&database),
        vec![(job, "printed".to_owned(), 1)]
    );
    assert!(open_jobs(&database).expect("jobs").is_empty());
}

#[test]
fn a_printer_that_was_off_gets_the_waiting_receipts_on_the_workers_own_retry() {
    let (store, codes) = store_with_queued_receipts(2);
    use_printer_at(&store.database, closed_port());
    let database = Arc::new(store.database);
    let (_worker, events) = start_worker(&database, Duration::from_millis(50));
    let first = events.recv_timeout(PASS_DEADLINE).expect("a first pass");
    assert!(
        matches!(&first, PrintWorkerEvent::Job { outcome: PrintOutcome::WillRetry { job: 1, reason, problem } } if !reason.is_empty() && problem == "printer_unreachable"),
        "the first receipt waits for the printer, with the reason: {first:?}"
    );

    // The printer comes back (at a new address, as after a settings change); nobody wakes
    // the worker.
    let (printer, received) = virtual_printer_taking(2);
    use_printer_at(&database, printer);
    for job in [1, 2] {
        assert_eq!(
            next_settled_event(&events),
            PrintWorkerEvent::Job {
                outcome: PrintOutcome::Printed { job }
            }
        );
    }
    for code in &codes {
        let bytes = received.recv_timeout(PASS_DEADLINE).expect("a receipt");
        assert!(
            contains_bytes(&bytes, code.as_bytes()),
            "receipts in sale order"
        );
    }
    assert!(open_jobs(&database).expect("jobs").is_empty());
}

#[test]
fn without_a_printer_receipts_wait_and_the_worker_says_so() {
    let (store, _) = store_with_queued_receipts(1);
    let database = Arc::new(store.database);
    let (_worker, events) = start_worker(&database, Duration::from_secs(3600));
    match events.recv_timeout(PASS_DEADLINE).expect("a first pass") {
        PrintWorkerEvent::NoPrinter { waiting, reason } => {
            assert_eq!(waiting, 1);
            assert!(reason.contains("printer"), "{reason}");
        }
        other => panic!("expected no_printer, got {other:?}"),
    }
    assert_eq!(job_statuses(&database), vec![(1, "pending".to_owned(), 0)]);
}

#[test]
fn a_receipt_a_crash_left_half_printed_waits_for_the_cashier_and_the_next_prints() {
    let (store, codes) = store_with_queued_receipts(2);
    store
        .database
        .write(|transaction| {
            Ok(transaction.execute(
                "UPDATE print_jobs SET status = 'printing', attempts = 1 WHERE seq = 1",
                [],
            )?)
        })
        .expect("job 1 was being printed when the app died");
    let (printer, received) = virtual_printer_taking(1);
    use_printer_at(&store.database, printer);
    let database = Arc::new(store.database);
    let (_worker, events) = start_worker(&database, Duration::from_secs(3600));
    assert_eq!(
        next_settled_event(&events),
        PrintWorkerEvent::Job {
            outcome: PrintOutcome::Printed { job: 2 }
        }
    );
    let bytes = received.recv_timeout(PASS_DEADLINE).expect("a receipt");
    assert!(contains_bytes(&bytes, codes[1].as_bytes()));
    assert_eq!(
        job_statuses(&database),
        vec![
            (1, "needs_reprint".to_owned(), 1),
            (2, "printed".to_owned(), 1)
        ]
    );
}
