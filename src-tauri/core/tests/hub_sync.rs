//! The store against the real hub binary on a real PostgreSQL: activation with a code
//! from the hub's CLI, device tokens, heartbeats and the outbox push, including a hub that
//! is down while the counter keeps selling.

#[path = "support/hub_process.rs"]
mod hub_process;
#[path = "support/hub_store.rs"]
mod hub_store;
mod support;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fflow_core::cash::open_session;
use fflow_core::hub_client::{activate, check_status};
use fflow_core::licensing::{
    CheckKind, InstanceStatus, LicenseState, license_report, recent_license_checks,
    recorded_device_id,
};
use fflow_core::sync::{SyncTaskSettings, push_outbox, run_sync, sync_status};
use hub_process::{TestHub, psql};
use hub_store::{
    fresh_store, projected_sales_at_hub, sale_events_at_hub, sales_in_store, sell, selling_store,
};
use support::{count, stocked_store};

#[tokio::test]
async fn a_store_activated_with_a_hub_code_takes_the_hub_device_id_and_sells() {
    let mut hub = TestHub::with_seats(2);
    let base = hub.start();
    let (folder, database, client) = fresh_store(&base);
    let activation = activate(&client, &database, &hub.activation_code(), "Caixa 1")
        .await
        .expect("the hub activates the store");
    assert_eq!(
        database.read(recorded_device_id).expect("read"),
        Some(activation.device_id),
        "the store adopts the id the hub minted, so the hub's license names this device"
    );
    assert!(
        matches!(activation.license.state, LicenseState::Active { .. }),
        "{:?}",
        activation.license.state
    );
    let devices = hub.operator(&["device", "list", "--tenant", &hub.tenant_id], None);
    assert!(
        devices.contains(&activation.device_id.to_string()),
        "the hub lists the device: {devices}"
    );
    let checks = recent_license_checks(&database, 10).expect("the status-check log");
    assert!(
        checks
            .iter()
            .any(|check| check.kind == CheckKind::Activation && check.success),
        "the activation is logged: {checks:?}"
    );
    let store = stocked_store(folder, database);
    open_session(&store.database, &store.cashier.id, 10_000).expect("open a session");
    sell(&store).expect("an activated store sells");
    let beat = check_status(&client, &store.database, CheckKind::OnDemand)
        .await
        .expect("a heartbeat with a device token");
    assert_eq!(beat.status, InstanceStatus::Active);
    assert!(!beat.license_renewed, "a fresh license is not renewed");
    let in_store: String = store
        .database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT (SELECT count(*) FROM till_users WHERE active = 1) || '|' ||
                        (SELECT count(*) FROM products) || '|' || (SELECT count(*) FROM sales)",
                [],
                |row| row.get(0),
            )?)
        })
        .expect("count the store's rows");
    assert_eq!(
        psql(
            &hub.database_url,
            "SELECT usage_till_users || '|' || usage_products || '|' || usage_sales_completed \
             FROM devices",
        ),
        in_store,
        "the heartbeat reported the store's till users, products and sales"
    );

    // The hub's record says the license runs out within the hour: it sends a new one.
    psql(
        &hub.database_url,
        "UPDATE devices SET license_expires_at = now() + interval '1 hour'",
    );
    let beat = check_status(&client, &store.database, CheckKind::Scheduled)
        .await
        .expect("a heartbeat");
    assert!(beat.license_renewed, "the renewed license is installed");
    let checks = recent_license_checks(&store.database, 10).expect("log");
    assert!(
        checks.iter().any(|check| check.kind == CheckKind::Scheduled
            && check.success
            && check.status_received == Some(InstanceStatus::Active)
            && check.response_time_ms.is_some()),
        "heartbeats are logged with status and response time: {checks:?}"
    );
    sell(&store).expect("the renewed license sells");
}

#[tokio::test]
async fn sales_made_while_the_hub_is_down_reach_it_exactly_once() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = selling_store(&hub, &base).await;
    sell(&store).expect("a sale while the hub is up");
    push_outbox(&client, &store.database)
        .await
        .expect("the first sale is pushed");
    assert_eq!(sale_events_at_hub(&hub), (1, 1));

    hub.stop();
    const SALES_OFFLINE: i64 = 500;
    for _ in 0..SALES_OFFLINE {
        sell(&store).expect("the counter sells without the hub");
    }
    let error = push_outbox(&client, &store.database)
        .await
        .expect_err("nobody answers at the hub's address");
    assert_eq!(error.code(), "hub_unreachable");
    let waiting = sync_status(&store.database).expect("status");
    assert!(
        waiting.pending_events >= SALES_OFFLINE && waiting.oldest_pending_age_ms.is_some(),
        "{waiting:?}"
    );
    assert!(
        waiting
            .last_error
            .as_deref()
            .is_some_and(|error| error.starts_with("hub_unreachable")),
        "the UI is told why: {waiting:?}"
    );

    hub.start();
    push_outbox(&client, &store.database)
        .await
        .expect("the backlog drains once the hub is back");
    assert_eq!(
        sale_events_at_hub(&hub),
        (1 + SALES_OFFLINE, 1 + SALES_OFFLINE),
        "every sale arrives, none twice"
    );
    assert_eq!(
        projected_sales_at_hub(&hub),
        sales_in_store(&store.database),
        "the hub's sales report counts every sale once, with the same totals"
    );
    let drained = sync_status(&store.database).expect("status");
    assert_eq!(drained.pending_events, 0, "{drained:?}");
    assert!(drained.last_error.is_none() && drained.last_success_at.is_some());

    // Acknowledgements lost on the way back: the store sends everything again.
    store
        .database
        .write(|transaction| Ok(transaction.execute("UPDATE outbox SET acked_at = NULL", [])?))
        .expect("forget the acknowledgements");
    let resent = push_outbox(&client, &store.database)
        .await
        .expect("a resend is accepted");
    assert!(
        resent.events_sent > 0 && resent.events_acknowledged > SALES_OFFLINE as u64,
        "events went again and the hub's answer acknowledged them all: {resent:?}"
    );
    assert_eq!(
        sale_events_at_hub(&hub),
        (1 + SALES_OFFLINE, 1 + SALES_OFFLINE),
        "a resent event is stored once"
    );
    assert_eq!(
        projected_sales_at_hub(&hub),
        sales_in_store(&store.database),
        "a resent sale is projected once"
    );
    assert_eq!(count(&store.database, "outbox WHERE acked_at IS NULL"), 0);
}

#[tokio::test]
async fn refused_activations_give_the_hub_code_and_change_nothing() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (_first_folder, first, first_client) = fresh_store(&base);
    let used_code = hub.activation_code();
    activate(&first_client, &first, &used_code, "Caixa 1")
        .await
        .expect("the first activation takes the only seat");

    let expired_code = hub.activation_code();
    psql(
        &hub.database_url,
        "UPDATE activation_codes SET expires_at = now() - interval '1 hour' WHERE used_at IS NULL",
    );
    let (_folder, database, client) = fresh_store(&base);
    for (code, expected) in [
        (used_code.as_str(), "activation_code_used"),
        (expired_code.as_str(), "activation_code_expired"),
        ("NOT-A-CODE", "activation_code_invalid"),
    ] {
        let error = activate(&client, &database, code, "Caixa 2")
            .await
            .expect_err("refused");
        assert_eq!(error.code(), expected, "{code}: {error}");
    }

    // Support frees the first store's seat and another machine takes it, so this one
    // (which shares the first store's machine) finds none.
    let other_machine = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    hub.reset_device(
        &first
            .read(recorded_device_id)
            .expect("read")
            .expect("id")
            .to_string(),
        "moved to another machine",
    );
    let taken = reqwest::Client::new()
        .post(format!("{base}/v1/devices/activate"))
        .json(&serde_json::json!({
            "code": hub.activation_code(),
            "fingerprint_hash": "another-machine-fingerprint",
            "public_key": URL_SAFE_NO_PAD.encode(other_machine.verifying_key().to_bytes()),
            "device_name": "Caixa 9",
            "epoch": 0,
        }))
        .send()
        .await
        .expect("the hub answers");
    assert_eq!(taken.status(), 200, "{:?}", taken.text().await);
    let error = activate(&client, &database, &hub.activation_code(), "Caixa 2")
        .await
        .expect_err("no seat left");
    assert_eq!(error.code(), "seats_exhausted", "{error}");

    let report = license_report(&database).expect("report");
    assert_eq!(
        report.state,
        LicenseState::NotActivated,
        "a refused activation installs nothing"
    );
    assert_eq!(count(&database, "hub_link"), 0);
    let checks = recent_license_checks(&database, 10).expect("log");
    assert!(
        checks.iter().filter(|check| !check.success).count() >= 4,
        "every refused attempt is logged: {checks:?}"
    );

    hub.stop();
    let error = activate(&client, &database, &hub.activation_code(), "Caixa 2")
        .await
        .expect_err("the hub is down");
    assert_eq!(error.code(), "hub_unreachable");
}

#[tokio::test]
async fn a_support_reset_deactivates_the_store_at_its_next_heartbeat_and_keeps_its_data() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = selling_store(&hub, &base).await;
    sell(&store).expect("sells while active");
    let beat = check_status(&client, &store.database, CheckKind::Scheduled)
        .await
        .expect("heartbeat");
    assert_eq!(beat.status, InstanceStatus::Active);

    let device = store
        .database
        .read(recorded_device_id)
        .expect("read")
        .expect("an id");
    hub.reset_device(&device.to_string(), "the owner replaced the PC");
    let beat = check_status(&client, &store.database, CheckKind::Scheduled)
        .await
        .expect("the reset is an answer, not a failure");
    assert_eq!(beat.status, InstanceStatus::Deactivated);
    let report = license_report(&store.database).expect("report");
    assert_eq!(report.state, LicenseState::Deactivated);
    let refused = sell(&store).expect_err("a deactivated store does not sell");
    assert_eq!(refused.code(), "license_deactivated");
    assert_eq!(count(&store.database, "sales"), 1, "local data is kept");

    // A new code brings the same machine back: same device, a new event stream that
    // carries what the old one never delivered.
    let again = activate(&client, &store.database, &hub.activation_code(), "Caixa 1")
        .await
        .expect("the store activates again");
    assert_eq!(again.device_id, device, "the hub recognizes the machine");
    assert!(matches!(again.license.state, LicenseState::Active { .. }));
    sell(&store).expect("sells again");
    push_outbox(&client, &store.database)
        .await
        .expect("the new epoch is pushed");
    assert_eq!(
        sale_events_at_hub(&hub),
        (2, 2),
        "the sale made before the reset arrives in the new epoch, with the new one"
    );
}

#[tokio::test]
async fn a_sequence_gap_is_mended_by_resending_from_where_the_hub_stands() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = selling_store(&hub, &base).await;
    sell(&store).expect("sells");
    push_outbox(&client, &store.database).await.expect("push");
    // The store believes the hub holds two more sales than it does (acknowledgements
    // recorded from a hub database that was later restored, say).
    for _ in 0..2 {
        sell(&store).expect("sells");
    }
    store
        .database
        .write(|transaction| {
            Ok(transaction.execute("UPDATE outbox SET acked_at = 1 WHERE acked_at IS NULL", [])?)
        })
        .expect("mark acknowledged");
    sell(&store).expect("sells");
    push_outbox(&client, &store.database)
        .await
        .expect("the gap answer says where to resend from");
    assert_eq!(
        sale_events_at_hub(&hub),
        (4, 4),
        "the sales the hub lacked are resent; none twice"
    );
}

#[tokio::test]
async fn the_background_task_drains_new_sales_on_its_own() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = selling_store(&hub, &base).await;
    for _ in 0..3 {
        sell(&store).expect("sells");
    }
    let settings = SyncTaskSettings {
        poll_interval: Duration::from_millis(50),
        status_check_interval: Duration::from_secs(600),
        first_retry_delay: Duration::from_millis(100),
        longest_retry_delay: Duration::from_secs(1),
    };
    let drained = async {
        while sync_status(&store.database).expect("status").pending_events > 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(
        Duration::from_secs(60),
        run_sync(&client, &store.database, &settings, drained),
    )
    .await
    .expect("the task drains the outbox without being asked");
    assert_eq!(sale_events_at_hub(&hub), (3, 3));
}
