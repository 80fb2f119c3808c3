//! Printing from the real window to a virtual network printer (a TCP listener that keeps
//! the bytes): the cashier sets the printer up (F3), opens the drawer with a manager's
//! PIN, sells and prints, and the ESC/POS stream that reaches the socket carries the sale
//! code, the drawer pulse of a cash sale and the cut; "as printed" shows core's picture of
//! that paper. When the printer reports its paper out the next receipt waits and the
//! status bar says so, while the sale stands. Screenshots:
//! `target/e2e/counter_printing_NN_<step>.png`.

mod support;
#[path = "../src-tauri/core/tests/support/virtual_printer.rs"]
mod virtual_printer;

use std::path::Path;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fflow_core::StoreDatabase;
use fflow_core::receipt::receipt_png;
use fflow_devices::escpos::{DrawerPin, drawer_kick_pulse};
use fflow_devices::print_document::PaperWidth;
use support::counter::{launch_offline, sell_for_cash, sign_in_and_open_session};
use support::seed::seed_store;
use support::webdriver::{ESCAPE, F3};
use virtual_printer::{PAPER_OUT, READY, contains_bytes, virtual_printer_answering};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

#[test]
fn receipts_and_the_drawer_reach_the_printer_set_up_in_the_window() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    let window = launch_offline(app_binary(), data_folder.path(), &store);
    sign_in_and_open_session(&window, &store);
    assert_eq!(
        window.text_when("[data-testid=printer-status]", |text| text.contains("não")),
        "Impressora: não configurada"
    );

    // F3: the printer on the network; then the drawer, which a cashier opens only with a
    // manager's PIN.
    // Two jobs print; on the third connection the printer reports its paper gone.
    let (address, printed) = virtual_printer_answering(vec![READY, READY, PAPER_OUT]);
    window.type_into_focused(F3);
    window.type_into("[data-testid=printer-address]", &address.to_string());
    window.click("[data-testid=printer-save]");
    assert_eq!(window.text_of("[data-testid=printer-notice]"), "Salvo.");
    window.type_into("[data-testid=drawer-reason]", "troco para o vizinho");
    window.type_into("[data-testid=approval-pin]", store.manager_pin);
    window.screenshot("counter_printing_01_printer_and_drawer");
    window.click("[data-testid=open-drawer]");
    assert_eq!(
        window.text_of("[data-testid=printer-notice]"),
        "Gaveta aberta."
    );
    let pulse = printed
        .recv_timeout(Duration::from_secs(30))
        .expect("the pulse reached the printer");
    assert_eq!(pulse, drawer_kick_pulse(DrawerPin::Pin2).to_vec());
    window.type_into_focused(ESCAPE);

    // A cash sale, printed from the receipt preview.
    sell_for_cash(&window, store.kibble.barcode);
    window.click("[data-testid=print-receipt]");
    let receipt = printed
        .recv_timeout(Duration::from_secs(30))
        .expect("the receipt reached the printer");
    assert!(
        contains_bytes(&receipt, b"CX01-1"),
        "the sale code is printed"
    );
    assert!(
        contains_bytes(&receipt, &drawer_kick_pulse(DrawerPin::Pin2)),
        "a cash sale kicks the drawer"
    );
    assert!(receipt.ends_with(&[0x1d, b'V', 1]), "and the paper is cut");
    window.screenshot("counter_printing_02_printed");

    // "As printed": the picture core draws of this sale on the printer's 80 mm paper,
    // one pixel a dot, then back to the text.
    window.click("[data-testid=receipt-as-printed]");
    assert_eq!(
        window
            .attribute_of(
                "[data-testid=receipt-image][data-natural-width]",
                "data-natural-width"
            )
            .as_deref(),
        Some("576"),
        "80 mm paper is 576 dots wide"
    );
    let source = window
        .attribute_of("[data-testid=receipt-image]", "src")
        .expect("the picture's source");
    let shown = STANDARD
        .decode(
            source
                .strip_prefix("data:image/png;base64,")
                .expect("a PNG data URL"),
        )
        .expect("base64");
    let database = StoreDatabase::open_in(data_folder.path()).expect("open the store");
    assert_eq!(
        shown,
        receipt_png(&database, "CX01-1", PaperWidth::Millimetres80).expect("core's picture"),
        "the window shows core's picture of this sale"
    );
    window.screenshot("counter_printing_03_as_printed");
    window.click("[data-testid=receipt-as-printed]");
    assert!(window.text_of("[data-testid=receipt]").contains("CX01-1"));
    window.click("[data-testid=new-sale]");
    assert_eq!(
        window.text_when("[data-testid=printer-status]", |text| text
            .ends_with("pronta")),
        "Impressora: pronta"
    );

    // The roll runs out: the printer says so before the job, so nothing of the receipt
    // is sent; it waits, and the status bar says why in the cashier's words.
    sell_for_cash(&window, store.kibble.barcode);
    window.click("[data-testid=print-receipt]");
    window.click("[data-testid=new-sale]");
    let waiting = window.text_when("[data-testid=printer-status]", |text| {
        text.contains("aguardando")
    });
    assert_eq!(waiting, "Impressora: 1 aguardando · sem papel");
    let asked = printed
        .recv_timeout(Duration::from_secs(30))
        .expect("the third connection");
    assert_eq!(
        asked,
        [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4],
        "only the status requests reached the printer without paper"
    );
    window.screenshot("counter_printing_04_printer_off");

    let (sales, waiting_jobs): (i64, i64) = database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT (SELECT COUNT(*) FROM sales),
                        (SELECT COUNT(*) FROM print_jobs WHERE status = 'pending')",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("read the store");
    assert_eq!(
        (sales, waiting_jobs),
        (2, 1),
        "both sales stand; the second receipt waits for the printer"
    );
    let problem: Option<String> = database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT last_problem FROM print_jobs WHERE status = 'pending'",
                [],
                |row| row.get(0),
            )?)
        })
        .expect("read the waiting job");
    assert_eq!(problem.as_deref(), Some("paper_out"));
}
