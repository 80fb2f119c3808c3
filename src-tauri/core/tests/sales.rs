//! Completing sales on a real SQLite file: what one sale writes, what a refused sale
//! leaves (nothing), and gap-free sale codes.

mod support;

use fflow_core::cash::{open_session, session_report};
use fflow_core::people::manager_approval;
use fflow_core::sale::complete::{SaleRequest, complete_sale};
use fflow_core::sale::pricing::Discount;
use fflow_core::{CoreError, StoreDatabase};
use support::{MANAGER_PIN, Store, count, line, pay, store};

fn request(
    store: &Store,
    lines: Vec<fflow_core::sale::complete::CartLine>,
    payments: Vec<fflow_core::sale::complete::PaymentEntry>,
) -> SaleRequest {
    SaleRequest {
        cashier_id: store.cashier.id.clone(),
        customer_id: None,
        lines,
        order_discount: None,
        payments,
        approval: None,
    }
}

fn open(store: &Store) -> String {
    open_session(&store.database, &store.cashier.id, 10_000).expect("open a session")
}

/// Rows of every table a sale writes, to prove a refused sale wrote none of them.
fn written_rows(database: &StoreDatabase) -> [i64; 5] {
    [
        "sales",
        "sale_lines",
        "sale_payments",
        "stock_movements",
        "outbox",
    ]
    .map(|table| count(database, table))
}

#[test]
fn a_split_sale_writes_everything_in_one_go() {
    let store = store();
    open(&store);
    let outbox_before = count(&store.database, "outbox");
    // 2 × R$ 10,00 + 1.250 kg × R$ 39,90 (49,875 → 49,88) = 69,88; card 50,00 + cash 20,00 → change 0,12.
    let sale = complete_sale(
        &store.database,
        &request(
            &store,
            vec![line(&store.kibble, 2000), line(&store.bulk_food, 1250)],
            vec![pay("debit", 5000), pay("cash", 2000)],
        ),
    )
    .expect("the sale completes");
    assert_eq!(sale.amounts.total.0, 6988);
    assert_eq!(sale.change_cents, 12, "change comes from the cash part");
    assert_eq!(
        sale.code, "CX01-1",
        "the first sale of the device is number 1"
    );
    assert_eq!(count(&store.database, "sale_lines"), 2);
    assert_eq!(count(&store.database, "sale_payments"), 2);
    assert_eq!(
        count(&store.database, "outbox") - outbox_before,
        1,
        "exactly one outbox event per completed sale"
    );
    let kibble = fflow_core::catalog::lookup::find_by_id(&store.database, &store.kibble)
        .expect("read")
        .expect("exists");
    assert_eq!(
        kibble.stock_on_hand_milli, -2000,
        "the ledger took the two units out"
    );
    assert!(
        fflow_core::stock::cache_mismatches(&store.database)
            .expect("check")
            .is_empty(),
        "cached stock equals the ledger"
    );
}

fn refuse(store: &Store, sale: SaleRequest, code: &str) {
    let before = written_rows(&store.database);
    let error = complete_sale(&store.database, &sale).expect_err("the sale must be refused");
    assert_eq!(error.code(), code, "{error}");
    assert_eq!(
        written_rows(&store.database),
        before,
        "a refused sale ({code}) writes nothing"
    );
}

#[test]
fn bad_sales_are_refused_and_write_nothing() {
    let store = store();
    refuse(
        &store,
        request(
            &store,
            vec![line(&store.kibble, 1000)],
            vec![pay("cash", 1000)],
        ),
        "no_open_session",
    );
    open(&store);
    refuse(&store, request(&store, vec![], vec![]), "empty_cart");
    refuse(
        &store,
        request(
            &store,
            vec![line(&store.kibble, 0)],
            vec![pay("cash", 1000)],
        ),
        "quantity_not_positive",
    );
    refuse(
        &store,
        request(
            &store,
            vec![line(&store.kibble, 1000)],
            vec![pay("cash", 999)],
        ),
        "payment_short",
    );
    refuse(
        &store,
        request(
            &store,
            vec![line(&store.kibble, 1000)],
            vec![pay("credit", 1500)],
        ),
        "change_from_non_cash",
    );
    refuse(
        &store,
        request(
            &store,
            vec![line(&store.kibble, 1000)],
            vec![pay("cheque", 1000)],
        ),
        "unknown_payment_method",
    );
    refuse(
        &store,
        request(
            &store,
            vec![line("no-such-id", 1000)],
            vec![pay("cash", 1000)],
        ),
        "unknown_product",
    );
    let mut too_much_off = request(
        &store,
        vec![line(&store.kibble, 1000)],
        vec![pay("cash", 1000)],
    );
    too_much_off.lines[0].discount = Some(Discount::Amount {
        cents: fflow_core::money::Cents(1001),
    });
    refuse(&store, too_much_off, "discount_above_price");
    let mut override_price = request(
        &store,
        vec![line(&store.kibble, 1000)],
        vec![pay("cash", 500)],
    );
    override_price.lines[0].unit_price_override_cents = Some(500);
    refuse(&store, override_price, "manager_approval_required");
}

#[test]
fn a_price_override_needs_a_manager_pin_and_is_audited() {
    let store = store();
    open(&store);
    assert_eq!(
        manager_approval(
            &store.database,
            &store.cashier.id,
            support::CASHIER_PIN,
            "test"
        )
        .map(|_| ())
        .map_err(|e| e.code()),
        Err("manager_approval_required"),
        "a cashier cannot approve their own override"
    );
    assert!(matches!(
        manager_approval(&store.database, &store.manager.id, "0000", "test"),
        Err(CoreError::WrongPin)
    ));
    let approval = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "test")
        .expect("manager approves");
    let mut sale = request(
        &store,
        vec![line(&store.kibble, 1000)],
        vec![pay("cash", 800)],
    );
    sale.lines[0].unit_price_override_cents = Some(800);
    sale.approval = Some(approval);
    let completed = complete_sale(&store.database, &sale).expect("approved override sells");
    assert_eq!(completed.amounts.total.0, 800);
    let approved_by: String = store
        .database
        .read(|c| {
            Ok(c.query_row(
                "SELECT approved_by FROM audit_log WHERE action = 'sale.price_overridden'",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("an audit row names the approving manager");
    assert_eq!(approved_by, store.manager.id);
}

#[test]
fn a_failure_between_the_sale_rows_and_the_outbox_leaves_nothing_behind() {
    let store = store();
    open(&store);
    // Inject the failure in the database itself: the outbox insert, the last write of a
    // sale, aborts after the sale, lines, payments and movements were written.
    store
        .database
        .write(|t| Ok(t.execute_batch("CREATE TRIGGER injected_failure BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END;")?))
        .expect("install the fault");
    let before = written_rows(&store.database);
    let error = complete_sale(
        &store.database,
        &request(
            &store,
            vec![line(&store.kibble, 1000)],
            vec![pay("cash", 1000)],
        ),
    )
    .expect_err("the outbox insert fails");
    assert_eq!(error.code(), "database");
    assert_eq!(
        written_rows(&store.database),
        before,
        "no sale row, line, payment, movement or number survives"
    );
    store
        .database
        .write(|t| Ok(t.execute_batch("DROP TRIGGER injected_failure;")?))
        .expect("remove the fault");
    let sale = complete_sale(
        &store.database,
        &request(
            &store,
            vec![line(&store.kibble, 1000)],
            vec![pay("cash", 1000)],
        ),
    )
    .expect("sells again");
    assert_eq!(
        sale.number, 1,
        "the failed attempt did not use up a sale number"
    );
}

#[test]
fn sale_codes_are_gap_free_across_refusals_and_restarts() {
    let Store {
        folder,
        database,
        cashier,
        kibble,
        ..
    } = store();
    open_session(&database, &cashier.id, 0).expect("open a session");
    let sell = |database: &StoreDatabase, payment_cents| {
        let sale = SaleRequest {
            cashier_id: cashier.id.clone(),
            customer_id: None,
            lines: vec![line(&kibble, 1000)],
            order_discount: None,
            payments: vec![pay("cash", payment_cents)],
            approval: None,
        };
        complete_sale(database, &sale).map(|sale| sale.number)
    };
    assert_eq!(sell(&database, 1000).expect("first"), 1);
    assert!(sell(&database, 1).is_err(), "a short payment is refused");
    assert_eq!(sell(&database, 1000).expect("second"), 2);

    // A restart: every connection is closed and the file opened again.
    drop(database);
    let reopened = StoreDatabase::open_in(folder.path()).expect("reopen after a restart");
    assert_eq!(sell(&reopened, 1000).expect("third, after restart"), 3);
    let numbers: Vec<i64> = reopened
        .read(|c| {
            let mut s = c.prepare("SELECT number FROM sales ORDER BY number")?;
            let rows = s
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .expect("read numbers");
    assert_eq!(numbers, vec![1, 2, 3], "no number skipped or repeated");
}

#[test]
fn order_discount_and_taxes_reach_the_session_report() {
    let store = store();
    let session = open(&store);
    let mut sale = request(
        &store,
        vec![line(&store.kibble, 3000)],
        vec![pay("pix", 2700)],
    );
    sale.order_discount = Some(Discount::Percent { basis_points: 1000 });
    let completed = complete_sale(&store.database, &sale).expect("sells");
    assert_eq!(completed.amounts.total.0, 2700);
    let report = store
        .database
        .read(|c| session_report(c, &session))
        .expect("report");
    assert_eq!(
        (
            report.sales_count,
            report.sales_total_cents,
            report.discount_cents
        ),
        (1, 2700, 300)
    );
    assert_eq!(
        report.tax_cents, completed.amounts.tax.0,
        "10% included in 27,00 is 2,45"
    );
    assert_eq!(report.tax_cents, 245);
}
