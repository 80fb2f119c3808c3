//! The counter's status light: its wiring (a manager's setting, checked, audited, never on
//! the drawer's pin) and the state it shows, from the real license and the real print
//! queue on a real SQLite file.

mod support;

use fflow_core::cash::drawer_wiring::{gpio_wiring, save_drawer_wiring};
use fflow_core::cash::open_session;
use fflow_core::print_queue::{
    NetworkPrinter, PrintOutcome, enqueue_receipt, print_next, recover_after_restart, reprint,
};
use fflow_core::status_light::{
    counter_light_state, save_status_light, status_light, status_light_wiring,
};
use fflow_core::{CoreError, StoreDatabase};
use fflow_devices::gpio::status_light::CounterState;
use fflow_devices::print_document::PaperWidth;
use support::{closed_port, pay, sell_two_bags, store, virtual_printer};

fn audit_count(database: &StoreDatabase) -> i64 {
    database
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.status_light_changed'",
                [],
                |row| row.get(0),
            )?)
        })
        .expect("count audit rows")
}

#[test]
fn a_manager_wires_the_light_to_a_checked_pin_and_can_take_it_off() {
    let store = store();
    assert_eq!(status_light(&store.database).expect("read"), None);
    let on_pin_22 = status_light_wiring(22, false).expect("GPIO 22, lit when low");
    let refused = save_status_light(&store.database, &store.cashier.id, Some(on_pin_22));
    assert!(
        matches!(refused, Err(CoreError::ManagerApprovalRequired { .. })),
        "{refused:?}"
    );
    assert!(matches!(
        status_light_wiring(28, true),
        Err(CoreError::InvalidInput {
            field: "status_light",
            ..
        })
    ));
    assert_eq!(status_light(&store.database).expect("read"), None);
    assert_eq!(audit_count(&store.database), 0, "nothing changed");

    save_status_light(&store.database, &store.manager.id, Some(on_pin_22)).expect("saved");
    let read = status_light(&store.database)
        .expect("read")
        .expect("a light");
    assert_eq!((read.pin(), read.lights_when_high()), (22, false));
    save_status_light(&store.database, &store.manager.id, None).expect("taken off");
    assert_eq!(status_light(&store.database).expect("read"), None);
    assert_eq!(audit_count(&store.database), 2);
}

#[test]
fn the_light_and_the_drawer_never_share_a_pin() {
    let store = store();
    let drawer_on_17 = gpio_wiring(17, 100, true).expect("drawer on 17");
    save_drawer_wiring(&store.database, &store.manager.id, drawer_on_17).expect("drawer");
    let light_on_17 = status_light_wiring(17, true).expect("a header pin");
    let refused = save_status_light(&store.database, &store.manager.id, Some(light_on_17));
    assert!(
        matches!(&refused, Err(CoreError::InvalidInput { reason, .. }) if reason.contains("drawer")),
        "{refused:?}"
    );
    assert_eq!(status_light(&store.database).expect("read"), None);

    let light_on_27 = status_light_wiring(27, true).expect("a header pin");
    save_status_light(&store.database, &store.manager.id, Some(light_on_27)).expect("light");
    let drawer_on_27 = gpio_wiring(27, 100, true).expect("a header pin");
    let refused = save_drawer_wiring(&store.database, &store.manager.id, drawer_on_27);
    assert!(
        matches!(&refused, Err(CoreError::InvalidInput { reason, .. }) if reason.contains("light")),
        "{refused:?}"
    );
}

#[test]
fn the_light_is_steady_while_all_prints_and_blinks_when_the_printer_or_a_receipt_waits() {
    let store = store();
    let state = || counter_light_state(&store.database).expect("state");
    assert_eq!(state(), CounterState::Ok, "licensed, nothing waiting");

    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 2000)]);
    let job = enqueue_receipt(&store.database, &sale.id).expect("queue");
    assert_eq!(
        state(),
        CounterState::Ok,
        "a receipt not tried yet is no fault"
    );
    let unreachable = NetworkPrinter {
        address: closed_port(),
        paper: PaperWidth::Millimetres58,
    };
    assert!(matches!(
        print_next(&store.database, &unreachable).expect("runs"),
        PrintOutcome::WillRetry { .. }
    ));
    assert_eq!(state(), CounterState::Fault, "the printer does not answer");

    // The state a crash mid-print leaves: the receipt may be on paper, so it waits for
    // the cashier rather than printing again.
    store
        .database
        .write(|t| {
            Ok(t.execute(
                "UPDATE print_jobs SET status = 'printing' WHERE seq = ?1",
                [job],
            )?)
        })
        .expect("simulate the crash");
    recover_after_restart(&store.database).expect("recover");
    assert_eq!(
        state(),
        CounterState::Attention,
        "a receipt waits for a reprint"
    );

    reprint(&store.database, job).expect("the cashier reprints");
    let (address, _received) = virtual_printer();
    let printer = NetworkPrinter {
        address,
        paper: PaperWidth::Millimetres58,
    };
    assert_eq!(
        print_next(&store.database, &printer).expect("prints"),
        PrintOutcome::Printed { job }
    );
    assert_eq!(state(), CounterState::Ok);
}

#[test]
fn a_counter_that_may_not_sell_shows_a_fault() {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    assert_eq!(
        counter_light_state(&database).expect("state"),
        CounterState::Fault,
        "not activated"
    );
}

#[cfg(not(feature = "rpi"))]
#[test]
fn a_build_without_gpio_says_so_once_a_light_is_wired() {
    use fflow_core::status_light::driver::{GPIO_NOT_IN_THIS_BUILD, StatusLightDriver};
    let store = store();
    let database = std::sync::Arc::new(
        StoreDatabase::open_in(store.folder.path()).expect("a second handle on the store"),
    );
    let driver = StatusLightDriver::start(database);
    assert_eq!(driver.problem(), None, "no light wired, nothing to say");
    let light = status_light_wiring(27, true).expect("a header pin");
    save_status_light(&store.database, &store.manager.id, Some(light)).expect("wired");
    assert_eq!(driver.problem(), Some(GPIO_NOT_IN_THIS_BUILD));
}
