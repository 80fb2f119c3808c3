//! Fuzzes the ESC/POS status reader: any four reply bytes give a status or a
//! "not a status" error (never a panic), and a ready printer reports no problem while an
//! offline or faulty one reports at least one.

#![no_main]

use fflow_devices::printer_status::PrinterStatus;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|replies: [u8; 4]| {
    if let Ok(status) = PrinterStatus::from_replies(replies) {
        let faulty = status.offline
            || status.cover_open
            || status.paper_out
            || status.cutter_error
            || status.unrecoverable_error;
        assert_eq!(
            faulty,
            !status.problems().is_empty(),
            "{status:?} from {replies:?} must report problems exactly when something is wrong"
        );
    }
});
