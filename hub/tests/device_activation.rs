//! Activating devices through the router as the runtime role: a signed license with the
//! tenant's entitlements, single-use and expiring codes, the seat limit (also when
//! activations race for the last seat), and re-activation after a reset.

mod common;

use axum::http::StatusCode;
use common::devices::{DeviceHub, TestDevice, activated};
use fflow_hub::audit::ActorKind;
use fflow_hub::auth::unix_now;
use fflow_hub::devices::create_activation_code;
use fflow_hub::tenancy::begin_for_tenant;
use fflow_protocol::license::{LICENSE_ISSUER, LicenseExpectations, LicenseStatus, verify_license};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

const DAY: i64 = 24 * 60 * 60;

#[sqlx::test]
async fn activation_answers_a_license_signed_with_the_tenants_entitlements(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 3, 30).await;
    let router = &hub.router;
    let code = hub.code().await;
    let before = unix_now();
    let answer = TestDevice::new(1).activate(router, &code, 0).await;
    let (tenant, device) = activated(&answer);
    assert_eq!(tenant, hub.alpha.0, "the code names the tenant");
    assert_eq!(answer.body["epoch"], 1, "a first install starts epoch 1");
    let server_time_ms = answer.body["server_time_ms"].as_i64().expect("hub time");
    assert!(
        server_time_ms >= before * 1000,
        "the hub's time in ms feeds the store's trusted clock"
    );
    let license = verify_license(
        answer.body["license"].as_str().expect("a license"),
        &hub.trusted,
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(device),
            now: unix_now(),
        },
    )
    .expect("the license verifies with the hub's public key, for this device");
    let claims = license.claims;
    assert_eq!(
        (
            claims.tenant,
            claims.plan.as_str(),
            claims.seats,
            claims.status
        ),
        (
            hub.alpha.0,
            format!("pro-{}", hub.alpha.0.simple()).as_str(),
            3,
            LicenseStatus::Active
        ),
        "the license carries the tenant, its plan and its seats (the override, not the plan's 10)"
    );
    assert_eq!(claims.entitlements.features, vec!["grooming".to_owned()]);
    assert_eq!(claims.exp - claims.iat, 30 * DAY, "validity as configured");
    assert!(claims.grace_days > 0, "a grace period follows expiry");
}

#[sqlx::test]
async fn used_expired_and_unknown_codes_are_refused_each_with_its_code(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let router = &hub.router;
    let code = hub.code().await;
    activated(&TestDevice::new(1).activate(router, &code, 0).await);

    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    let expired = create_activation_code(
        &mut transaction,
        hub.alpha,
        Some(1),
        ActorKind::Operator,
        "test",
        unix_now() - 2 * 60 * 60,
    )
    .await
    .expect("a code made two hours ago for one hour");
    transaction.commit().await.expect("commit");

    let cases = [
        (code.as_str(), StatusCode::CONFLICT, "activation_code_used"),
        (
            expired.code.as_str(),
            StatusCode::CONFLICT,
            "activation_code_expired",
        ),
        (
            "AAAA-BBBB-CCCC-DDDD",
            StatusCode::UNAUTHORIZED,
            "activation_code_invalid",
        ),
    ];
    for (code, status, error_code) in cases {
        let answer = TestDevice::new(2).activate(router, code, 0).await;
        assert_eq!(
            (answer.status, answer.code()),
            (status, error_code),
            "{code}: {}",
            answer.body
        );
    }
    assert_eq!(
        hub.active_devices().await,
        2,
        "refused activations took no seat (the fixture's device and machine 1 hold them)"
    );
}

#[sqlx::test]
async fn a_full_tenant_refuses_with_seats_exhausted_and_keeps_the_code(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    // The fixture's device holds one of the two seats.
    let hub = DeviceHub::start(&connect_options, 2, 30).await;
    let router = &hub.router;
    let first = hub.code().await;
    let (_, device) = activated(&TestDevice::new(1).activate(router, &first, 0).await);

    let second = hub.code().await;
    let refused = TestDevice::new(2).activate(router, &second, 0).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "seats_exhausted"),
        "{}",
        refused.body
    );
    let reset = hub.change(device, "reset", "moved to a new PC").await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    activated(&TestDevice::new(2).activate(router, &second, 0).await);
    assert_eq!(
        hub.active_devices().await,
        2,
        "the refused code stayed unused and took the seat the reset freed"
    );
}

#[sqlx::test]
async fn activations_racing_for_the_last_seat_let_only_one_win(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 2, 30).await;
    let router = &hub.router;
    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(hub.code().await);
    }
    // Hold every code of the tenant locked, so that the four activations all start and
    // then wait at the same point: released together, they race for real rather than
    // finishing one by one because the first happened to be quick.
    let mut gate = hub.owner.begin().await.expect("begin");
    sqlx::query("SELECT 1 FROM activation_codes WHERE tenant_id = $1 FOR UPDATE")
        .bind(hub.alpha.0)
        .execute(&mut *gate)
        .await
        .expect("lock the codes");
    let mut racers = Vec::new();
    for (machine, code) in (1..=4).zip(codes) {
        let router = router.clone();
        racers.push(tokio::spawn(async move {
            TestDevice::new(machine).activate(&router, &code, 0).await
        }));
    }
    // An activation that ends without reaching the gate (a bug) must not hang the test:
    // stop waiting, and let the outcomes below say what happened.
    while waiting_on_locks(&hub.owner).await < 4
        && !racers.iter().any(tokio::task::JoinHandle::is_finished)
    {
        tokio::task::yield_now().await;
    }
    gate.rollback().await.expect("release the codes");
    let mut outcomes = Vec::new();
    for racer in racers {
        let answer = racer.await.expect("the activation task ends");
        outcomes.push((answer.status, answer.code().to_owned()));
    }
    outcomes.sort();
    let refused = (StatusCode::CONFLICT, "seats_exhausted".to_owned());
    assert_eq!(
        outcomes,
        vec![
            (StatusCode::OK, String::new()),
            refused.clone(),
            refused.clone(),
            refused
        ],
        "one seat was left: exactly one activation may take it"
    );
    assert_eq!(hub.active_devices().await, 2, "never over the limit");
}

/// Backends of this database waiting for a lock.
async fn waiting_on_locks(owner: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .fetch_one(owner)
    .await
    .expect("read pg_stat_activity")
}

#[sqlx::test]
async fn the_same_machine_after_a_reset_takes_a_seat_again_with_a_new_epoch(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let router = &hub.router;
    let machine = TestDevice::new(1);
    let first = machine.activate(router, &hub.code().await, 0).await;
    let (_, device) = activated(&first);
    let seats_before = hub.active_devices().await;
    let reset = hub.change(device, "reset", "reinstalled").await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(
        hub.active_devices().await,
        seats_before - 1,
        "reset frees the seat"
    );

    let again = machine
        .reinstalled(9)
        .activate(router, &hub.code().await, 1)
        .await;
    let (_, same_device) = activated(&again);
    assert_eq!(same_device, device, "the machine keeps its device id");
    assert_eq!(
        again.body["epoch"], 2,
        "a new epoch, so its restarted sequence numbers start a new stream"
    );
    assert_eq!(hub.active_devices().await, seats_before, "and a seat again");
}

#[sqlx::test]
async fn malformed_activation_requests_are_refused_with_422(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let router = &hub.router;
    let code = hub.code().await;
    let mut short_key = TestDevice::new(1);
    short_key.fingerprint = "short".to_owned();
    let answer = short_key.activate(router, &code, 0).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_device_request"),
        "{}",
        answer.body
    );
    activated(&TestDevice::new(1).activate(router, &code, 0).await);
}

#[sqlx::test]
async fn a_reinstall_on_an_active_machine_keeps_its_seat_and_ends_the_old_install(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    // Two seats: the fixture's device and this machine. A reinstall must not need a third.
    let hub = DeviceHub::start(&connect_options, 2, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device, old_token) = hub.activate_with_token(&machine).await;
    let reinstalled = machine.reinstalled(5);
    let again = reinstalled
        .activate(&hub.router, &hub.code().await, 0)
        .await;
    let (_, same_device) = activated(&again);
    assert_eq!(
        (same_device, &again.body["epoch"]),
        (device, &2.into()),
        "the same device, in a new epoch"
    );
    assert_eq!(
        hub.active_devices().await,
        2,
        "the seat it held, not another"
    );
    let old_install = common::devices::heartbeat(&hub.router, &old_token).await;
    assert_eq!(
        old_install.code(),
        "device_reset",
        "the old install's token stops working"
    );
    let old_key = machine.token(&hub.router, tenant, device).await;
    assert_eq!(
        old_key.code(),
        "device_signature_invalid",
        "and its key no longer earns tokens"
    );
}
