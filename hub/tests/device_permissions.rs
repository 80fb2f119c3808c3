//! Who may manage devices: owners and admins create codes, list, reset and revoke; staff
//! at the counter may do none of it (the permission matrix, asked by each handler).

mod common;

use axum::http::StatusCode;
use common::api::{ALPHA_CNPJ, PASSWORD, address, call, sign_in_as};
use common::devices::{DeviceHub, TestDevice};
use fflow_hub::accounts::{NewUser, UserRole, create_user};
use fflow_hub::audit::ActorKind;
use fflow_hub::passwords::Password;
use fflow_hub::tenancy::begin_for_tenant;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test]
async fn staff_may_not_touch_devices_and_admins_may(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device) = hub.activate(&TestDevice::new(1)).await;
    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    for (email, role) in [
        ("caixa@alpha.example", UserRole::Staff),
        ("gerente@alpha.example", UserRole::Admin),
    ] {
        let user = NewUser {
            email: email.to_owned(),
            cpf: None,
            password: Password::new(PASSWORD),
            role,
        };
        create_user(&mut transaction, hub.alpha, &user, ActorKind::User, "test")
            .await
            .expect("create user");
    }
    transaction.commit().await.expect("commit");

    let requests = [
        ("POST", "/v1/devices/activation-codes".to_owned(), json!({})),
        ("GET", "/v1/devices".to_owned(), json!(null)),
        (
            "POST",
            format!("/v1/devices/{device}/revoke"),
            json!({ "reason": "lost" }),
        ),
    ];
    for (email, allowed) in [
        ("caixa@alpha.example", false),
        ("gerente@alpha.example", true),
    ] {
        let token = sign_in_as(&hub.router, ALPHA_CNPJ, email, PASSWORD, address(1))
            .await
            .tokens()
            .access_token;
        for (method, path, body) in &requests {
            let body = (!body.is_null()).then(|| body.clone());
            let answer = call(&hub.router, method, path, Some(&token), body, address(1)).await;
            let expected = if allowed {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(
                answer.status, expected,
                "{email} {method} {path}: {}",
                answer.body
            );
        }
    }
}

#[sqlx::test]
async fn support_resets_another_tenants_device_only_through_the_audited_path(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device) = hub.activate(&TestDevice::new(1)).await;
    // F-Flow's support staff sign in to a tenant of their own; Beta plays it here.
    let beta: uuid::Uuid = sqlx::query_scalar("SELECT id FROM tenants WHERE name = 'Beta'")
        .fetch_one(&hub.owner)
        .await
        .expect("Beta exists");
    let beta = fflow_hub::tenancy::TenantId(beta);
    let mut transaction = begin_for_tenant(&hub.runtime, beta).await.expect("begin");
    let support = NewUser {
        email: "suporte@fflow.example".to_owned(),
        cpf: None,
        password: Password::new(PASSWORD),
        role: UserRole::Support,
    };
    let support_id = create_user(&mut transaction, beta, &support, ActorKind::User, "test")
        .await
        .expect("create the support user");
    transaction.commit().await.expect("commit");
    let support_token = sign_in_as(
        &hub.router,
        &beta.to_string(),
        "suporte@fflow.example",
        PASSWORD,
        address(1),
    )
    .await
    .tokens()
    .access_token;
    let path = format!("/v1/support/tenants/{}/devices/{device}/reset", hub.alpha);
    let reset = |token: String, reason: &'static str| {
        let router = hub.router.clone();
        let path = path.clone();
        async move {
            let body = Some(json!({ "reason": reason }));
            call(&router, "POST", &path, Some(&token), body, address(1)).await
        }
    };

    let by_owner = reset(hub.owner_token.clone(), "curious").await;
    assert_eq!(
        by_owner.status,
        StatusCode::FORBIDDEN,
        "an owner has no cross-tenant path"
    );
    let without_reason = reset(support_token.clone(), " ").await;
    assert_eq!(without_reason.code(), "reason_required");
    let done = reset(support_token, "ticket 99: disk replaced").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);

    let audited: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT actor, action, reason FROM audit_log
         WHERE tenant_id = $1 AND actor_kind = 'support' ORDER BY id",
    )
    .bind(hub.alpha.0)
    .fetch_all(&hub.owner)
    .await
    .expect("read the audit log");
    let actor = format!("support:{}", support_id.0);
    let reason = "ticket 99: disk replaced".to_owned();
    assert_eq!(
        audited,
        vec![
            (actor.clone(), "support.access".to_owned(), reason.clone()),
            (actor, "device.reset".to_owned(), reason),
        ],
        "Alpha's audit log says which support user reached in, and why; refusals left nothing"
    );
}
