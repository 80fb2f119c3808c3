//! The command feed's ordering and retention through the router as the runtime role:
//! concurrent writers never make a puller skip a command, and a pruned feed answers 410
//! with a snapshot to continue from (also when the operator prunes with the binary).

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::FIXTURE_COMMANDS as F;
use common::api::{address, call};
use common::devices::{DeviceHub, TestDevice};
use common::feed::{commands, pull, put};
use fflow_hub::command_feed::prune_commands;
use fflow_hub::master_data::set_product_price;
use fflow_hub::tenancy::begin_for_tenant;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test]
async fn a_cursor_older_than_the_kept_commands_is_told_to_take_a_snapshot(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    for (sku, price) in [("A", 100), ("B", 200), ("A", 150)] {
        let path = format!("/v1/products/{sku}/price");
        put(
            &hub.router,
            &hub.owner_token,
            &path,
            json!({ "price_cents": price }),
        )
        .await;
    }
    // Age the first two commands past a one-hour retention, then prune.
    sqlx::query(
        "UPDATE sync_commands SET created_at = now() - interval '2 hours' WHERE cursor <= $1
         AND tenant_id = $2",
    )
    .bind(F + 2)
    .bind(hub.alpha.0)
    .execute(&hub.owner)
    .await
    .expect("age commands");
    let mut transaction = begin_for_tenant(&hub.runtime, hub.alpha)
        .await
        .expect("begin");
    let deleted = prune_commands(&mut transaction, hub.alpha, 3_600)
        .await
        .expect("prune");
    transaction.commit().await.expect("commit");
    assert_eq!(deleted, u64::try_from(F + 2).expect("small"));

    for after in [0, F + 1] {
        let answer = pull(&hub.router, &token, after, 10).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::GONE, "too_far_behind"),
            "after {after}: the commands it missed are gone, so it must not pull on"
        );
    }
    assert_eq!(
        commands(&pull(&hub.router, &token, F + 2, 10).await),
        vec![(F + 3, "product.price_set".to_owned())]
    );
    let snapshot = call(
        &hub.router,
        "GET",
        "/v1/sync/snapshot",
        Some(&token),
        None,
        address(2),
    )
    .await;
    assert_eq!(snapshot.body["cursor"], F + 3);
    assert_eq!(
        snapshot.body["prices"],
        json!([
            { "sku": "A", "price_cents": 150 },
            { "sku": "B", "price_cents": 200 },
            { "sku": "FIXTURE-1", "price_cents": 100 },
        ]),
        "the snapshot holds the latest price of each product"
    );
    assert_eq!(
        commands(&pull(&hub.router, &token, F + 3, 10).await),
        vec![]
    );
}

#[sqlx::test]
async fn a_device_pulling_during_concurrent_writes_sees_every_command_once_in_order(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    const WRITERS: usize = 8;
    const COMMANDS_PER_WRITER: usize = 25;
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let runtime = hub.runtime.clone();
        let tenant = hub.alpha;
        writers.push(tokio::spawn(async move {
            for index in 0..COMMANDS_PER_WRITER {
                let mut transaction = begin_for_tenant(&runtime, tenant).await.expect("begin");
                let sku = format!("W{writer}-{index}");
                set_product_price(&mut transaction, tenant, &sku, 1)
                    .await
                    .expect("price");
                // Work after taking the cursor and before committing widens the window in
                // which a later cursor could commit first, if the feed allowed it.
                tokio::task::yield_now().await;
                transaction.commit().await.expect("commit");
            }
        }));
    }
    let total = WRITERS * COMMANDS_PER_WRITER;
    let mut seen = Vec::new();
    let mut after = 0;
    let mut writers_done = false;
    loop {
        let answer = pull(&hub.router, &token, after, 7).await;
        let page = commands(&answer);
        seen.extend(page.iter().map(|command| command.0));
        after = answer.body["next_cursor"].as_i64().expect("next_cursor");
        if writers_done && page.is_empty() {
            break;
        }
        writers_done = writers.iter().all(tokio::task::JoinHandle::is_finished);
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    let distinct: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(distinct.len(), seen.len(), "no command is pulled twice");
    assert!(
        seen.windows(2).all(|pair| pair[0] < pair[1]),
        "commands arrive in cursor order"
    );
    assert_eq!(
        seen,
        (1..=F + i64::try_from(total).expect("small")).collect::<Vec<_>>(),
        "every committed command is pulled, none skipped"
    );
}

#[sqlx::test]
async fn the_operator_prunes_a_tenants_old_commands_with_the_real_binary(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let (_, _, token) = hub.activate_with_token(&TestDevice::new(1)).await;
    sqlx::query(
        "UPDATE sync_commands SET created_at = now() - interval '8 days' WHERE tenant_id = $1",
    )
    .bind(hub.alpha.0)
    .execute(&hub.owner)
    .await
    .expect("age the fixture's commands");
    let database = connect_options.get_database().expect("named").to_owned();
    let tenant = hub.alpha.to_string();
    let output = std::process::Command::new(common::binary::HUB)
        .args([
            "commands",
            "prune",
            "--tenant",
            &tenant,
            "--older-than-days",
            "7",
        ])
        .env("DATABASE_URL", common::binary::url_for_database(&database))
        .output()
        .expect("the hub binary runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        F.to_string()
    );
    let answer = pull(&hub.router, &token, 0, 10).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::GONE, "too_far_behind"),
        "a store at cursor 0 missed pruned commands"
    );
}
