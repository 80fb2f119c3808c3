//! A keyboard scanner's burst in the real window: a code scanned while the payment dialog
//! has the focus in its cash field does not confirm the payment (its Enter is stopped and
//! the cashier told), and the sale then completes as typed by hand. Screenshot:
//! `target/e2e/counter_keyboard_scanner_01_scan_in_payment.png`.

mod support;

use std::path::Path;

use fflow_core::StoreDatabase;
use support::counter::{launch_offline, sign_in_and_open_session};
use support::seed::seed_store;
use support::webdriver::{ENTER, F4};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

fn sales_in(data_folder: &Path) -> i64 {
    StoreDatabase::open_in(data_folder)
        .expect("open the store")
        .read(|connection| {
            Ok(connection.query_row("SELECT COUNT(*) FROM sales", [], |row| row.get(0))?)
        })
        .expect("count sales")
}

#[test]
fn a_code_scanned_into_the_cash_field_does_not_confirm_the_payment() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    let window = launch_offline(app_binary(), data_folder.path(), &store);
    sign_in_and_open_session(&window, &store);
    window.type_into_focused(&format!("{}{ENTER}", store.kibble.barcode));
    window.text_of("[data-testid=cart-line]");
    window.type_into_focused(F4);

    // The scanner types the next product's code, Enter included, into the cash field.
    window.type_into(
        "[data-testid=pay-cash]",
        &format!("{}{ENTER}", store.treat.barcode),
    );
    let told = window.text_of("[data-testid=error][data-code=scan_while_dialog_open]");
    assert!(told.contains("feche a janela"), "{told}");
    window.screenshot("counter_keyboard_scanner_01_scan_in_payment");
    assert_eq!(
        window.count_of("[data-testid=receipt-dialog]"),
        0,
        "nothing was paid"
    );
    assert_eq!(sales_in(data_folder.path()), 0);

    window.clear("[data-testid=pay-cash]");
    window.type_into("[data-testid=pay-cash]", "50,00");
    window.click("[data-testid=confirm-payment]");
    window.text_when("[data-testid=receipt]", |text| text.contains("TOTAL"));
    assert_eq!(
        sales_in(data_folder.path()),
        1,
        "the sale typed by hand stands"
    );
}
