//! `GET /metrics` through the router: requests counted under their route template and
//! status, latencies observed, and the sync counters moved by real pushes and pulls.

mod common;

use axum::http::StatusCode;
use common::api::{address, call};
use common::devices::{DeviceHub, TestDevice};
use common::sale_payload;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

/// The value of the sample line that starts with `series` (name and labels), if any.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

#[sqlx::test]
async fn metrics_count_requests_by_route_and_status_and_the_sync_traffic(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let router = &hub.router;
    let events: Vec<serde_json::Value> = (1..=3_i64)
        .map(|seq| {
            json!({
                "seq": seq, "id": Uuid::now_v7(), "aggregate": "sale", "kind": "sale.completed",
                "occurred_at": seq, "payload": sale_payload(Uuid::now_v7(), 100, seq),
            })
        })
        .collect();
    let events = json!({ "events": events });
    let pushed = call(
        router,
        "POST",
        "/v1/sync/push",
        Some(&token),
        Some(events),
        address(2),
    )
    .await;
    assert_eq!(pushed.status, StatusCode::OK, "{}", pushed.body);
    for _ in 0..2 {
        let pulled = call(
            router,
            "GET",
            "/v1/sync/pull?after=0",
            Some(&token),
            None,
            address(2),
        )
        .await;
        assert_eq!(pulled.status, StatusCode::OK, "{}", pulled.body);
    }
    let refused = call(
        router,
        "GET",
        "/v1/sync/pull?after=0",
        Some("nope"),
        None,
        address(2),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let answer = call(router, "GET", "/metrics", None, None, address(9)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let metrics = answer.text;
    let cases = [
        (
            r#"hub_http_requests_total{route="/v1/sync/push",status="200"}"#,
            1.0,
        ),
        (
            r#"hub_http_requests_total{route="/v1/sync/pull",status="200"}"#,
            2.0,
        ),
        (
            r#"hub_http_requests_total{route="/v1/sync/pull",status="401"}"#,
            1.0,
        ),
        (
            r#"hub_http_request_duration_seconds_count{route="/v1/sync/pull"}"#,
            3.0,
        ),
        ("hub_sync_events_pushed_total", 3.0),
        // The fixture's two commands, pulled twice.
        ("hub_sync_commands_pulled_total", 4.0),
    ];
    for (series, expected) in cases {
        assert_eq!(
            sample(&metrics, series),
            Some(expected),
            "{series} in:\n{metrics}"
        );
    }
    assert!(
        !metrics.contains("after=0"),
        "routes are labelled by template, never by raw path or query"
    );
}
