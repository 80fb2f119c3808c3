//! A day at the counter in the real window: sign in, open the cash session, scan two
//! products as a scanner types them, pay with cash and card and see the change, see the
//! receipt, return an item with a manager's PIN, cancel a cart with the manager's PIN,
//! take cash out, close the session, whose Z report must add up to the sales made, and
//! receive stock of a product that ran low. A screenshot of every step goes to
//! `target/e2e/counter_NN_<step>.png`.

mod support;

use std::path::Path;

use fflow_core::StoreDatabase;
use support::counter::launch_offline;
use support::seed::seed_store;
use support::webdriver::{ENTER, ESCAPE, F4, F7, F8, F9, F10};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

/// Amounts as the page shows them, with Intl's no-break spaces made plain.
fn shown(text: String) -> String {
    text.replace('\u{a0}', " ")
}

#[test]
fn a_day_at_the_counter_adds_up_in_the_z_report() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    let window = launch_offline(app_binary(), data_folder.path(), &store);

    // Sign in as the cashier.
    window.click(&format!("[data-testid='user-{}']", store.cashier_name));
    window.type_into("[data-testid=pin]", store.cashier_pin);
    window.screenshot("counter_01_signin");
    window.type_into("[data-testid=pin]", ENTER);
    assert_eq!(
        window.text_of("[data-testid=signed-in-user]"),
        format!("Operador: {}", store.cashier_name),
        "the status bar names who signed in"
    );
    assert_eq!(
        window
            .settled_attribute("[data-testid=license-status]", "data-state", "checking")
            .as_deref(),
        Some("active"),
        "the seeded store's license is judged active by core and shown in the status bar"
    );

    // No session is open yet: F10 opens one with a float of R$ 100,00.
    window.text_of("[data-testid=no-session]");
    window.type_into_focused(F10);
    window.type_into("[data-testid=opening-float]", "100,00");
    window.screenshot("counter_02_open_session");
    window.type_into("[data-testid=opening-float]", ENTER);
    assert!(
        window.gone("[data-testid=cash-dialog]"),
        "the dialog closes once the session is open"
    );

    // A code no product has is refused with the translated message of its code.
    let target = window.type_into_focused(&format!("0000000000000{ENTER}"));
    assert_eq!(
        target.as_deref(),
        Some("scan"),
        "the scan field has the focus once the session dialog is gone"
    );
    assert_eq!(
        window
            .attribute_of("[data-testid=error]", "data-code")
            .as_deref(),
        Some("unknown_barcode")
    );
    assert_eq!(
        window.text_of("[data-testid=error]"),
        "Produto não encontrado para este código."
    );

    // A scanner types digits and Enter, fast, into whatever has the focus: that must be
    // the scan field. One kibble bag, two treats (scanned twice).
    for barcode in [
        store.kibble.barcode,
        store.treat.barcode,
        store.treat.barcode,
    ] {
        let target = window.type_into_focused(&format!("{barcode}{ENTER}"));
        assert_eq!(
            target.as_deref(),
            Some("scan"),
            "the scan field keeps the focus between scans"
        );
    }
    let sale_total = store.kibble.price_cents + 2 * store.treat.price_cents;
    assert_eq!(sale_total, 6490);
    let total = shown(window.text_when("[data-testid=cart-total]", |text| {
        shown(text.to_owned()) == "R$ 64,90"
    }));
    assert_eq!(total, "R$ 64,90", "core priced 49,90 + 2 × 7,50");
    assert_eq!(window.count_of("[data-testid=cart-line]"), 2);
    window.screenshot("counter_03_cart");

    // F4. A PIX amount shows the QR code of the BR Code core built for it; the customer
    // then changes their mind.
    window.type_into_focused(F4);
    window.type_into("[data-testid=pay-pix]", "10,00");
    let pix_payload = window
        .attribute_of("[data-testid=pix-qr]", "data-payload")
        .unwrap_or_default();
    assert!(
        pix_payload.starts_with("000201") && pix_payload.contains("540510.00"),
        "the QR carries a BR Code for R$ 10,00: {pix_payload}"
    );
    window.screenshot("counter_04_payment_pix");
    window.clear("[data-testid=pay-pix]");

    // R$ 40,00 on the debit card and R$ 50,00 in cash; change R$ 25,10.
    window.type_into("[data-testid=pay-debit]", "40,00");
    window.type_into("[data-testid=pay-cash]", "50,00");
    assert_eq!(
        shown(window.text_of("[data-testid=payment-change]")),
        "R$ 25,10",
        "90,00 paid for 64,90: the change is 25,10, all from cash"
    );
    window.screenshot("counter_05_payment");
    window.click("[data-testid=confirm-payment]");

    // The receipt core laid out, and the print queue.
    let receipt = window.text_when("[data-testid=receipt]", |text| text.contains("TOTAL"));
    assert!(
        receipt.contains(store.kibble.name) && receipt.contains(store.treat.name),
        "the receipt lists what was sold: {receipt}"
    );
    assert!(
        receipt.contains("CX01-1"),
        "the receipt names the sale: {receipt}"
    );
    assert_eq!(
        shown(window.text_of("[data-testid=sale-change]")),
        "R$ 25,10"
    );
    window.click("[data-testid=print-receipt]");
    window.text_of("[data-testid=print-queued]");
    window.screenshot("counter_06_receipt");
    window.click("[data-testid=new-sale]");

    // F9: one treat comes back; the manager approves with their PIN.
    window.type_into_focused(F9);
    window.type_into("[data-testid=return-sale-code]", "CX01-1");
    window.click("[data-testid=find-sale]");
    window.type_into("[data-testid=return-quantity-2]", "1");
    assert_eq!(
        shown(
            window.text_when("[data-testid=refund-due]", |text| shown(text.to_owned())
                == "R$ 7,50")
        ),
        "R$ 7,50",
        "one of two treats refunds its price"
    );
    window.type_into("[data-testid=return-reason]", "embalagem aberta");
    window.type_into("[data-testid=approval-pin]", store.manager_pin);
    window.screenshot("counter_07_return");
    window.click("[data-testid=confirm-return]");
    assert!(
        shown(window.text_of("[data-testid=return-done]")).ends_with("R$ 7,50"),
        "the return is recorded with its refund"
    );
    window.type_into_focused(ESCAPE);

    // A cart the customer gives up on is cancelled (F8) only with a manager's PIN.
    window.type_into_focused(&format!("{}{ENTER}", store.treat.barcode));
    window.text_when("[data-testid=cart-total]", |text| {
        shown(text.to_owned()) == "R$ 7,50"
    });
    window.type_into_focused(F8);
    window.type_into("[data-testid=void-reason]", "cliente desistiu");
    window.type_into("[data-testid=approval-pin]", store.cashier_pin);
    window.click("[data-testid=confirm-void]");
    assert_eq!(
        window
            .attribute_of("[data-testid=void-dialog] [data-testid=error]", "data-code")
            .as_deref(),
        Some("wrong_pin"),
        "the cashier's PIN is not the manager's"
    );
    window.clear("[data-testid=approval-pin]");
    window.type_into("[data-testid=approval-pin]", store.manager_pin);
    window.click("[data-testid=confirm-void]");
    window.text_of("[data-testid=cart-empty]");

    // F10: R$ 10,00 leaves the drawer for the bank, with its reason.
    window.type_into_focused(F10);
    window.click("[data-testid=cash-tab-movement]");
    window.type_into("[data-testid=movement-amount]", "10,00");
    window.type_into("[data-testid=movement-reason]", "depósito no banco");
    window.click("[data-testid=record-movement]");
    window.click("[data-testid=cash-tab-x]");
    assert_eq!(
        shown(
            window.text_when("[data-testid=x-report-cash-out]", |text| shown(
                text.to_owned()
            ) == "R$ 10,00")
        ),
        "R$ 10,00",
        "the X report shows the cash taken out"
    );

    // Count the drawer and close. Cash: 100,00 float + 50,00 − 25,10 change − 7,50
    // refund − 10,00 out = 107,40; debit: 40,00.
    window.click("[data-testid=cash-tab-close]");
    window.type_into("[data-testid=count-cash]", "107,40");
    window.type_into("[data-testid=count-debit]", "40,00");
    window.screenshot("counter_08_close_session");
    window.click("[data-testid=close-session]");

    let z_total = shown(window.text_of("[data-testid=z-report-sales-total]"));
    assert_eq!(z_total, "R$ 64,90", "the Z report totals the one sale made");
    assert_eq!(window.text_of("[data-testid=z-report-sales-count]"), "1");
    assert_eq!(
        shown(window.text_of("[data-testid=z-report-refunds]")),
        "R$ 7,50"
    );
    let cash_row = shown(window.text_of("[data-testid=z-report-method-cash]"));
    assert!(
        cash_row.contains("R$ 107,40") && cash_row.contains("R$ 0,00"),
        "cash expected and counted agree, no difference: {cash_row}"
    );
    assert!(
        window
            .settled_attribute("[data-testid=sync-status]", "data-pending", "0")
            .and_then(|pending| pending.parse::<u32>().ok())
            .is_some_and(|pending| pending >= 3),
        "the session, the sale and the return wait for the hub; the status bar counts them"
    );
    window.screenshot("counter_09_z_report");
    window.click("[data-testid=close-z]");

    // F7: the kibble is below its minimum (none in stock, one sold); ten bags arrive.
    window.type_into_focused(F7);
    window.click("[data-testid=product-row] .line-name");
    window.type_into("[data-testid=stock-quantity]", "10");
    window.type_into("[data-testid=stock-note]", "entrega do fornecedor");
    window.click("[data-testid=save-stock]");
    assert_eq!(
        window.text_of("[data-testid=stock-saved]"),
        "Estoque atualizado: 9 un",
        "stock is a ledger: -1 after the sale, +10 received"
    );
    window.screenshot("counter_10_products");

    // What the window showed is what the database holds.
    let database = StoreDatabase::open_in(data_folder.path()).expect("reopen the store");
    let (sales, total_cents, open_sessions): (i64, i64, i64) = database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT (SELECT COUNT(*) FROM sales), (SELECT SUM(total_cents) FROM sales),
                        (SELECT COUNT(*) FROM cash_sessions WHERE status = 'open')",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?)
        })
        .expect("read the sales");
    assert_eq!((sales, total_cents, open_sessions), (1, sale_total, 0));
}
