//! Pushed `sale.completed` events projected into the hub's sales, through the router as the
//! runtime role: exactly one sale per sale id however often it is resent (in the same epoch
//! or after a restore), totals per day in the report, and a malformed sale refused whole.

mod common;

use axum::http::StatusCode;
use common::api::{Answer, address, call};
use common::devices::{DeviceHub, TestDevice, access_token};
use common::sale_payload;
use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

/// 2025-11-20 12:00 UTC and 2025-11-21 12:00 UTC, in Unix milliseconds.
const NOV_20: i64 = 1_763_640_000_000;
const NOV_21: i64 = NOV_20 + 86_400_000;

/// A push of sales `(id, total, completed_at)` numbered from `first_seq`.
fn sales(first_seq: i64, sales: &[(u128, i64, i64)]) -> Value {
    let events: Vec<Value> = (first_seq..)
        .zip(sales)
        .map(|(seq, &(id, total, at))| {
            json!({
                "seq": seq, "id": Uuid::now_v7(), "aggregate": "sale", "kind": "sale.completed",
                "occurred_at": at, "payload": sale_payload(Uuid::from_u128(id), total, at),
            })
        })
        .collect();
    json!({ "events": events })
}

async fn push(hub: &DeviceHub, token: &str, body: Value) -> Answer {
    call(
        &hub.router,
        "POST",
        "/v1/sync/push",
        Some(token),
        Some(body),
        address(2),
    )
    .await
}

async fn report(hub: &DeviceHub) -> Answer {
    let token = Some(hub.owner_token.as_str());
    call(
        &hub.router,
        "GET",
        "/v1/reports/sales",
        token,
        None,
        address(1),
    )
    .await
}

/// Alpha's projected sales and payments, read as the owner, leaving out the fixture's.
async fn projected(hub: &DeviceHub) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM sales WHERE tenant_id = $1 AND code <> 'V-1'),
                (SELECT count(*) FROM sale_payments p JOIN sales s USING (tenant_id, sale_id)
                 WHERE s.tenant_id = $1 AND s.code <> 'V-1')",
    )
    .bind(hub.alpha.0)
    .fetch_one(&hub.owner)
    .await
    .expect("count projected")
}

#[sqlx::test]
async fn each_sale_is_projected_once_however_often_it_is_resent(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device, token) = hub.activate_with_token(&machine).await;
    let batch = sales(
        1,
        &[(1, 1_000, NOV_20), (2, 250, NOV_20), (3, 4_990, NOV_21)],
    );
    for attempt in 0..2 {
        let answer = push(&hub, &token, batch.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "attempt {attempt}: {}",
            answer.body
        );
    }
    // Restored from a backup and activated again: a new epoch resends sale 3 under a new
    // event, then a new sale.
    hub.change(device, "reset", "restored from backup").await;
    let restored = machine.reinstalled(2);
    hub.activate(&restored).await;
    let token = access_token(&restored.token(&hub.router, tenant, device).await);
    let answer = push(
        &hub,
        &token,
        sales(1, &[(3, 4_990, NOV_21), (4, 10, NOV_21)]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    // A second store of the tenant sells on the 21st too.
    let (_, other_store, other_token) = hub.activate_with_token(&TestDevice::new(7)).await;
    let answer = push(&hub, &other_token, sales(1, &[(9, 700, NOV_21)])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    assert_eq!(
        projected(&hub).await,
        (5, 5),
        "five sales, one payment each, none twice"
    );
    let answer = report(&hub).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let days = answer.body["days"].as_array().expect("days");
    let figures: Vec<(&str, i64, i64)> = days
        .iter()
        .map(|day| {
            (
                day["day"].as_str().expect("day"),
                day["count"].as_i64().expect("count"),
                day["total_cents"].as_i64().expect("total"),
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            ("1970-01-01", 1, 100),
            ("2025-11-20", 2, 1_250),
            ("2025-11-21", 3, 5_700),
        ],
        "the report counts each sale once, on its UTC day (the fixture's sale is at 0)"
    );
    let mut stores_on_21st = vec![
        json!({ "device_id": device, "count": 2, "total_cents": 5_000 }),
        json!({ "device_id": other_store, "count": 1, "total_cents": 700 }),
    ];
    stores_on_21st.sort_by_key(|store| store["device_id"].as_str().map(str::to_owned));
    assert_eq!(
        days[2]["stores"],
        json!(stores_on_21st),
        "each store's part of the day, the restored store's resent sale once"
    );
    assert_eq!(
        days[1]["stores"],
        json!([{ "device_id": device, "count": 2, "total_cents": 1_250 }])
    );
}

#[sqlx::test]
async fn a_sale_the_hub_cannot_read_is_refused_with_its_batch(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, device, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let mut batch = sales(1, &[(1, 1_000, NOV_20), (2, 250, NOV_20)]);
    batch["events"][1]["payload"]
        .as_object_mut()
        .expect("object")
        .remove("total_cents");
    let answer = push(&hub, &token, batch).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_events"),
        "{}",
        answer.body
    );
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_events WHERE device_id = $1")
        .bind(device)
        .fetch_one(&hub.owner)
        .await
        .expect("count events");
    assert_eq!(
        (events, projected(&hub).await),
        (0, (0, 0)),
        "nothing of the batch is kept"
    );
}

#[sqlx::test]
async fn a_device_token_may_not_read_reports(_: PgPoolOptions, connect_options: PgConnectOptions) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let answer = call(
        &hub.router,
        "GET",
        "/v1/reports/sales",
        Some(&token),
        None,
        address(2),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
}
