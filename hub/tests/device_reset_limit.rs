//! Resets are limited to three per device per calendar month (UTC): the fourth is refused
//! with 409 `reset_limit_reached` and changes nothing; a new month allows it again. Every
//! reset queues a `device.reset` command, with its reason, for that device alone.

mod common;

use axum::http::StatusCode;
use common::devices::{DeviceHub, TestDevice, access_token, heartbeat};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

/// The (reason, addressed device) of each `device.reset` command in the feed.
async fn reset_commands(hub: &DeviceHub) -> Vec<(String, Option<Uuid>)> {
    sqlx::query_as(
        "SELECT payload->>'reason', device_id FROM sync_commands
         WHERE tenant_id = $1 AND kind = 'device.reset' ORDER BY cursor",
    )
    .bind(hub.alpha.0)
    .fetch_all(&hub.owner)
    .await
    .expect("read commands")
}

async fn device_status(hub: &DeviceHub, device: Uuid) -> String {
    sqlx::query_scalar("SELECT status FROM devices WHERE id = $1")
        .bind(device)
        .fetch_one(&hub.owner)
        .await
        .expect("read status")
}

#[sqlx::test]
async fn the_fourth_reset_in_a_month_is_refused_and_a_new_month_allows_it(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = TestDevice::new(1);
    let (tenant, device) = hub.activate(&machine).await;
    let mut reasons = Vec::new();
    for round in 1..=3_u8 {
        let reason = format!("ticket {round}: new hard disk");
        let answer = hub.change(device, "reset", &reason).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "reset {round}: {}",
            answer.body
        );
        reasons.push((reason, Some(device)));
        hub.activate(&machine.reinstalled(10 + round)).await;
    }
    assert_eq!(reset_commands(&hub).await, reasons, "one command per reset");

    let refused = hub.change(device, "reset", "ticket 4: again").await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "reset_limit_reached"),
        "{}",
        refused.body
    );
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("next month"),
        "the message says when it works again: {}",
        refused.body
    );
    assert_eq!(device_status(&hub, device).await, "active");
    assert_eq!(reset_commands(&hub).await, reasons, "no command for it");
    let reinstalled = machine.reinstalled(13);
    let token = access_token(&reinstalled.token(&hub.router, tenant, device).await);
    assert_eq!(
        heartbeat(&hub.router, &token).await.status,
        StatusCode::OK,
        "the device kept working"
    );

    // The resets were last month: the count starts again.
    sqlx::query(
        "UPDATE devices SET reset_month = (reset_month - interval '1 month')::date WHERE id = $1",
    )
    .bind(device)
    .execute(&hub.owner)
    .await
    .expect("move the resets a month back");
    let answer = hub.change(device, "reset", "ticket 5: next month").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(device_status(&hub, device).await, "reset");
    assert_eq!(reset_commands(&hub).await.len(), 4);
}

#[sqlx::test]
async fn one_devices_resets_leave_another_devices_limit_alone(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let first = TestDevice::new(1);
    let (_, first_device) = hub.activate(&first).await;
    let (_, second_device) = hub.activate(&TestDevice::new(2)).await;
    for round in 1..=3_u8 {
        let answer = hub.change(first_device, "reset", "swapped the till").await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        hub.activate(&first.reinstalled(20 + round)).await;
    }
    let answer = hub
        .change(second_device, "reset", "its own first reset")
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(
        hub.change(first_device, "revoke", "stolen").await.status,
        StatusCode::OK,
        "the limit is on resets; revoking is always possible"
    );
}
