//! Entitlement limits from the license (till users, products; a refused import writes
//! nothing) and the log of status checks against the hub, on a real SQLite file.

mod support;

use fflow_core::StoreDatabase;
use fflow_core::catalog::csv_import::import_products_csv;
use fflow_core::catalog::products::create_product;
use fflow_core::licensing::test_support::install_test_license_with;
use fflow_core::licensing::{
    CheckKind, InstanceStatus, LicenseCheck, recent_license_checks, record_license_check,
};
use fflow_core::people::{Role, create_till_user};
use support::{count, product, store};

#[test]
fn the_license_limits_till_users_and_products() {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    install_test_license_with(&database, |claims| {
        claims.entitlements.max_users = 2;
        claims.entitlements.max_products = 2;
    })
    .expect("activate");
    create_till_user(&database, "Ana", Role::Cashier, "1234").expect("first user");
    create_till_user(&database, "Bia", Role::Manager, "4321").expect("second user");
    let refused = create_till_user(&database, "Caio", Role::Cashier, "1111").expect_err("third");
    assert_eq!(refused.code(), "user_limit_reached");
    assert!(
        refused.to_string().contains("at most 2 till users"),
        "{refused}"
    );
    assert_eq!(
        count(&database, "till_users"),
        2,
        "the refused user was not written"
    );

    create_product(&database, &product("A", "Ração A", 100, 0, &[]), None).expect("first");
    let csv = "sku,name,unit,price_cents\nB,Ração B,un,100\nC,Ração C,un,100\n";
    let refused = import_products_csv(&database, csv.as_bytes(), false, None, &mut |_| {})
        .expect_err("an import past the limit");
    assert_eq!(refused.code(), "product_limit_reached");
    assert_eq!(
        count(&database, "products"),
        1,
        "the whole import rolled back"
    );
    create_product(&database, &product("B", "Ração B", 100, 0, &[]), None).expect("second");
    let refused = create_product(&database, &product("C", "Ração C", 100, 0, &[]), None)
        .expect_err("third product");
    assert_eq!(refused.code(), "product_limit_reached");
    assert_eq!(count(&database, "products"), 2);
}

#[test]
fn status_checks_are_logged_and_read_newest_first() {
    let store = store();
    let check = |kind, success, status, error: Option<&str>, at| LicenseCheck {
        kind,
        success,
        status_received: status,
        error: error.map(str::to_owned),
        response_time_ms: success.then_some(120),
        checked_at: at,
    };
    let checks = [
        check(
            CheckKind::Activation,
            true,
            Some(InstanceStatus::Active),
            None,
            1,
        ),
        check(CheckKind::StartUp, false, None, Some("hub unreachable"), 2),
        check(
            CheckKind::Scheduled,
            true,
            Some(InstanceStatus::Suspended),
            None,
            3,
        ),
    ];
    for entry in &checks {
        record_license_check(&store.database, entry).expect("record");
    }
    let read = recent_license_checks(&store.database, 2).expect("read");
    assert_eq!(read, vec![checks[2].clone(), checks[1].clone()]);
    assert_eq!(
        recent_license_checks(&store.database, 10)
            .expect("read")
            .len(),
        3
    );
}
