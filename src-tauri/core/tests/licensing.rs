//! Licensing on a real SQLite file: installing licenses, what each state lets the counter
//! do (refused actions leave every row as it was) and trusted time.

mod support;

use fflow_core::StoreDatabase;
use fflow_core::cash::{CashMovementKind, cash_movement, open_session};
use fflow_core::catalog::csv_import::import_products_csv;
use fflow_core::catalog::lookup::find_by_barcode;
use fflow_core::catalog::products::create_product;
use fflow_core::licensing::test_support::{
    install_test_license_with, sign_test_license, test_license_claims,
};
use fflow_core::licensing::{
    InstanceStatus, LicenseState, install_license, license_report, record_hub_contact,
    recorded_device_id, system_now,
};
use fflow_core::people::{Role, create_till_user, manager_approval};
use fflow_core::sale::complete::{SaleRequest, complete_sale};
use fflow_core::sale::returns::{ReturnLine, ReturnRequest, return_sale};
use fflow_core::stock::locations::create_location;
use fflow_core::stock::transfer::{StockTransfer, transfer_stock};
use fflow_core::stock::{MovementReason, adjust_stock};
use fflow_protocol::license::{LicenseSigningKey, sign_license};
use support::{MANAGER_PIN, Store, count, line, one_kibble, pay, product, store};

const DAY: i64 = 24 * 60 * 60;

fn sell(store: &Store) -> Result<String, &'static str> {
    complete_sale(&store.database, &one_kibble(store, vec![pay("cash", 1000)]))
        .map(|sale| sale.code)
        .map_err(|error| error.code())
}

/// A store with an open session, so only the license can stop a sale.
fn selling_store() -> Store {
    let store = store();
    open_session(&store.database, &store.cashier.id, 0).expect("open the session");
    store
}

/// Every table a refused money or stock action could have touched.
fn money_and_stock_rows(database: &StoreDatabase) -> [i64; 5] {
    [
        count(database, "sales"),
        count(database, "stock_movements"),
        count(database, "cash_movements"),
        count(database, "outbox"),
        count(database, "audit_log"),
    ]
}

/// Asserts that each money and stock action is refused with `code` and writes nothing,
/// while look-ups keep working.
fn check_money_and_stock_refused(store: &Store, code: &str) {
    // A bin of its own per refusal checked: the same store is checked in several states.
    let shelf = create_location(&store.database, &format!("bin for {code}"))
        .expect("bins can still be set up");
    let before = money_and_stock_rows(&store.database);
    assert_eq!(sell(store), Err(code), "a sale");
    let moved = cash_movement(
        &store.database,
        &store.cashier.id,
        CashMovementKind::CashIn,
        500,
        "troco",
    );
    assert_eq!(moved.map_err(|e| e.code()), Err(code), "a cash movement");
    let adjusted = adjust_stock(
        &store.database,
        &store.kibble,
        1000,
        MovementReason::Receipt,
        "entrega",
        &store.manager.id,
    );
    assert_eq!(adjusted.map_err(|e| e.code()), Err(code), "a stock change");
    let moved = transfer_stock(
        &store.database,
        &StockTransfer {
            product_id: &store.kibble,
            from_location_id: None,
            to_location_id: Some(&shelf.id),
            quantity_milli: 1000,
            actor_id: &store.manager.id,
            note: None,
        },
    );
    assert_eq!(
        moved.map_err(|e| e.code()),
        Err(code),
        "a transfer between bins"
    );
    assert_eq!(
        money_and_stock_rows(&store.database),
        before,
        "a refused action leaves every row as it was"
    );
    assert!(
        find_by_barcode(&store.database, "7890000000017")
            .expect("look-ups keep working")
            .is_some(),
        "look-ups work in every license state"
    );
}

#[test]
fn an_activated_store_sells_and_reports_an_active_license() {
    let store = selling_store();
    let report = license_report(&store.database).expect("report");
    assert_eq!(report.state.code(), "active");
    assert!(!report.clock_tampering);
    assert_eq!(report.plan.as_deref(), Some("test"));
    assert_eq!(sell(&store), Ok("CX01-1".to_owned()));
}

#[test]
fn a_store_that_was_never_activated_cannot_sell_but_can_be_set_up() {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    let cashier = create_till_user(&database, "Ana", Role::Cashier, "1234").expect("set up");
    let kibble = create_product(&database, &product("SKU-1", "Ração", 1000, 0, &[]), None)
        .expect("the catalog can be prepared before activation");
    open_session(&database, &cashier.id, 0).expect("session");
    let sold = complete_sale(
        &database,
        &SaleRequest {
            cashier_id: cashier.id,
            customer_id: None,
            lines: vec![line(&kibble, 1000)],
            order_discount: None,
            payments: vec![pay("cash", 1000)],
            approval: None,
        },
    );
    assert_eq!(
        sold.map_err(|e| e.code()).err(),
        Some("license_not_activated")
    );
    assert_eq!(count(&database, "sales"), 0);
    assert_eq!(
        license_report(&database).expect("report").state,
        LicenseState::NotActivated
    );
}

#[test]
fn tampered_foreign_and_unknown_key_licenses_are_refused_and_the_old_one_stays() {
    let store = selling_store();
    let device = license_report(&store.database)
        .expect("report")
        .device_id
        .expect("an activated store has a device id");
    let good = sign_test_license(&test_license_claims(device)).expect("sign");

    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let mut richer = test_license_claims(device);
    richer.entitlements.max_users = 10_000;
    let richer_token = sign_test_license(&richer).expect("sign");
    parts[1] = richer_token.split('.').nth(1).expect("payload").to_owned();
    let tampered = parts.join(".");

    let foreign = sign_test_license(&test_license_claims(uuid::Uuid::now_v7())).expect("sign");
    let stranger = LicenseSigningKey::new(
        "not-trusted",
        ed25519_dalek::SigningKey::from_bytes(&[9; 32]),
    );
    let unknown_key = sign_license(&test_license_claims(device), &stranger).expect("sign");

    for (token, code) in [
        (tampered.as_str(), "license_bad_signature"),
        (foreign.as_str(), "license_wrong_device"),
        (unknown_key.as_str(), "license_unknown_key"),
        ("not a token", "license_malformed"),
    ] {
        let refused = install_license(&store.database, token).expect_err(code);
        assert_eq!(refused.code(), code);
        assert_eq!(
            license_report(&store.database)
                .expect("report")
                .state
                .code(),
            "active",
            "a refused license must not replace the installed one ({code})"
        );
    }
    assert!(sell(&store).is_ok(), "the store still sells");
}

#[test]
fn a_license_edited_in_the_database_is_invalid_and_stops_money_actions() {
    let store = selling_store();
    let device = recorded_device_id_of(&store.database);
    let foreign = sign_test_license(&test_license_claims(uuid::Uuid::now_v7())).expect("sign");
    store
        .database
        .write(|transaction| {
            transaction.execute("UPDATE license SET token = ?1", [&foreign])?;
            Ok(())
        })
        .expect("edit the stored token behind the app's back");
    let state = license_report(&store.database).expect("report").state;
    assert_eq!(state.code(), "invalid");
    assert!(
        matches!(
            state,
            LicenseState::Invalid {
                problem: "license_wrong_device",
                ..
            }
        ),
        "{state:?} (this device is {device})"
    );
    check_money_and_stock_refused(&store, "license_invalid");
}

fn recorded_device_id_of(database: &StoreDatabase) -> uuid::Uuid {
    database
        .read(recorded_device_id)
        .expect("read")
        .expect("a device id")
}

#[test]
fn suspended_and_reset_stores_keep_their_data_but_stop_money_and_stock() {
    let store = selling_store();
    let sale = sell(&store).expect("a sale before the suspension");
    record_hub_contact(
        &store.database,
        system_now(),
        Some(InstanceStatus::Suspended),
    )
    .expect("the hub reports a suspension");
    check_money_and_stock_refused(&store, "license_suspended");
    let before = money_and_stock_rows(&store.database);
    let approval = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "return")
        .expect("a manager approves");
    let refund = return_sale(
        &store.database,
        &ReturnRequest {
            sale,
            cashier_id: store.cashier.id.clone(),
            approval,
            lines: vec![ReturnLine {
                line_no: 1,
                quantity_milli: 1000,
            }],
            refunds: vec![pay("cash", 1000)],
            restock: true,
            reason: "arrependimento".to_owned(),
        },
    );
    assert_eq!(
        refund.map_err(|e| e.code()).err(),
        Some("license_suspended")
    );
    let csv = "sku,name,unit,price_cents,stock_qty\nN,Novo,un,100,5\n";
    let import = import_products_csv(&store.database, csv.as_bytes(), false, None, &mut |_| {});
    assert_eq!(
        import.map_err(|e| e.code()).err(),
        Some("license_suspended"),
        "an import that brings stock is a stock change"
    );
    assert_eq!(money_and_stock_rows(&store.database), before);

    record_hub_contact(
        &store.database,
        system_now(),
        Some(InstanceStatus::Deactivated),
    )
    .expect("support reset the device");
    check_money_and_stock_refused(&store, "license_deactivated");
    assert_eq!(count(&store.database, "sales"), 1, "local data is kept");

    // Activating again (a fresh license) lifts the reset.
    install_test_license_with(&store.database, |_| {}).expect("re-activation");
    assert_eq!(
        license_report(&store.database)
            .expect("report")
            .state
            .code(),
        "active"
    );
    assert!(sell(&store).is_ok());
}

#[test]
fn pending_payment_keeps_selling_and_says_so() {
    let store = selling_store();
    record_hub_contact(
        &store.database,
        system_now(),
        Some(InstanceStatus::PendingPayment),
    )
    .expect("the hub reports an overdue invoice");
    assert_eq!(
        license_report(&store.database)
            .expect("report")
            .state
            .code(),
        "pending_payment"
    );
    assert!(sell(&store).is_ok(), "pending payment still sells");
}

#[test]
fn a_hub_clock_past_expiry_moves_the_store_into_grace_then_restricted() {
    let store = selling_store();
    let expires_at = match license_report(&store.database).expect("report").state {
        LicenseState::Active { expires_at } => expires_at,
        other => panic!("expected an active license, got {other:?}"),
    };
    // The hub's clock is trusted: the system clock cannot pull the store back from it.
    record_hub_contact(&store.database, expires_at + DAY + 60, None).expect("contact");
    let report = license_report(&store.database).expect("report");
    assert!(
        matches!(
            report.state,
            LicenseState::Grace {
                days_left: 5,
                hours_left: 23,
                ..
            }
        ),
        "{:?}",
        report.state
    );
    assert!(
        report.clock_tampering,
        "a system clock a year behind the hub is reported"
    );
    assert!(sell(&store).is_ok(), "grace still sells");

    record_hub_contact(&store.database, expires_at + 8 * DAY, None).expect("contact");
    assert_eq!(
        license_report(&store.database)
            .expect("report")
            .state
            .code(),
        "restricted"
    );
    check_money_and_stock_refused(&store, "license_restricted");
}

#[test]
fn an_older_license_does_not_replace_a_newer_one() {
    let store = selling_store();
    let device = recorded_device_id_of(&store.database);
    let mut older = test_license_claims(device);
    older.iat -= DAY;
    older.nbf -= DAY;
    let refused = install_license(&store.database, &sign_test_license(&older).expect("sign"))
        .expect_err("a replayed older license");
    assert_eq!(refused.code(), "license_older_than_installed");
}
