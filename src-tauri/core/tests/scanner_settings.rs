//! The serial barcode scanner in the settings, on a real SQLite file: a manager saves a
//! checked port, baud rate and suffix, and wrong ones are refused with nothing saved.

mod support;

use fflow_core::CoreError;
use fflow_core::scanner_settings::{
    SerialScannerSettings, save_serial_scanner_settings, serial_scanner_settings,
};
use support::store;

fn scanner(path: &str, baud_rate: u32, suffix: &str) -> SerialScannerSettings {
    SerialScannerSettings {
        path: path.to_owned(),
        baud_rate,
        suffix: suffix.to_owned(),
    }
}

#[test]
fn a_manager_saves_the_scanner_and_it_reads_back_as_saved() {
    let store = store();
    assert_eq!(
        serial_scanner_settings(&store.database).expect("read"),
        None
    );
    let wanted = scanner(" /dev/ttyACM0 ", 9600, "#");
    let refused = save_serial_scanner_settings(&store.database, &store.cashier.id, Some(&wanted));
    assert!(
        matches!(refused, Err(CoreError::ManagerApprovalRequired { .. })),
        "{refused:?}"
    );
    save_serial_scanner_settings(&store.database, &store.manager.id, Some(&wanted)).expect("saved");
    let saved = serial_scanner_settings(&store.database)
        .expect("read")
        .expect("a scanner");
    assert_eq!(
        saved,
        scanner("/dev/ttyACM0", 9600, "#"),
        "the path is trimmed"
    );
    assert_eq!(saved.suffix_bytes().expect("a suffix"), b"#");
    save_serial_scanner_settings(&store.database, &store.manager.id, None).expect("removed");
    assert_eq!(
        serial_scanner_settings(&store.database).expect("read"),
        None
    );
}

#[test]
fn wrong_scanner_settings_are_refused_and_the_saved_ones_stay() {
    let store = store();
    let good = scanner("/dev/ttyUSB0", 19_200, "");
    save_serial_scanner_settings(&store.database, &store.manager.id, Some(&good)).expect("saved");
    for wrong in [
        scanner("  ", 9600, ""),
        scanner("/dev/ttyUSB1", 12_345, ""),
        scanner("/dev/ttyUSB1", 9600, "ab"),
        scanner("/dev/ttyUSB1", 9600, "7"),
        scanner("/dev/ttyUSB1", 9600, "é"),
    ] {
        let refused =
            save_serial_scanner_settings(&store.database, &store.manager.id, Some(&wrong));
        assert!(
            matches!(
                refused,
                Err(CoreError::InvalidInput {
                    field: "scanner",
                    ..
                })
            ),
            "{wrong:?}: {refused:?}"
        );
    }
    assert_eq!(
        serial_scanner_settings(&store.database).expect("read"),
        Some(good)
    );
}
