//! The counter's questions before a commit, on a real SQLite file: the quoted cart is
//! what the sale charges, methods come in the store's order, PIX needs a key, and a
//! sale's returnable lines shrink as they are returned.

mod support;

use fflow_core::cash::open_session;
use fflow_core::checkout::{
    LOCK_AFTER_SECONDS, active_payment_methods, display_preferences, lock_after_seconds,
    open_session_report, pix_payload_for_amount, quote_cart, returnable_sale,
    save_display_preferences, save_lock_after_seconds,
};
use fflow_core::money::Cents;
use fflow_core::people::manager_approval;
use fflow_core::receipt::{PIX_CITY, PIX_KEY};
use fflow_core::sale::complete::{SaleRequest, complete_sale};
use fflow_core::sale::pricing::Discount;
use fflow_core::sale::returns::{ReturnLine, ReturnRequest, return_sale};
use fflow_core::settings::write_setting;
use support::{MANAGER_PIN, line, pay, store};

#[test]
fn the_quote_is_exactly_what_the_committed_sale_charges() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let mut lines = vec![line(&store.kibble, 3000), line(&store.bulk_food, 1250)];
    lines[0].discount = Some(Discount::Percent { basis_points: 500 });
    let order_discount = Some(Discount::Amount { cents: Cents(333) });
    let quoted = quote_cart(&store.database, &lines, order_discount).expect("quote");
    let sale = complete_sale(
        &store.database,
        &SaleRequest {
            cashier_id: store.cashier.id.clone(),
            customer_id: None,
            lines,
            order_discount,
            payments: vec![pay("cash", quoted.total.0)],
            approval: None,
        },
    )
    .expect("sale");
    assert_eq!(
        quoted, sale.amounts,
        "the counter shows the quote; the customer must be charged the same cents"
    );
}

#[test]
fn a_quote_of_an_unknown_product_is_a_typed_error() {
    let store = store();
    let error = quote_cart(&store.database, &[line("no-such-id", 1000)], None)
        .expect_err("unknown product");
    assert_eq!(error.code(), "unknown_product");
}

#[test]
fn payment_methods_come_in_the_store_order() {
    let store = store();
    let codes: Vec<String> = active_payment_methods(&store.database)
        .expect("methods")
        .into_iter()
        .map(|method| method.code)
        .collect();
    assert_eq!(codes, ["cash", "debit", "credit", "pix"]);
}

#[test]
fn pix_needs_the_store_key_and_then_carries_the_amount() {
    let store = store();
    let refused =
        pix_payload_for_amount(&store.database, Cents(1050), "CX01-1").expect_err("no key");
    assert_eq!(refused.code(), "invalid_input", "{refused}");
    write_setting(&store.database, PIX_KEY, "loja@example.com").expect("key");
    write_setting(&store.database, PIX_CITY, "Sao Paulo").expect("city");
    let payload = pix_payload_for_amount(&store.database, Cents(1050), "CX01-1").expect("pix");
    assert!(
        payload.contains("540510.50"),
        "field 54 carries the amount R$ 10,50: {payload}"
    );
}

#[test]
fn the_lock_delay_defaults_to_five_minutes_and_never_drops_below_a_floor() {
    let store = store();
    assert_eq!(lock_after_seconds(&store.database).expect("read"), 300);
    write_setting(&store.database, LOCK_AFTER_SECONDS, "1").expect("write");
    assert_eq!(lock_after_seconds(&store.database).expect("read"), 15);
    write_setting(&store.database, LOCK_AFTER_SECONDS, "not a number").expect("write");
    assert_eq!(lock_after_seconds(&store.database).expect("read"), 300);
    save_lock_after_seconds(&store.database, 120).expect("two minutes");
    assert_eq!(lock_after_seconds(&store.database).expect("read"), 120);
    for refused in [0, 14, 8 * 3600 + 1] {
        let error = save_lock_after_seconds(&store.database, refused).expect_err("out of range");
        assert_eq!(error.code(), "invalid_input");
    }
    assert_eq!(
        lock_after_seconds(&store.database).expect("read"),
        120,
        "refusals keep the delay"
    );
}

#[test]
fn returnable_lines_shrink_by_what_was_returned() {
    let store = store();
    assert_eq!(open_session_report(&store.database).expect("report"), None);
    open_session(&store.database, &store.cashier.id, 5_000).expect("open");
    let sale = complete_sale(
        &store.database,
        &SaleRequest {
            cashier_id: store.cashier.id.clone(),
            customer_id: None,
            lines: vec![line(&store.kibble, 3000)],
            order_discount: None,
            payments: vec![pay("cash", 3000)],
            approval: None,
        },
    )
    .expect("sale");
    let approval = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "return")
        .expect("approval");
    return_sale(
        &store.database,
        &ReturnRequest {
            sale: sale.code.clone(),
            cashier_id: store.cashier.id.clone(),
            approval,
            lines: vec![ReturnLine {
                line_no: 1,
                quantity_milli: 1000,
            }],
            refunds: vec![pay("cash", 1000)],
            restock: true,
            reason: "torn bag".to_owned(),
        },
    )
    .expect("return");
    let returnable = returnable_sale(&store.database, &sale.code).expect("sale lines");
    assert_eq!(returnable.code, sale.code);
    assert_eq!(returnable.lines.len(), 1);
    assert_eq!(
        returnable.lines[0].returnable_milli, 2000,
        "one of three units came back, so two are left to return"
    );
    let report = open_session_report(&store.database)
        .expect("report")
        .expect("a session is open");
    assert_eq!((report.sales_count, report.returns_count), (1, 1));
}

#[test]
fn display_preferences_keep_only_what_the_screen_knows() {
    let store = store();
    let fresh = display_preferences(&store.database).expect("read");
    assert_eq!((fresh.language, fresh.theme.as_str()), (None, "system"));
    save_display_preferences(&store.database, "en", "dark").expect("save");
    let saved = display_preferences(&store.database).expect("read");
    assert_eq!(
        (saved.language.as_deref(), saved.theme.as_str()),
        (Some("en"), "dark")
    );
    let refused = save_display_preferences(&store.database, "fr", "dark").expect_err("fr");
    assert_eq!(refused.code(), "invalid_input");
    let refused = save_display_preferences(&store.database, "pt-BR", "neon").expect_err("neon");
    assert_eq!(refused.code(), "invalid_input");
    let kept = display_preferences(&store.database).expect("read");
    assert_eq!(
        (kept.language.as_deref(), kept.theme.as_str()),
        (Some("en"), "dark"),
        "a refused change leaves the saved preferences as they were"
    );
}
