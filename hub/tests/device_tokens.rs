//! Device tokens and the heartbeat through the router: a token only against a signature by
//! the device key over a fresh challenge; replays, foreign keys and reset or revoked
//! devices refused with their own codes; the heartbeat's statuses, hub time and renewal.

mod common;

use axum::http::StatusCode;
use common::api::address;
use common::api::call;
use common::devices::{DeviceHub, TestDevice, access_token, heartbeat};
use fflow_hub::auth::unix_now;
use fflow_protocol::license::{LICENSE_ISSUER, LicenseExpectations, verify_license};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test]
async fn a_signed_challenge_earns_a_token_that_the_heartbeat_accepts(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (_, device, token) = hub.activate_with_token(&machine).await;
    let before_ms = unix_now() * 1000;
    let beat = heartbeat(&hub.router, &token).await;
    assert_eq!(beat.status, StatusCode::OK, "{}", beat.body);
    assert_eq!(
        (
            &beat.body["instance"]["tenant_status"],
            &beat.body["instance"]["billing_status"],
            &beat.body["device_status"],
        ),
        (&"active".into(), &"paid".into(), &"active".into()),
        "{}",
        beat.body
    );
    assert!(
        beat.body["server_time_ms"].as_i64().expect("hub time") >= before_ms,
        "every answer carries the hub's time"
    );
    assert!(
        beat.body.get("renewed_license").is_none(),
        "a fresh license is not renewed: {}",
        beat.body
    );
    let this_one = hub.listed(device).await;
    assert_eq!(
        this_one["app_version"], "0.1.0",
        "the heartbeat is recorded"
    );
    assert!(this_one["last_seen_at"].as_i64().is_some());
    let wrong_kind = call(&hub.router, "GET", "/v1/me", Some(&token), None, address(2)).await;
    assert_eq!(
        (wrong_kind.status, wrong_kind.code()),
        (StatusCode::UNAUTHORIZED, "invalid_access_token"),
        "a device token is no user's access token"
    );
}

#[sqlx::test]
async fn replays_foreign_keys_and_stale_challenges_are_refused_with_distinct_codes(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device) = hub.activate(&machine).await;
    let router = &hub.router;

    let challenge = machine.challenge(router, tenant, device).await;
    let nonce = challenge.body["nonce"].as_str().expect("nonce").to_owned();
    let signature = machine.sign(device, &nonce);
    access_token(
        &machine
            .exchange(router, tenant, device, &nonce, &signature)
            .await,
    );
    let replay = machine
        .exchange(router, tenant, device, &nonce, &signature)
        .await;
    assert_eq!(
        (replay.status, replay.code()),
        (StatusCode::UNAUTHORIZED, "challenge_invalid"),
        "a nonce works once: {}",
        replay.body
    );

    let impostor = TestDevice::new(7);
    let challenge = machine.challenge(router, tenant, device).await;
    let nonce = challenge.body["nonce"].as_str().expect("nonce").to_owned();
    let forged = impostor.sign(device, &nonce);
    let refused = machine
        .exchange(router, tenant, device, &nonce, &forged)
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNAUTHORIZED, "device_signature_invalid"),
        "another key's signature proves nothing: {}",
        refused.body
    );
    let retried = machine
        .exchange(
            router,
            tenant,
            device,
            &nonce,
            &machine.sign(device, &nonce),
        )
        .await;
    assert_eq!(
        retried.code(),
        "challenge_invalid",
        "a challenge spent on a wrong signature cannot be retried"
    );

    sqlx::query("UPDATE device_challenges SET expires_at = now() - interval '1 second'")
        .execute(&hub.owner)
        .await
        .expect("age the challenges");
    let challenge = machine.challenge(router, tenant, device).await;
    let nonce = challenge.body["nonce"].as_str().expect("nonce").to_owned();
    sqlx::query("UPDATE device_challenges SET expires_at = now() - interval '1 second'")
        .execute(&hub.owner)
        .await
        .expect("let the challenge expire");
    let late = machine
        .exchange(
            router,
            tenant,
            device,
            &nonce,
            &machine.sign(device, &nonce),
        )
        .await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::UNAUTHORIZED, "challenge_expired"),
        "{}",
        late.body
    );
    let wrong_tenant = machine
        .challenge(router, uuid::Uuid::now_v7(), device)
        .await;
    assert_eq!(
        (wrong_tenant.status, wrong_tenant.code()),
        (StatusCode::UNAUTHORIZED, "device_unknown"),
        "a device is found only in its own tenant"
    );
}

#[sqlx::test]
async fn after_a_reset_or_revocation_the_device_is_told_so_everywhere(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let router = &hub.router;
    for (change, code) in [("reset", "device_reset"), ("revoke", "device_revoked")] {
        let machine = TestDevice::new(if change == "reset" { 1 } else { 2 });
        let (tenant, device) = hub.activate(&machine).await;
        let token = access_token(&machine.token(router, tenant, device).await);
        let pending = machine.challenge(router, tenant, device).await;
        let nonce = pending.body["nonce"].as_str().expect("nonce").to_owned();

        let missing_reason = hub.change(device, change, "  ").await;
        assert_eq!(
            (missing_reason.status, missing_reason.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "reason_required"),
            "{change} needs a reason"
        );
        let changed = hub.change(device, change, "ticket 4711").await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

        let beat = heartbeat(router, &token).await;
        let challenge = machine.challenge(router, tenant, device).await;
        let exchange = machine
            .exchange(
                router,
                tenant,
                device,
                &nonce,
                &machine.sign(device, &nonce),
            )
            .await;
        for (what, answer) in [
            ("heartbeat", beat),
            ("challenge", challenge),
            ("exchange", exchange),
        ] {
            assert_eq!(
                (answer.status, answer.code()),
                (StatusCode::UNAUTHORIZED, code),
                "after {change}, the {what} must say so: {}",
                answer.body
            );
        }
        let reason: Option<String> = sqlx::query_scalar(
            "SELECT reason FROM audit_log WHERE action = $1 AND after->>'device' = $2",
        )
        .bind(format!("device.{change}"))
        .bind(device.to_string())
        .fetch_optional(&hub.owner)
        .await
        .expect("read the audit log");
        assert_eq!(
            reason.as_deref(),
            Some("ticket 4711"),
            "{change} is audited with its reason"
        );
    }
}

#[sqlx::test]
async fn a_token_of_an_earlier_activation_is_refused(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device) = hub.activate(&machine).await;
    let old_token = access_token(&machine.token(&hub.router, tenant, device).await);
    hub.change(device, "reset", "restored from a backup").await;
    let restored = machine.reinstalled(8);
    hub.activate(&restored).await;
    let answer = heartbeat(&hub.router, &old_token).await;
    assert_eq!(
        answer.code(),
        "device_reset",
        "the old install's token belongs to the previous epoch: {}",
        answer.body
    );
    let new_token = access_token(&restored.token(&hub.router, tenant, device).await);
    assert_eq!(
        heartbeat(&hub.router, &new_token).await.status,
        StatusCode::OK
    );
}

#[sqlx::test]
async fn the_heartbeat_renews_a_license_near_expiry_and_reports_the_tenants_standing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device, token) = hub.activate_with_token(&machine).await;
    sqlx::query("UPDATE devices SET license_expires_at = now() + interval '2 days' WHERE id = $1")
        .bind(device)
        .execute(&hub.owner)
        .await
        .expect("bring the license near its expiry");
    sqlx::query(
        "UPDATE tenants SET status = 'pending_payment', billing_status = 'overdue' WHERE id = $1",
    )
    .bind(tenant)
    .execute(&hub.owner)
    .await
    .expect("the tenant falls behind on payment");

    let beat = heartbeat(&hub.router, &token).await;
    assert_eq!(
        (
            &beat.body["instance"]["tenant_status"],
            &beat.body["instance"]["billing_status"]
        ),
        (&"pending_payment".into(), &"overdue".into()),
        "{}",
        beat.body
    );
    let renewed = verify_license(
        beat.body["renewed_license"]
            .as_str()
            .expect("a renewed license"),
        &hub.trusted,
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(device),
            now: unix_now(),
        },
    )
    .expect("the renewed license verifies");
    assert!(
        renewed.claims.exp >= unix_now() + 29 * 24 * 60 * 60,
        "renewed for a whole validity period"
    );
    let again = heartbeat(&hub.router, &token).await;
    assert!(
        again.body.get("renewed_license").is_none(),
        "renewed once, not on every heartbeat: {}",
        again.body
    );
}
