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
