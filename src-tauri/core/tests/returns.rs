//! Returns on a real SQLite file: limits, exact refunds over partial returns, stock back
//! or not, manager approval, and the drawer's expected cash.

mod support;

use fflow_core::cash::{open_session, session_report};
use fflow_core::catalog::lookup::find_by_id;
use fflow_core::people::manager_approval;
use fflow_core::sale::complete::{CompletedSale, SaleRequest, complete_sale};
use fflow_core::sale::returns::{ReturnLine, ReturnRequest, refund_due, return_sale};
use support::{MANAGER_PIN, Store, count, line, pay, store};

/// Sells 3 kibbles (R$ 10,00 each) with R$ 1,00 off the order: 29,00 paid in cash.
fn sell_three(store: &Store) -> CompletedSale {
    complete_sale(
        &store.database,
        &SaleRequest {
            cashier_id: store.cashier.id.clone(),
            customer_id: None,
            lines: vec![line(&store.kibble, 3000)],
            order_discount: Some(fflow_core::sale::pricing::Discount::Amount {
                cents: fflow_core::money::Cents(100),
            }),
            payments: vec![pay("cash", 2900)],
            approval: None,
        },
    )
    .expect("sells")
}

fn give_back(
    store: &Store,
    sale: &str,
    quantity_milli: i64,
    refund: i64,
    restock: bool,
) -> Result<i64, &'static str> {
    let approval = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "return")
        .expect("approval");
    return_sale(
        &store.database,
        &ReturnRequest {
            sale: sale.to_owned(),
            cashier_id: store.cashier.id.clone(),
            approval,
            lines: vec![ReturnLine {
                line_no: 1,
                quantity_milli,
            }],
            refunds: vec![pay("cash", refund)],
            restock,
            reason: "embalagem danificada".to_owned(),
        },
    )
    .map(|done| done.refund_cents)
    .map_err(|error| error.code())
}

#[test]
fn partial_returns_refund_exactly_what_was_paid_and_never_more_than_sold() {
    let store = store();
    let session = open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_three(&store);
    // 29,00 over 3 units: 1 unit → 9,67 (9,6667 rounded), then 2 units → what is left, 19,33.
    let due = refund_due(
        &store.database,
        &sale.code,
        &[ReturnLine {
            line_no: 1,
            quantity_milli: 1000,
        }],
    )
    .expect("due");
    assert_eq!(due.0, 967);
    assert_eq!(give_back(&store, &sale.code, 1000, 967, true), Ok(967));
    assert_eq!(
        give_back(&store, &sale.id, 3000, 1933, true),
        Err("return_above_sold"),
        "only 2 are left"
    );
    assert_eq!(
        give_back(&store, &sale.id, 2000, 1900, true),
        Err("refund_mismatch"),
        "the refund must match what is due"
    );
    assert_eq!(
        give_back(&store, &sale.id, 2000, 1933, false),
        Ok(1933),
        "the last part refunds the rest, to the cent"
    );
    assert_eq!(
        give_back(&store, &sale.id, 1, 1, true),
        Err("return_above_sold"),
        "nothing is left to return"
    );

    let kibble = find_by_id(&store.database, &store.kibble)
        .expect("read")
        .expect("exists");
    assert_eq!(
        kibble.stock_on_hand_milli,
        -3000 + 1000,
        "only the restocked unit came back"
    );
    let report = store
        .database
        .read(|c| session_report(c, &session))
        .expect("report");
    let cash = report
        .methods
        .iter()
        .find(|m| m.method_code == "cash")
        .expect("cash");
    assert_eq!((report.returns_count, report.refunds_cents), (2, 2900));
    assert_eq!(
        cash.expected_cents, 0,
        "everything paid in cash went back out of the drawer"
    );
    assert!(
        fflow_core::stock::cache_mismatches(&store.database)
            .expect("check")
            .is_empty()
    );
}

#[test]
fn bad_returns_write_nothing() {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open");
    let sale = sell_three(&store);
    let before = [
        "returns",
        "return_lines",
        "return_refunds",
        "stock_movements",
        "outbox",
        "audit_log",
    ]
    .map(|t| count(&store.database, t));
    assert_eq!(
        give_back(&store, "CX01-999", 1000, 967, true),
        Err("unknown_sale")
    );
    assert_eq!(
        give_back(&store, &sale.code, 0, 1, true),
        Err("return_above_sold")
    );
    assert_eq!(
        give_back(&store, &sale.code, 1000, 966, true),
        Err("refund_mismatch")
    );
    assert!(
        manager_approval(
            &store.database,
            &store.cashier.id,
            support::CASHIER_PIN,
            "return"
        )
        .is_err(),
        "a cashier's PIN cannot approve a return"
    );
    let after = [
        "returns",
        "return_lines",
        "return_refunds",
        "stock_movements",
        "outbox",
        "audit_log",
    ]
    .map(|t| count(&store.database, t));
    assert_eq!(after, before, "refused returns write nothing");
}
