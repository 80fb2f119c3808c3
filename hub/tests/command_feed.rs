//! The command feed through the router as the runtime role: master-data changes emit
//! commands in their own transaction, devices pull only their tenant's commands for all or
//! for them, and acks never move back.

mod common;

use axum::http::StatusCode;
use common::FIXTURE_COMMANDS as F;
use common::api::{Answer, address, call};
use common::devices::{DeviceHub, TestDevice};
use common::feed::{commands, pull, put};
use fflow_hub::command_feed::{NewCommand, emit_command};
use fflow_hub::master_data::set_product_price;
use fflow_hub::tenancy::begin_for_tenant;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test]
async fn master_data_changes_reach_the_devices_of_their_tenant_as_commands(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let router = &hub.router;
    let owner = &hub.owner_token;

    let method = json!({ "label": "PIX", "kind": "pix", "active": true, "position": 2 });
    let answer = put(router, owner, "/v1/payment-methods/pix", method).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = put(
        router,
        owner,
        "/v1/products/CAFE-1/price",
        json!({ "price_cents": 650 }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    let refused = [
        (
            "/v1/payment-methods/Bad%20Code",
            json!({ "label": "x", "kind": "cash", "active": true, "position": 1 }),
        ),
        (
            "/v1/payment-methods/cash",
            json!({ "label": " ", "kind": "cash", "active": true, "position": 1 }),
        ),
        ("/v1/products/CAFE-1/price", json!({ "price_cents": -1 })),
    ];
    for (path, body) in refused {
        let answer = put(router, owner, path, body.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}: {}",
            answer.body
        );
    }

    let answer = pull(router, &token, F, 10).await;
    assert_eq!(
        commands(&answer),
        vec![
            (F + 1, "payment_method.upserted".to_owned()),
            (F + 2, "product.price_set".to_owned())
        ],
        "each accepted change is one command, each refused one none"
    );
    assert_eq!(answer.body["commands"][1]["payload"]["price_cents"], 650);
    assert_eq!(
        (
            answer.body["next_cursor"].as_i64(),
            answer.body["more"].as_bool()
        ),
        (Some(F + 2), Some(false))
    );

    let paged = pull(router, &token, F, 1).await;
    assert_eq!(commands(&paged).len(), 1);
    assert_eq!(paged.body["more"], true, "a full page says more wait");

    let snapshot = call(
        router,
        "GET",
        "/v1/sync/snapshot",
        Some(&token),
        None,
        address(2),
    )
    .await;
    assert_eq!(snapshot.status, StatusCode::OK, "{}", snapshot.body);
    assert_eq!(
        snapshot.body,
        json!({
            "cursor": F + 2,
            "payment_methods": [
                { "code": "cash", "label": "Dinheiro", "kind": "cash", "active": true, "position": 1 },
                { "code": "pix", "label": "PIX", "kind": "pix", "active": true, "position": 2 },
            ],
            "prices": [
                { "sku": "CAFE-1", "price_cents": 650 },
                { "sku": "FIXTURE-1", "price_cents": 100 },
            ],
        }),
        "the snapshot holds what the commands through its cursor announced"
    );

    // Beta's commands stay Beta's: a command for another tenant is never pulled.
    let mut beta = begin_for_tenant(&hub.runtime, beta_tenant(&hub).await)
        .await
        .expect("begin");
    set_product_price(&mut beta, beta_tenant(&hub).await, "BETA-1", 1)
        .await
        .expect("beta price");
    beta.commit().await.expect("commit");
    assert_eq!(commands(&pull(router, &token, F + 2, 10).await), vec![]);
}

async fn beta_tenant(hub: &DeviceHub) -> fflow_hub::tenancy::TenantId {
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM tenants WHERE id <> $1")
        .bind(hub.alpha.0)
        .fetch_one(&hub.owner)
        .await
        .expect("beta");
    fflow_hub::tenancy::TenantId(id)
}

#[sqlx::test]
async fn a_device_token_may_not_change_master_data(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, device_token) = hub.activate_with_token(&TestDevice::new(1)).await;
    // A device token is no user's token.
    let answer = put(
        &hub.router,
        &device_token,
        "/v1/products/X/price",
        json!({ "price_cents": 1 }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    assert_eq!(
        commands(&pull(&hub.router, &device_token, F, 10).await),
        vec![]
    );
}

#[sqlx::test]
async fn a_command_for_one_device_reaches_only_that_device(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (tenant, first, first_token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let (_, _, second_token) = hub.activate_with_token(&TestDevice::new(2)).await;
    let tenant = fflow_hub::tenancy::TenantId(tenant);
    let mut transaction = begin_for_tenant(&hub.runtime, tenant).await.expect("begin");
    for device in [Some(first), None] {
        let command = NewCommand {
            kind: "license.renewed",
            payload: json!({}),
            device,
        };
        emit_command(&mut transaction, tenant, command)
            .await
            .expect("emit");
    }
    transaction.commit().await.expect("commit");
    let kinds = |answer: &Answer| {
        commands(answer)
            .into_iter()
            .map(|c| c.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(&pull(&hub.router, &first_token, F, 10).await),
        vec![F + 1, F + 2]
    );
    let second = pull(&hub.router, &second_token, F, 10).await;
    assert_eq!(
        kinds(&second),
        vec![F + 2],
        "the first device's command is not the second's"
    );
}

#[sqlx::test]
async fn an_ack_never_moves_back_and_a_cursor_from_the_future_is_refused(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    for sku in ["A", "B", "C"] {
        let path = format!("/v1/products/{sku}/price");
        put(
            &hub.router,
            &hub.owner_token,
            &path,
            json!({ "price_cents": 1 }),
        )
        .await;
    }
    let cases = [
        (F + 2, StatusCode::OK, F + 2),
        (F + 1, StatusCode::OK, F + 2),
        (F + 3, StatusCode::OK, F + 3),
        (F + 4, StatusCode::CONFLICT, F + 3),
        (-1, StatusCode::UNPROCESSABLE_ENTITY, F + 3),
    ];
    for (through, status, stored) in cases {
        let answer = call(
            &hub.router,
            "POST",
            "/v1/sync/ack",
            Some(&token),
            Some(json!({ "through": through })),
            address(2),
        )
        .await;
        assert_eq!(answer.status, status, "ack {through}: {}", answer.body);
        let acked: i64 = sqlx::query_scalar("SELECT acked_cursor FROM devices WHERE id = $1")
            .bind(device)
            .fetch_one(&hub.owner)
            .await
            .expect("acked");
        assert_eq!(
            acked, stored,
            "after ack {through} the device's cursor only moves forward"
        );
    }
    let ahead = pull(&hub.router, &token, 9, 10).await;
    assert_eq!(
        (ahead.status, ahead.code()),
        (StatusCode::CONFLICT, "cursor_ahead")
    );
    let bad = call(
        &hub.router,
        "GET",
        "/v1/sync/pull?after=x",
        Some(&token),
        None,
        address(2),
    )
    .await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
}
