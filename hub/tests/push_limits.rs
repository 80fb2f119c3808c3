//! The limits of `POST /v1/sync/push`: at most 1,000 events a batch, gzip bodies read as
//! the store sends them, and every refusal (too many events, broken gzip, an encoding the
//! hub does not read, a body that unpacks past the limit) stores nothing.

mod common;

use std::io::Write;

use axum::http::StatusCode;
use common::api::{Answer, address, call_raw};
use common::devices::{DeviceHub, TestDevice};
use common::sale_events;
use flate2::Compression;
use flate2::write::GzEncoder;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("finish")
}

/// Pushes `body` as it is, with `encoding` as its `Content-Encoding` when given.
async fn push_bytes(hub: &DeviceHub, token: &str, encoding: Option<&str>, body: Vec<u8>) -> Answer {
    let mut headers = vec![
        ("authorization", format!("Bearer {token}")),
        ("content-type", "application/json".to_owned()),
    ];
    if let Some(encoding) = encoding {
        headers.push(("content-encoding", encoding.to_owned()));
    }
    call_raw(
        &hub.router,
        "POST",
        "/v1/sync/push",
        &headers,
        body,
        address(2),
    )
    .await
}

async fn stored_events(hub: &DeviceHub, device: Uuid) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM sync_events WHERE device_id = $1")
        .bind(device)
        .fetch_one(&hub.owner)
        .await
        .expect("count events")
}

#[sqlx::test]
async fn a_batch_of_more_than_1000_events_is_refused_whole(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;

    let too_many = sale_events(1..=1_001).to_string().into_bytes();
    let answer = push_bytes(&hub, &token, Some("gzip"), gzip(&too_many)).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "batch_too_large"),
        "{}",
        answer.body
    );
    assert_eq!(
        stored_events(&hub, device).await,
        0,
        "nothing of it is kept"
    );

    let full = sale_events(1..=1_000).to_string().into_bytes();
    let answer = push_bytes(&hub, &token, Some("gzip"), gzip(&full)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["acked_through"], 1_000);
    assert_eq!(stored_events(&hub, device).await, 1_000);
}

#[sqlx::test]
async fn a_gzip_push_is_stored_like_a_plain_one_and_resending_it_changes_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let batch = sale_events(1..=3).to_string().into_bytes();

    for encoding in [Some("gzip"), Some("gzip"), None] {
        let body = if encoding.is_some() {
            gzip(&batch)
        } else {
            batch.clone()
        };
        let answer = push_bytes(&hub, &token, encoding, body).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{encoding:?}: {}",
            answer.body
        );
        assert_eq!(answer.body["acked_through"], 3, "{encoding:?}");
    }
    assert_eq!(stored_events(&hub, device).await, 3, "each event once");
}

#[sqlx::test]
async fn broken_gzip_unknown_encodings_and_gzip_bombs_are_refused_and_store_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let batch = sale_events(1..=3).to_string().into_bytes();
    let packed = gzip(&batch);
    // Three megabytes of spaces inside valid JSON pack to a few kilobytes, well under
    // the limit for what arrives, far over it for what the hub would have to hold.
    let mut bomb = b"{\"events\":[]".to_vec();
    bomb.extend(std::iter::repeat_n(b' ', 3 * 1024 * 1024));
    bomb.push(b'}');

    let cases = [
        (
            Some("gzip"),
            batch.clone(),
            StatusCode::BAD_REQUEST,
            "invalid_gzip",
        ),
        (
            Some("gzip"),
            packed[..packed.len() / 2].to_vec(),
            StatusCode::BAD_REQUEST,
            "invalid_gzip",
        ),
        (
            Some("br"),
            packed.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_content_encoding",
        ),
        (
            Some("gzip"),
            gzip(&bomb),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
    ];
    for (encoding, body, status, code) in cases {
        let length = body.len();
        let answer = push_bytes(&hub, &token, encoding, body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (status, code),
            "{encoding:?}, {length} bytes: {}",
            answer.body
        );
        assert!(
            !answer.body["message"].as_str().unwrap_or("").is_empty(),
            "{code} says what was wrong"
        );
    }
    assert_eq!(stored_events(&hub, device).await, 0);
}
