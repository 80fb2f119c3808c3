//! Cash sessions on a real SQLite file: expected against counted per method, and X and Z
//! reports that agree because one function computes both.

mod support;

use fflow_core::cash::{
    CashMovementKind, cash_movement, close_session, open_session, session_report,
};
use fflow_core::sale::complete::complete_sale;
use support::{count, one_kibble, pay, store};

#[test]
fn x_before_closing_equals_z_at_closing_and_differences_are_counted_minus_expected() {
    let store = store();
    let session =
        open_session(&store.database, &store.cashier.id, 10_000).expect("open with R$ 100,00");
    assert_eq!(
        open_session(&store.database, &store.cashier.id, 0).map_err(|e| e.code()),
        Err("session_already_open"),
        "one open session per counter"
    );
    let sell = |payments| {
        complete_sale(&store.database, &one_kibble(&store, payments)).expect("sells R$ 10,00")
    };
    sell(vec![pay("cash", 5000)]); // change 40,00
    sell(vec![pay("debit", 400), pay("cash", 600)]);
    sell(vec![pay("pix", 1000)]);
    cash_movement(
        &store.database,
        &store.cashier.id,
        CashMovementKind::CashIn,
        2000,
        "troco do banco",
    )
    .expect("cash in");
    cash_movement(
        &store.database,
        &store.cashier.id,
        CashMovementKind::CashOut,
        500,
        "compra de café",
    )
    .expect("cash out");
    assert_eq!(
        cash_movement(
            &store.database,
            &store.cashier.id,
            CashMovementKind::CashOut,
            500,
            "  "
        )
        .map_err(|e| e.code()),
        Err("invalid_input"),
        "cash never leaves without a reason"
    );

    let x_report = store
        .database
        .read(|c| session_report(c, &session))
        .expect("X report");
    // Cash: 100,00 float + 50,00 + 6,00 paid − 40,00 change + 20,00 in − 5,00 out = 131,00.
    let cash = x_report
        .methods
        .iter()
        .find(|m| m.method_code == "cash")
        .expect("cash line");
    assert_eq!(cash.expected_cents, 13_100);
    assert_eq!(x_report.sales_total_cents, 3000);

    let z_report = close_session(
        &store.database,
        &store.manager.id,
        &[
            ("cash".to_owned(), 13_000),
            ("debit".to_owned(), 400),
            ("pix".to_owned(), 1000),
        ],
    )
    .expect("close with counts");
    assert!(z_report.closed);
    for (x, z) in x_report.methods.iter().zip(&z_report.methods) {
        assert_eq!(
            (&x.method_code, x.payments_cents, x.expected_cents),
            (&z.method_code, z.payments_cents, z.expected_cents),
            "X and Z must agree on what was expected"
        );
    }
    assert_eq!(
        (
            x_report.sales_count,
            x_report.sales_total_cents,
            x_report.tax_cents,
            x_report.cash_in_cents,
            x_report.cash_out_cents
        ),
        (
            z_report.sales_count,
            z_report.sales_total_cents,
            z_report.tax_cents,
            z_report.cash_in_cents,
            z_report.cash_out_cents
        )
    );
    let difference = |code: &str| {
        z_report
            .methods
            .iter()
            .find(|m| m.method_code == code)
            .and_then(|m| m.difference_cents)
    };
    assert_eq!(
        difference("cash"),
        Some(-100),
        "R$ 1,00 missing from the drawer"
    );
    assert_eq!(difference("debit"), Some(0));
    assert_eq!(difference("credit"), None, "not counted");
    let reread = store
        .database
        .read(|c| session_report(c, &session))
        .expect("Z again");
    assert_eq!(
        reread, z_report,
        "a closed session's report does not change when read again"
    );

    assert_eq!(
        close_session(&store.database, &store.manager.id, &[]).map_err(|e| e.code()),
        Err("no_open_session")
    );
    assert_eq!(count(&store.database, "cash_movements"), 2);
}
