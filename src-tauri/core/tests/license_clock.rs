//! A license running out on the store's own clock, end to end: a store activated by the
//! real hub binary (on a real PostgreSQL, licenses valid one day) is opened on a manual
//! clock, which the test moves through expiry, grace and restriction, then turns back,
//! before the hub is reached again and renews the license.

#[path = "support/hub_process.rs"]
mod hub_process;
mod support;

use fflow_core::cash::open_session;
use fflow_core::catalog::lookup::find_by_barcode;
use fflow_core::hub_client::{HubClient, activate, check_status};
use fflow_core::licensing::{
    CheckKind, Clock, InstanceStatus, LicenseReport, LicenseState, TAMPERING_THRESHOLD_SECONDS,
    license_report, system_now,
};
use fflow_core::sale::complete::complete_sale;
use fflow_core::{CoreError, StoreDatabase};
use hub_process::{TestHub, psql};
use support::{Store, count, one_kibble, pay, stocked_store};

const HOUR: i64 = 60 * 60;
const DAY: i64 = 24 * HOUR;
/// The grace the hub writes into its licenses (`hub/src/licensing.rs`).
const GRACE_DAYS: i64 = 7;

fn sell(store: &Store) -> Result<(), CoreError> {
    complete_sale(&store.database, &one_kibble(store, vec![pay("cash", 1000)])).map(|_| ())
}

fn report(store: &Store) -> LicenseReport {
    license_report(&store.database).expect("the license report")
}

/// Rows a sale writes (sales, stock movements, outbox events, audit entries).
fn sale_rows(database: &StoreDatabase) -> [i64; 4] {
    ["sales", "stock_movements", "outbox", "audit_log"].map(|table| count(database, table))
}

fn expect_restricted_sale_refused(store: &Store, moment: &str) {
    let before = sale_rows(&store.database);
    let refused = sell(store).expect_err(moment);
    assert_eq!(refused.code(), "license_restricted", "{moment}: {refused}");
    assert_eq!(
        sale_rows(&store.database),
        before,
        "{moment}: a refused sale writes nothing"
    );
    assert!(
        find_by_barcode(&store.database, "7890000000017")
            .expect("look-ups keep working")
            .is_some(),
        "{moment}: look-ups still work"
    );
}

#[tokio::test]
async fn a_license_runs_into_grace_then_restriction_on_the_store_clock_and_the_hub_renews_it() {
    let mut hub = TestHub::with_seats(1);
    hub.license_validity_days = Some(1);
    let base = hub.start();
    let folder = tempfile::tempdir().expect("temp dir");
    let clock = Clock::manual(system_now());
    let database = StoreDatabase::open_with_clock(folder.path(), clock.clone())
        .expect("open the store database");
    let client = HubClient::new(&base, folder.path().to_path_buf(), false).expect("a client");
    let activated_at = system_now();
    let activation = activate(&client, &database, &hub.activation_code(), "Caixa 1")
        .await
        .expect("the hub activates the store");
    let LicenseState::Active { expires_at } = activation.license.state else {
        panic!("a fresh license is active: {:?}", activation.license.state);
    };
    assert!(
        (activated_at + DAY - 60..=activated_at + DAY + 60).contains(&expires_at),
        "the hub was told to issue one-day licenses: expires at {expires_at}, \
         activated at {activated_at}"
    );
    let store = stocked_store(folder, database);
    open_session(&store.database, &store.cashier.id, 10_000).expect("open a session");
    sell(&store).expect("an active license sells");

    clock.set(expires_at - HOUR);
    assert_eq!(report(&store).state, LicenseState::Active { expires_at });

    // Offline from here: the store cannot reach the hub while its clock runs on.
    hub.stop();
    clock.set(expires_at + HOUR);
    let unreachable = check_status(&client, &store.database, CheckKind::Scheduled)
        .await
        .expect_err("nobody answers at the hub's address");
    assert_eq!(unreachable.code(), "hub_unreachable", "{unreachable}");
    let grace = report(&store);
    let grace_ends_at = expires_at + GRACE_DAYS * DAY;
    assert_eq!(
        grace.state,
        LicenseState::Grace {
            days_left: 6,
            hours_left: 23,
            grace_ends_at
        },
        "an hour past expiry, 6 days and 23 hours of grace are left"
    );
    assert!(!grace.clock_tampering);
    sell(&store).expect("grace still sells");

    clock.set(grace_ends_at + HOUR);
    assert_eq!(
        report(&store).state,
        LicenseState::Restricted {
            grace_ended_at: grace_ends_at
        }
    );
    expect_restricted_sale_refused(&store, "after grace");

    // Turning the clock back to when the license was fresh is seen, and buys nothing.
    let turned_back = activated_at;
    assert!(turned_back < grace_ends_at + HOUR - TAMPERING_THRESHOLD_SECONDS);
    clock.set(turned_back);
    let tampered = report(&store);
    assert!(tampered.clock_tampering, "a clock turned back is reported");
    assert_eq!(
        tampered.trusted_now,
        grace_ends_at + HOUR,
        "trusted time stays at the latest reading"
    );
    assert_eq!(tampered.state.code(), "restricted");
    expect_restricted_sale_refused(&store, "with the clock turned back");

    // The hub is back; by its record the license is close to running out (as it would be
    // after this much real time), so the heartbeat brings a renewed one.
    hub.start();
    psql(
        &hub.database_url,
        "UPDATE devices SET license_expires_at = now() + interval '1 hour'",
    );
    clock.set(system_now());
    let check = check_status(&client, &store.database, CheckKind::OnDemand)
        .await
        .expect("the hub answers the heartbeat");
    assert_eq!(check.status, InstanceStatus::Active);
    assert!(
        check.license_renewed,
        "the hub renews a license near expiry"
    );
    let renewed = report(&store);
    assert!(
        !renewed.clock_tampering,
        "the hub's answer clears the report"
    );
    let LicenseState::Active {
        expires_at: renewed_expiry,
    } = renewed.state
    else {
        panic!("the renewed license is active: {:?}", renewed.state);
    };
    let hub_expiry: i64 = psql(
        &hub.database_url,
        "SELECT floor(extract(epoch FROM license_expires_at))::bigint FROM devices",
    )
    .parse()
    .expect("a time");
    assert_eq!(
        renewed_expiry, hub_expiry,
        "the store holds the license the hub just issued (a full day, not the hour left)"
    );
    assert!(renewed_expiry >= expires_at);
    let sales_before = count(&store.database, "sales");
    sell(&store).expect("selling works again");
    assert_eq!(count(&store.database, "sales"), sales_before + 1);
}
