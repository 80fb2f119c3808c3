//! A cash drawer wired to a GPIO pin instead of the printer: the setting (a manager's,
//! checked, audited), receipts that then carry no printer kick, and, in a build without
//! the `rpi` feature, a clear refusal that audits no opening and never touches a sale.

mod support;

use fflow_core::CoreError;
use fflow_core::cash::drawer::{
    DrawerOpeningRequest, open_cash_drawer, open_gpio_drawer_after_cash_sale,
};
use fflow_core::cash::drawer_wiring::{
    DrawerWiring, drawer_wiring, gpio_wiring, save_drawer_wiring,
};
use fflow_core::cash::open_session;
use fflow_core::receipt::receipt_for_sale;
use support::{Store, count, pay, sell_two_bags, store};

fn audit_count(store: &Store, action: &str) -> i64 {
    store
        .database
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
                [action],
                |row| row.get(0),
            )?)
        })
        .expect("count audit rows")
}

#[test]
fn the_wiring_is_the_printer_until_a_manager_sets_a_checked_gpio_pin() {
    let store = store();
    assert_eq!(
        drawer_wiring(&store.database).expect("read"),
        DrawerWiring::ReceiptPrinter
    );
    let on_pin_17 = gpio_wiring(17, 100, true).expect("pin 17, 100 ms, high");
    let refused = save_drawer_wiring(&store.database, &store.cashier.id, on_pin_17);
    assert!(
        matches!(refused, Err(CoreError::ManagerApprovalRequired { .. })),
        "{refused:?}"
    );
    for (pin, pulse_ms) in [(28, 100), (17, 10), (17, 2000)] {
        let bad = gpio_wiring(pin, pulse_ms, true);
        assert!(
            matches!(
                &bad,
                Err(CoreError::InvalidInput {
                    field: "drawer_gpio",
                    ..
                })
            ),
            "GPIO {pin} with {pulse_ms} ms: {bad:?}"
        );
    }
    assert_eq!(audit_count(&store, "settings.drawer_wiring_changed"), 0);

    save_drawer_wiring(&store.database, &store.manager.id, on_pin_17).expect("the manager sets it");
    assert_eq!(
        drawer_wiring(&store.database).expect("read"),
        on_pin_17,
        "read back as saved"
    );
    assert_eq!(audit_count(&store, "settings.drawer_wiring_changed"), 1);
    save_drawer_wiring(
        &store.database,
        &store.manager.id,
        DrawerWiring::ReceiptPrinter,
    )
    .expect("back to the printer");
    assert_eq!(
        drawer_wiring(&store.database).expect("read"),
        DrawerWiring::ReceiptPrinter
    );
}

#[test]
fn with_a_gpio_drawer_the_receipt_kicks_nothing_and_a_build_without_gpio_says_so() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_two_bags(&store, vec![pay("cash", 5000)]);
    assert!(
        receipt_for_sale(&store.database, &sale.id)
            .expect("receipt")
            .open_cash_drawer,
        "on the printer, a cash receipt kicks the drawer"
    );
    let wiring = gpio_wiring(17, 100, false).expect("active low");
    save_drawer_wiring(&store.database, &store.manager.id, wiring).expect("saved");
    assert!(
        !receipt_for_sale(&store.database, &sale.id)
            .expect("receipt")
            .open_cash_drawer,
        "on a GPIO pin, the printer must not get a kick"
    );

    // This build has no `rpi` feature: the counter says so, and nothing claims an opening.
    let sales = count(&store.database, "sales");
    let after_sale = open_gpio_drawer_after_cash_sale(&store.database, &sale.id);
    assert!(
        matches!(&after_sale, Err(CoreError::DrawerNotOpened(message)) if message.contains("GPIO 17")),
        "{after_sale:?}"
    );
    let on_demand = open_cash_drawer(
        &store.database,
        &DrawerOpeningRequest {
            user_id: &store.manager.id,
            reason: "troco",
            approval: None,
        },
    );
    assert!(
        matches!(on_demand, Err(CoreError::DrawerNotOpened(_))),
        "{on_demand:?}"
    );
    assert_eq!(
        audit_count(&store, "cash_drawer.opened"),
        0,
        "no opening is audited"
    );
    assert_eq!(count(&store.database, "sales"), sales, "the sale stands");

    let pix_sale = sell_two_bags(&store, vec![pay("pix", 2000)]);
    assert!(
        !open_gpio_drawer_after_cash_sale(&store.database, &pix_sale.id).expect("no cash"),
        "no cash, no drawer"
    );
}
