//! A receipt as the printer's side of a stream receives it, for the tests that print
//! through the queue to a serial or device-file printer: a committed cash sale with its
//! receipt queued, and a reader that takes bytes up to the receipt's cut.

#![allow(dead_code)] // Each test binary uses its own part of it.

use std::io::Read;
use std::thread::JoinHandle;

use fflow_core::cash::open_session;
use fflow_core::print_queue::enqueue_receipt;

use crate::support::{Store, pay, sell_two_bags};

/// `GS V 1`, the partial cut every receipt ends with.
pub const CUT: [u8; 3] = [0x1d, b'V', 1];

/// Sells two bags for cash, queues the receipt and returns the sale's code.
pub fn sell_and_queue(store: &Store) -> String {
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(store, vec![pay("cash", 2000)]);
    enqueue_receipt(&store.database, &sale.id).expect("queue");
    sale.code
}

/// Everything `printer_side` receives up to and including the cut, read on its own
/// thread so the sender never waits on a full buffer. The printer's side is handed back,
/// not closed: closing a terminal would hang it up under the sender.
pub fn read_one_receipt<Side: Read + Send + 'static>(
    mut printer_side: Side,
) -> JoinHandle<(Vec<u8>, Side)> {
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
