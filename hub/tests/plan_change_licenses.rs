//! A change of entitlements (another plan, new overrides) reaches the tenant's active
//! devices as licenses that carry it: signed at once and queued as `license.renewed`
//! commands where the license key is at hand, otherwise at each device's next heartbeat,
//! once. Devices that were reset get nothing; refused overrides change nothing.

mod common;

use axum::http::StatusCode;
use common::devices::{DeviceHub, TestDevice, heartbeat};
use fflow_hub::audit::ActorKind;
use fflow_hub::auth::unix_now;
use fflow_hub::entitlement_overrides::{OverrideError, set_overrides};
use fflow_hub::license_renewal::{RenewalOutcome, renew_licenses_after_change};
use fflow_hub::plans::{
    BillingCycle, EntitlementOverrides, NewPlan, PlanLimits, assign_plan, create_plan,
};
use fflow_hub::tenancy::begin_for_tenant;
use fflow_protocol::license::{LICENSE_ISSUER, LicenseClaims, LicenseExpectations, verify_license};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

fn verified(hub: &DeviceHub, token: &str, device: Uuid) -> LicenseClaims {
    verify_license(
        token,
        &hub.trusted,
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(device),
            now: unix_now(),
        },
    )
    .unwrap_or_else(|error| panic!("the license for {device} verifies: {error}"))
    .claims
}

/// The (device, token) of every `license.renewed` command in Alpha's feed.
async fn renewal_commands(hub: &DeviceHub) -> Vec<(Uuid, String)> {
    sqlx::query_as(
        "SELECT device_id, payload->>'token' FROM sync_commands
         WHERE tenant_id = $1 AND kind = 'license.renewed' ORDER BY device_id",
    )
    .bind(hub.alpha.0)
    .fetch_all(&hub.owner)
    .await
    .expect("read commands")
}

async fn add_plan(hub: &DeviceHub, code: &str) {
    create_plan(
        &hub.owner,
        &NewPlan {
            code: code.to_owned(),
            name: "Max".to_owned(),
            price_cents: 29_990,
            billing_cycle: BillingCycle::Monthly,
            limits: PlanLimits {
                max_devices: 8,
                max_users: 20,
                max_products: 100_000,
                features: vec!["grooming".to_owned(), "reports".to_owned()],
            },
        },
    )
    .await
    .expect("create plan");
}

#[sqlx::test]
async fn a_plan_change_sends_each_active_device_a_license_with_the_new_entitlements(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, first) = hub.activate(&TestDevice::new(1)).await;
    let (_, second) = hub.activate(&TestDevice::new(2)).await;
    let (_, was_reset) = hub.activate(&TestDevice::new(3)).await;
    hub.change(was_reset, "reset", "moved to another shop")
        .await;
    add_plan(&hub, "max").await;

    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    assign_plan(
        &mut transaction,
        hub.alpha,
        "max",
        ActorKind::Support,
        "support:lia",
        Some("upgrade asked by phone"),
    )
    .await
    .expect("assign the plan");
    let outcome = renew_licenses_after_change(
        &mut transaction,
        hub.alpha,
        Some(&hub.licensing),
        unix_now(),
    )
    .await
    .expect("renew");
    transaction.commit().await.expect("commit");

    // Alpha's fixture device holds a seat too.
    let mut expected: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM devices WHERE tenant_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(hub.alpha.0)
    .fetch_all(&hub.owner)
    .await
    .expect("active devices");
    assert_eq!(expected.len(), 3);
    assert!(expected.contains(&first) && expected.contains(&second));
    assert_eq!(
        outcome,
        RenewalOutcome {
            sent: 3,
            at_next_heartbeat: 0
        }
    );
    expected.sort();
    let commands = renewal_commands(&hub).await;
    assert_eq!(
        commands
            .iter()
            .map(|(device, _)| *device)
            .collect::<Vec<_>>(),
        expected,
        "one command per active device, none for the reset one"
    );
    for (device, token) in &commands {
        let claims = verified(&hub, token, *device);
        assert_eq!(claims.plan, "max");
        assert_eq!(
            (
                claims.entitlements.max_users,
                claims.entitlements.max_products,
                claims.entitlements.max_devices,
            ),
            (20, 100_000, 5),
            "the new plan's limits, with the tenant's seat override still on top"
        );
        assert!(claims.entitlements.features.contains(&"reports".to_owned()));
    }
    let due: i64 = sqlx::query_scalar("SELECT count(*) FROM devices WHERE license_renewal_due")
        .fetch_one(&hub.owner)
        .await
        .expect("count");
    assert_eq!(due, 0, "the licenses sent are the renewal");
}

#[sqlx::test]
async fn without_the_key_each_device_renews_at_its_next_heartbeat_once(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let overrides = EntitlementOverrides {
        max_devices: Some(5),
        max_users: Some(3),
        features_granted: vec!["reports".to_owned()],
        ..EntitlementOverrides::default()
    };
    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    set_overrides(
        &mut transaction,
        hub.alpha,
        &overrides,
        ActorKind::Operator,
        "operator:ana",
        "three till users for the trial",
    )
    .await
    .expect("set overrides");
    let outcome = renew_licenses_after_change(&mut transaction, hub.alpha, None, unix_now())
        .await
        .expect("mark for renewal");
    transaction.commit().await.expect("commit");
    assert_eq!(
        outcome,
        RenewalOutcome {
            sent: 0,
            at_next_heartbeat: 2
        },
        "this device and Alpha's fixture device"
    );
    assert!(
        renewal_commands(&hub).await.is_empty(),
        "nothing signed here"
    );

    let beat = heartbeat(&hub.router, &token).await;
    assert_eq!(beat.status, StatusCode::OK, "{}", beat.body);
    let renewed = beat.body["renewed_license"]
        .as_str()
        .unwrap_or_else(|| panic!("a renewal long before expiry: {}", beat.body));
    let claims = verified(&hub, renewed, device);
    assert_eq!(claims.entitlements.max_users, 3);
    assert!(claims.entitlements.features.contains(&"reports".to_owned()));
    let again = heartbeat(&hub.router, &token).await;
    assert!(
        again.body.get("renewed_license").is_none(),
        "renewed once: {}",
        again.body
    );
}

#[sqlx::test]
async fn refused_overrides_change_nothing_and_good_ones_are_audited(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let feature = |name: &str| EntitlementOverrides {
        max_devices: Some(9),
        features_granted: vec![name.to_owned()],
        ..EntitlementOverrides::default()
    };
    let both = EntitlementOverrides {
        features_granted: vec!["reports".to_owned()],
        features_revoked: vec!["reports".to_owned()],
        ..EntitlementOverrides::default()
    };
    let cases = [
        (feature("reports"), "  ", "MissingReason"),
        (feature("Relatórios"), "trial", "BadFeature"),
        (feature(""), "trial", "BadFeature"),
        (both, "trial", "FeatureGrantedAndRevoked"),
    ];
    let overrides_row = || async {
        sqlx::query_as::<_, (Option<i32>, String)>(
            "SELECT max_devices, reason FROM tenant_entitlement_overrides WHERE tenant_id = $1",
        )
        .bind(hub.alpha.0)
        .fetch_one(&hub.owner)
        .await
        .expect("read overrides")
    };
    let before = overrides_row().await;
    for (overrides, reason, expected) in cases {
        let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
            .await
            .expect("begin");
        let error: OverrideError = set_overrides(
            &mut transaction,
            hub.alpha,
            &overrides,
            ActorKind::Operator,
            "operator:ana",
            reason,
        )
        .await
        .expect_err("refused");
        assert!(
            format!("{error:?}").starts_with(expected),
            "{overrides:?}: {error:?}"
        );
        transaction.commit().await.expect("commit what is left");
    }
    assert_eq!(overrides_row().await, before, "nothing was written");

    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    set_overrides(
        &mut transaction,
        hub.alpha,
        &feature("reports"),
        ActorKind::Operator,
        "operator:ana",
        "seasonal extra tills",
    )
    .await
    .expect("set overrides");
    transaction.commit().await.expect("commit");
    assert_eq!(
        overrides_row().await,
        (Some(9), "seasonal extra tills".to_owned())
    );
    let audited: (serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT before, after FROM audit_log
         WHERE tenant_id = $1 AND action = 'tenant.entitlements_override'",
    )
    .bind(hub.alpha.0)
    .fetch_one(&hub.owner)
    .await
    .expect("audited once");
    assert_eq!(audited.0["entitlements"]["max_devices"], 5);
    assert_eq!(audited.1["entitlements"]["max_devices"], 9);
}
