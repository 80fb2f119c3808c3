//! Heartbeat usage counters: stored as the latest totals, so a heartbeat resent after a
//! lost answer counts nothing twice; a heartbeat without counters (an older store) keeps
//! the last report; figures the hub cannot hold are refused; owners see them in the list.

mod common;

use axum::http::StatusCode;
use common::api::{Answer, address, call};
use common::devices::{DeviceHub, TestDevice, heartbeat};
use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn beat_with(hub: &DeviceHub, token: &str, body: Value) -> Answer {
    call(
        &hub.router,
        "POST",
        "/v1/devices/heartbeat",
        Some(token),
        Some(body),
        address(2),
    )
    .await
}

fn usage(till_users: u32, products: u32, sales: u64) -> Value {
    json!({
        "app_version": "0.2.0",
        "usage": { "till_users": till_users, "products": products, "sales_completed": sales },
    })
}

#[sqlx::test]
async fn the_latest_totals_are_kept_and_a_resent_heartbeat_counts_nothing_twice(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    assert!(
        hub.listed(device).await["usage"].is_null(),
        "nothing reported yet"
    );

    for body in [usage(2, 40, 17), usage(2, 40, 17)] {
        let answer = beat_with(&hub, &token, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    let entry = hub.listed(device).await;
    assert_eq!(
        entry["usage"],
        json!({ "till_users": 2, "products": 40, "sales_completed": 17 }),
        "the same heartbeat twice is one report: {entry}"
    );
    assert!(entry["usage_reported_at"].as_i64().is_some(), "{entry}");

    assert_eq!(
        beat_with(&hub, &token, usage(3, 41, 25)).await.status,
        StatusCode::OK
    );
    // An older store sends no counters: the visit counts, the last report stands.
    assert_eq!(heartbeat(&hub.router, &token).await.status, StatusCode::OK);
    let entry = hub.listed(device).await;
    assert_eq!(
        entry["usage"],
        json!({ "till_users": 3, "products": 41, "sales_completed": 25 }),
        "{entry}"
    );
    assert_eq!(
        entry["app_version"], "0.1.0",
        "the visit itself was recorded"
    );
}

#[sqlx::test]
async fn counters_out_of_range_or_misspelled_are_refused_and_change_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    assert_eq!(
        beat_with(&hub, &token, usage(2, 40, 17)).await.status,
        StatusCode::OK
    );

    let cases = [
        (usage(u32::MAX, 40, 17), "invalid_device_request"),
        (usage(2, 40, u64::MAX), "invalid_device_request"),
        (
            json!({ "app_version": "0.2.0", "usage": { "till_users": 1, "products": 1 } }),
            "invalid_body",
        ),
        (
            json!({ "app_version": "0.2.0",
                    "usage": { "till_users": 1, "products": 1, "sales_completed": -1 } }),
            "invalid_body",
        ),
        (
            json!({ "app_version": "0.2.0",
                    "usage": { "till_users": 1, "products": 1, "sales_completed": 1, "users": 1 } }),
            "invalid_body",
        ),
    ];
    for (body, code) in cases {
        let answer = beat_with(&hub, &token, body.clone()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{body}: {}",
            answer.body
        );
    }
    let entry = hub.listed(device).await;
    assert_eq!(
        (entry["usage"].clone(), entry["app_version"].clone()),
        (
            json!({ "till_users": 2, "products": 40, "sales_completed": 17 }),
            json!("0.2.0")
        ),
        "a refused heartbeat leaves the device as it was"
    );
}

/// The heartbeat checks the device in its own statement rather than before the handler:
/// a revoked device is still told so before anything its request got wrong, and a
/// refused heartbeat records no visit and no usage.
#[sqlx::test]
async fn a_revoked_device_hears_so_whatever_its_heartbeat_carries(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let revoked = hub.change(device, "revoke", "ticket 4712").await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    let cases = [
        ("a valid heartbeat", usage(2, 40, 17)),
        ("an empty app_version", json!({ "app_version": " " })),
        ("a body of the wrong shape", json!({ "app_version": 7 })),
    ];
    for (what, body) in cases {
        let answer = beat_with(&hub, &token, body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNAUTHORIZED, "device_revoked"),
            "{what}: {}",
            answer.body
        );
    }
    let (seen, usage): (Option<i64>, Option<i32>) =
        sqlx::query_as("SELECT extract(epoch FROM last_seen_at)::bigint, usage_till_users FROM devices WHERE id = $1")
            .bind(device)
            .fetch_one(&hub.owner)
            .await
            .expect("read the device");
    assert_eq!((seen, usage), (None, None), "no visit was recorded");
}
