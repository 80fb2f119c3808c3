//! A tenant's standing set by billing or support: audited with a reason, sent to its
//! devices in renewed licenses and heartbeats; while suspended its users still sign in,
//! look at reports and their account, but may not create activation codes, and no new
//! device is activated. Back to active, all works again.

mod common;

use axum::http::StatusCode;
use common::api::{ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address, call, sign_in_as};
use common::devices::{DeviceHub, TestDevice, heartbeat};
use fflow_hub::audit::ActorKind;
use fflow_hub::auth::unix_now;
use fflow_hub::license_renewal::renew_licenses_after_change;
use fflow_hub::tenancy::begin_for_tenant;
use fflow_hub::tenant_standing::{StandingChange, StandingError, set_standing};
use fflow_protocol::license::{LICENSE_ISSUER, LicenseExpectations, LicenseStatus, verify_license};
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn change_standing(hub: &DeviceHub, status: &str) {
    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    set_standing(
        &mut transaction,
        hub.alpha,
        &StandingChange {
            status: Some(status.to_owned()),
            billing_status: Some(
                if status == "active" {
                    "paid"
                } else {
                    "overdue"
                }
                .to_owned(),
            ),
        },
        ActorKind::Support,
        "support:lia",
        "invoice 2026-11 unpaid for 30 days",
    )
    .await
    .expect("set the standing");
    renew_licenses_after_change(
        &mut transaction,
        hub.alpha,
        Some(&hub.licensing),
        unix_now(),
    )
    .await
    .expect("renew");
    transaction.commit().await.expect("commit");
}

#[sqlx::test]
async fn a_suspended_tenant_signs_in_and_looks_but_its_stores_stop_and_take_no_new_seat(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let unused_code = hub.code().await;
    change_standing(&hub, "suspended").await;

    let beat = heartbeat(&hub.router, &token).await;
    assert_eq!(
        (
            &beat.body["instance"]["tenant_status"],
            &beat.body["instance"]["billing_status"]
        ),
        (&json!("suspended"), &json!("overdue")),
        "{}",
        beat.body
    );
    let token_sent: String = sqlx::query_scalar(
        "SELECT payload->>'token' FROM sync_commands
         WHERE device_id = $1 AND kind = 'license.renewed'",
    )
    .bind(device)
    .fetch_one(&hub.owner)
    .await
    .expect("a renewed license for the device");
    let claims = verify_license(
        &token_sent,
        &hub.trusted,
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(device),
            now: unix_now(),
        },
    )
    .expect("verifies")
    .claims;
    assert_eq!(claims.status, LicenseStatus::Suspended);

    let signed_in = sign_in_as(&hub.router, ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address(1)).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    let owner = signed_in.tokens().access_token;
    for path in ["/v1/me", "/v1/reports/sales"] {
        let answer = call(&hub.router, "GET", path, Some(&owner), None, address(1)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    }
    let code = call(
        &hub.router,
        "POST",
        "/v1/devices/activation-codes",
        Some(&owner),
        Some(json!({})),
        address(1),
    )
    .await;
    assert_eq!(
        (code.status, code.code()),
        (StatusCode::CONFLICT, "tenant_suspended"),
        "{}",
        code.body
    );
    let seats = hub.active_devices().await;
    let refused = TestDevice::new(2)
        .activate(&hub.router, &unused_code, 0)
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "tenant_suspended"),
        "{}",
        refused.body
    );
    assert_eq!(hub.active_devices().await, seats, "no seat taken");

    change_standing(&hub, "active").await;
    let activated = TestDevice::new(2)
        .activate(&hub.router, &unused_code, 0)
        .await;
    assert_eq!(
        activated.status,
        StatusCode::OK,
        "the same code works again: {}",
        activated.body
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.standing_change'",
    )
    .bind(hub.alpha.0)
    .fetch_one(&hub.owner)
    .await
    .expect("count");
    assert_eq!(audited, 2);
}

#[sqlx::test]
async fn a_standing_change_without_reason_or_with_unknown_words_changes_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let status = |value: &str| StandingChange {
        status: Some(value.to_owned()),
        billing_status: None,
    };
    let cases = [
        (status("suspended"), " ", "MissingReason"),
        (status("closed"), "ticket 9", "UnknownStatus"),
        (
            StandingChange {
                status: None,
                billing_status: Some("late".to_owned()),
            },
            "ticket 9",
            "UnknownBillingStatus",
        ),
        (StandingChange::default(), "ticket 9", "NothingToChange"),
    ];
    for (change, reason, expected) in cases {
        let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
            .await
            .expect("begin");
        let error: StandingError = set_standing(
            &mut transaction,
            hub.alpha,
            &change,
            ActorKind::Support,
            "support:lia",
            reason,
        )
        .await
        .expect_err("refused");
        assert!(
            format!("{error:?}").starts_with(expected),
            "{change:?}: {error:?}"
        );
    }
    let standing: (String, String) =
        sqlx::query_as("SELECT status, billing_status FROM tenants WHERE id = $1")
            .bind(hub.alpha.0)
            .fetch_one(&hub.owner)
            .await
            .expect("read");
    assert_eq!(standing, ("active".to_owned(), "paid".to_owned()));
}
