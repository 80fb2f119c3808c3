//! Applying the hub's commands to a store on a real SQLite file: master data by code and
//! SKU, the inbox that makes a second delivery a no-op, the quarantine that keeps a bad
//! command from stopping the feed, license renewals and resets, and the snapshot.

mod support;

use fflow_core::StoreDatabase;
use fflow_core::licensing::test_support::{sign_test_license, test_license_claims};
use fflow_core::licensing::{LicenseState, license_report, recorded_device_id};
use fflow_core::stock::{MovementReason, adjust_stock};
use fflow_core::sync::{
    PageOutcome, apply_command_page, apply_snapshot, quarantined_commands, sync_status,
};
use fflow_protocol::sync::{Snapshot, SyncCommand};
use serde_json::{Value, json};
use support::{Store, command_cursor, count, hub_command_effects, store};
use uuid::{NoContext, Timestamp, Uuid};

fn command(cursor: i64, kind: &str, payload: Value) -> SyncCommand {
    SyncCommand {
        cursor,
        id: Uuid::now_v7(),
        kind: kind.to_owned(),
        payload,
    }
}

fn pix_renamed(cursor: i64) -> SyncCommand {
    command(
        cursor,
        "payment_method.upserted",
        json!({"code": "pix", "label": "PIX na hora", "kind": "pix", "active": true, "position": 9}),
    )
}

fn apply(database: &StoreDatabase, commands: &[SyncCommand]) -> PageOutcome {
    let next_cursor = commands.last().map_or(0, |last| last.cursor);
    apply_command_page(database, commands, next_cursor).expect("the page is applied")
}

fn payment_method(database: &StoreDatabase, code: &str) -> Option<(String, String, bool, i64)> {
    database
        .read(|connection| {
            let mut statement = connection.prepare(
                "SELECT label, kind, active, position FROM payment_methods WHERE code = ?1",
            )?;
            let mut rows = statement.query_map([code], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
            Ok(rows.next().transpose()?)
        })
        .expect("read a payment method")
}

/// (price in cents, stock on hand in thousandths) of a product.
fn price_and_stock(store: &Store, product_id: &str) -> (i64, i64) {
    store
        .database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT price_cents, stock_on_hand_milli FROM products WHERE id = ?1",
                [product_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("read a product")
}

#[test]
fn a_payment_method_command_applies_once_however_often_it_is_delivered() {
    let store = store();
    let renamed = pix_renamed(1);
    let added = command(
        2,
        "payment_method.upserted",
        json!({"code": "voucher", "label": "Vale", "kind": "other", "active": false, "position": 7}),
    );
    let first = apply(&store.database, &[renamed.clone(), added.clone()]);
    assert_eq!((first.applied, first.duplicates), (2, 0), "{first:?}");
    assert_eq!(
        payment_method(&store.database, "pix"),
        Some(("PIX na hora".to_owned(), "pix".to_owned(), true, 9)),
        "an existing method is updated by its code"
    );
    assert_eq!(
        payment_method(&store.database, "voucher"),
        Some(("Vale".to_owned(), "other".to_owned(), false, 7)),
        "a new code is inserted"
    );
    assert_eq!(
        hub_command_effects(&store.database),
        (2, 2),
        "each change is audited and in the inbox"
    );

    let again = apply(&store.database, &[renamed, added]);
    assert_eq!(
        (again.applied, again.duplicates),
        (0, 2),
        "the inbox knows both commands: {again:?}"
    );
    assert_eq!(
        hub_command_effects(&store.database),
        (2, 2),
        "a second delivery leaves no second audit row"
    );
    assert_eq!(command_cursor(&store.database), 2);
}

#[test]
fn a_price_command_sets_the_price_by_sku_and_leaves_stock_alone() {
    let store = store();
    adjust_stock(
        &store.database,
        &store.kibble,
        12_000,
        MovementReason::Receipt,
        "NF 1",
        &store.manager.id,
    )
    .expect("receive stock");
    let movements_before = count(&store.database, "stock_movements");
    let outcome = apply(
        &store.database,
        &[command(
            4,
            "product.price_set",
            json!({"sku": "SKU-1", "price_cents": 1290}),
        )],
    );
    assert_eq!(outcome.applied, 1, "{outcome:?}");
    assert_eq!(
        price_and_stock(&store, &store.kibble),
        (1290, 12_000),
        "the price changes, the stock on hand does not"
    );
    assert_eq!(
        count(&store.database, "stock_movements"),
        movements_before,
        "a price change writes no stock movement"
    );
    let audit: (String, String) = store
        .database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT before, after FROM audit_log
                 WHERE actor_id = 'hub' AND action = 'product.price_changed'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("one audit row by the hub");
    assert!(
        audit.0.contains("1000") && audit.1.contains("1290"),
        "the audit row has the price before and after: {audit:?}"
    );
}

/// A page with `bad` between two good commands: `bad` is quarantined with
/// `expected_reason`, the good ones apply, and the cursor passes all three.
fn check_quarantined(bad_kind: &str, bad_payload: Value, expected_reason: &str) {
    let store = store();
    let before = command(
        1,
        "product.price_set",
        json!({"sku": "SKU-1", "price_cents": 1100}),
    );
    let bad = command(2, bad_kind, bad_payload);
    let after = pix_renamed(3);
    let outcome = apply(&store.database, &[before, bad.clone(), after]);
    assert_eq!(
        (outcome.applied, outcome.quarantined),
        (2, 1),
        "{bad_kind}: {outcome:?}"
    );
    let quarantined = quarantined_commands(&store.database).expect("the quarantine");
    assert_eq!(quarantined.len(), 1, "{bad_kind}: {quarantined:?}");
    assert_eq!(
        (
            quarantined[0].command_id.as_str(),
            quarantined[0].cursor,
            quarantined[0].reason_code.as_str()
        ),
        (bad.id.to_string().as_str(), 2, expected_reason),
        "{bad_kind}: {quarantined:?}"
    );
    assert!(!quarantined[0].reason.is_empty());
    assert_eq!(price_and_stock(&store, &store.kibble).0, 1100, "{bad_kind}");
    assert_eq!(
        payment_method(&store.database, "pix").map(|method| method.0),
        Some("PIX na hora".to_owned()),
        "{bad_kind}: the command after the bad one is applied"
    );
    assert_eq!(
        command_cursor(&store.database),
        3,
        "{bad_kind}: the cursor moves past it"
    );
    assert_eq!(
        sync_status(&store.database)
            .expect("status")
            .quarantined_commands,
        1,
        "{bad_kind}: the status counts it"
    );
    let again = apply(&store.database, &[bad]);
    assert_eq!(
        (again.quarantined, again.duplicates),
        (0, 1),
        "{bad_kind}: a quarantined command delivered again is not quarantined twice"
    );
}

#[test]
fn commands_that_cannot_be_applied_are_quarantined_and_the_page_goes_on() {
    check_quarantined(
        "loyalty.points_granted",
        json!({"points": 5}),
        "unknown_kind",
    );
    check_quarantined(
        "payment_method.upserted",
        json!({"code": "pix", "label": "PIX", "kind": "bitcoin", "active": true, "position": 1}),
        "invalid_payload",
    );
    check_quarantined(
        "payment_method.upserted",
        json!({"code": "pix", "label": "  ", "kind": "pix", "active": true, "position": 1}),
        "invalid_payload",
    );
    check_quarantined(
        "product.price_set",
        json!({"sku": "NOT-SOLD-HERE", "price_cents": 500}),
        "unknown_sku",
    );
    check_quarantined(
        "product.price_set",
        json!({"sku": "SKU-2", "price_cents": -1}),
        "invalid_payload",
    );
    check_quarantined(
        "license.renewed",
        json!({"token": "not.a.license"}),
        "license_invalid",
    );
    let other_device = sign_test_license(&test_license_claims(Uuid::now_v7())).expect("sign");
    check_quarantined(
        "license.renewed",
        json!({"token": other_device}),
        "license_invalid",
    );
    check_quarantined(
        "device.reset",
        json!({"why": "no reason field"}),
        "invalid_payload",
    );
}

#[test]
fn a_renewed_license_is_installed_through_the_licensing_path() {
    let store = store();
    let device = store
        .database
        .read(recorded_device_id)
        .expect("read")
        .expect("an identity");
    let mut claims = test_license_claims(device);
    claims.plan = "renewed-plan".to_owned();
    claims.iat += 30;
    let token = sign_test_license(&claims).expect("sign");
    let outcome = apply(
        &store.database,
        &[command(1, "license.renewed", json!({ "token": token }))],
    );
    assert_eq!(outcome.applied, 1, "{outcome:?}");
    let report = license_report(&store.database).expect("report");
    assert_eq!(report.plan.as_deref(), Some("renewed-plan"));
    assert!(matches!(report.state, LicenseState::Active { .. }));
}

#[test]
fn a_reset_deactivates_the_store_and_keeps_its_data_unless_a_newer_license_came_since() {
    let store = store();
    let products = count(&store.database, "products");
    let an_hour_ago = Timestamp::from_unix(
        NoContext,
        u64::try_from(fflow_core::licensing::system_now() - 3600).expect("after 1970"),
        0,
    );
    let stale = SyncCommand {
        id: Uuid::new_v7(an_hour_ago),
        ..command(1, "device.reset", json!({"reason": "old ticket"}))
    };
    let outcome = apply(&store.database, &[stale]);
    assert!(!outcome.device_reset, "{outcome:?}");
    assert!(
        matches!(
            license_report(&store.database).expect("report").state,
            LicenseState::Active { .. }
        ),
        "a reset from before the installed license was issued changes nothing"
    );

    let outcome = apply(
        &store.database,
        &[command(2, "device.reset", json!({"reason": "ticket 42"}))],
    );
    assert!(outcome.device_reset, "{outcome:?}");
    assert_eq!(
        license_report(&store.database).expect("report").state,
        LicenseState::Deactivated
    );
    assert_eq!(count(&store.database, "products"), products, "data is kept");
}

#[test]
fn a_snapshot_sets_master_data_and_the_cursor_and_audits_only_changes() {
    let store = store();
    apply(&store.database, &[pix_renamed(1)]);
    let snapshot: Snapshot = serde_json::from_value(json!({
        "cursor": 40,
        "payment_methods": [
            {"code": "pix", "label": "PIX na hora", "kind": "pix", "active": true, "position": 9},
            {"code": "credit", "label": "Crédito", "kind": "card", "active": false, "position": 3}
        ],
        "prices": [
            {"sku": "SKU-1", "price_cents": 1000},
            {"sku": "SKU-2", "price_cents": 4290},
            {"sku": "ONLY-AT-THE-HUB", "price_cents": 100}
        ]
    }))
    .expect("a snapshot");
    let audit_rows = count(&store.database, "audit_log");
    let outcome = apply_snapshot(&store.database, &snapshot).expect("applied");
    assert_eq!(
        (outcome.changed, outcome.skipped),
        (2, 1),
        "credit and SKU-2 changed; pix and SKU-1 already matched; one SKU is not sold here"
    );
    assert_eq!(count(&store.database, "audit_log"), audit_rows + 2);
    assert_eq!(
        payment_method(&store.database, "credit").map(|method| method.2),
        Some(false)
    );
    assert_eq!(price_and_stock(&store, &store.bulk_food).0, 4290);
    assert_eq!(command_cursor(&store.database), 40);
    apply_command_page(&store.database, &[], 12).expect("an empty page");
    assert_eq!(
        command_cursor(&store.database),
        40,
        "the cursor never moves back"
    );
}
