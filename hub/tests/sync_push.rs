//! `POST /v1/sync/push` through the router as the runtime role: events keyed by (tenant,
//! device, epoch, seq), resent events stored once, gaps refused with the number to resend
//! from, and a new epoch starting a new stream after a reset.

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::api::{Answer, address, call};
use common::devices::{DeviceHub, TestDevice, access_token};
use common::sale_events as events;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

async fn push(router: &Router, token: &str, body: serde_json::Value) -> Answer {
    call(
        router,
        "POST",
        "/v1/sync/push",
        Some(token),
        Some(body),
        address(2),
    )
    .await
}

async fn stored(hub: &DeviceHub, device: Uuid) -> Vec<(i64, i64)> {
    sqlx::query_as("SELECT epoch, seq FROM sync_events WHERE device_id = $1 ORDER BY 1, 2")
        .bind(device)
        .fetch_all(&hub.owner)
        .await
        .expect("read events")
}

#[sqlx::test]
async fn resent_events_are_stored_once_and_gaps_are_refused_with_the_expected_seq(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (_, device, token) = hub.activate_with_token(&machine).await;
    let router = &hub.router;

    let cases = [
        (events(1..=3), StatusCode::OK, json!({ "acked_through": 3 })),
        // A retry after a lost answer: 2 and 3 again, with 4 new.
        (events(2..=4), StatusCode::OK, json!({ "acked_through": 4 })),
        (events(1..=4), StatusCode::OK, json!({ "acked_through": 4 })),
        (
            json!({ "events": [] }),
            StatusCode::OK,
            json!({ "acked_through": 4 }),
        ),
        (
            events(6..=7),
            StatusCode::CONFLICT,
            json!({ "code": "sequence_gap", "expected_seq": 5 }),
        ),
    ];
    for (body, status, expected) in cases {
        let answer = push(router, &token, body.clone()).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.body);
        for (field, value) in expected.as_object().expect("object") {
            assert_eq!(&answer.body[field], value, "{body}: {}", answer.body);
        }
    }
    assert_eq!(
        stored(&hub, device).await,
        (1..=4).map(|seq| (1, seq)).collect::<Vec<_>>(),
        "each event once, none past the gap"
    );
}

#[sqlx::test]
async fn malformed_batches_are_refused_and_store_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (_, device, token) = hub.activate_with_token(&machine).await;
    let mut out_of_order = events(1..=3);
    out_of_order["events"]
        .as_array_mut()
        .expect("array")
        .swap(0, 1);
    let cases = [
        (
            out_of_order,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_events",
        ),
        (
            events(0..=1),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_events",
        ),
        (
            json!({ "events": [], "tenant_id": Uuid::now_v7() }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
    ];
    for (body, status, code) in cases {
        let answer = push(&hub.router, &token, body.clone()).await;
        assert_eq!((answer.status, answer.code()), (status, code), "{body}");
    }
    let unauthenticated = push(&hub.router, "fd1.forged.token", events(1..=1)).await;
    assert_eq!(unauthenticated.code(), "invalid_device_token");
    assert!(
        stored(&hub, device).await.is_empty(),
        "a refused batch leaves nothing"
    );
}

#[sqlx::test]
async fn a_number_reused_for_another_event_is_refused_not_dropped(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (_, device, token) = hub.activate_with_token(&machine).await;
    assert_eq!(
        push(&hub.router, &token, events(1..=3)).await.status,
        StatusCode::OK
    );
    // A store restored from an older backup without activating again numbers new sales
    // 3, 4... once more; taken for resends, sale 3 would vanish.
    let mut diverged = events(3..=4);
    diverged["events"][0]["id"] = json!(Uuid::now_v7());
    let answer = push(&hub.router, &token, diverged).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::CONFLICT, "sequence_diverged"),
        "{}",
        answer.body
    );
    assert_eq!(
        stored(&hub, device).await,
        vec![(1, 1), (1, 2), (1, 3)],
        "nothing of the refused batch is stored"
    );
}

#[sqlx::test]
async fn after_a_reset_the_new_epoch_starts_a_new_stream_at_one(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device, token) = hub.activate_with_token(&machine).await;
    assert_eq!(
        push(&hub.router, &token, events(1..=5)).await.status,
        StatusCode::OK
    );

    hub.change(device, "reset", "restored from last week's backup")
        .await;
    let restored = machine.reinstalled(3);
    hub.activate(&restored).await;
    let token = access_token(&restored.token(&hub.router, tenant, device).await);
    let answer = push(&hub.router, &token, events(1..=2)).await;
    assert_eq!(
        answer.body["acked_through"], 2,
        "the restored store's numbers restart, in a stream of their own: {}",
        answer.body
    );
    assert_eq!(
        stored(&hub, device).await,
        vec![(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (2, 1), (2, 2)],
        "the old epoch's events are kept, the new ones are not taken for duplicates"
    );
}
