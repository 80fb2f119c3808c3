//! P5: heartbeats that renew the license, per second, through the hub's router against the
//! real PostgreSQL in `DATABASE_URL` (a fresh database is created and migrated). Devices
//! beat concurrently; before each round their licenses are set due, outside the timing,
//! so every timed heartbeat signs and stores a renewal.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::devices::{DeviceHub, TestDevice, heartbeat};
use fflow_hub::database::{MIGRATOR, parse_url};
use sqlx::Connection;
use sqlx::postgres::PgConnection;

const DEVICES: u8 = 32;
const ROUNDS: usize = 30;

#[tokio::main]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names a PostgreSQL server");
    let database = format!("fflow_bench_p5_{}", std::process::id());
    let mut admin = PgConnection::connect(&url).await.expect("connect");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}")))
        .execute(&mut admin)
        .await
        .expect("create the bench database");
    let options = parse_url(&common::binary::url_for_database(&database)).expect("url");
    let owner = sqlx::PgPool::connect_with(options.clone())
        .await
        .expect("connect");
    MIGRATOR.run(&owner).await.expect("migrate");

    let hub = DeviceHub::start(&options, u32::from(DEVICES) + 1, 30).await;
    let mut tokens = Vec::new();
    for machine in 1..=DEVICES {
        tokens.push(hub.activate_with_token(&TestDevice::new(machine)).await.2);
    }
    let mut timed = Duration::ZERO;
    let mut renewed = 0_usize;
    for _ in 0..ROUNDS {
        sqlx::query("UPDATE devices SET license_expires_at = now() WHERE tenant_id = $1")
            .bind(hub.alpha.0)
            .execute(&hub.owner)
            .await
            .expect("make every license due");
        let started = Instant::now();
        let beats: Vec<_> = tokens
            .iter()
            .map(|token| {
                let router = hub.router.clone();
                let token = token.clone();
                tokio::spawn(async move { heartbeat(&router, &token).await })
            })
            .collect();
        for beat in beats {
            let answer = beat.await.expect("heartbeat task");
            renewed += usize::from(answer.body["renewed_license"].is_string());
        }
        timed += started.elapsed();
    }
    let total = usize::from(DEVICES) * ROUNDS;
    assert_eq!(renewed, total, "every timed heartbeat renewed its license");
    let per_second = total as f64 / timed.as_secs_f64();
    println!("P5 heartbeats_with_renewal_per_second {per_second:.0}");

    hub.runtime.close().await;
    hub.owner.close().await;
    owner.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {database} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .expect("drop the bench database");
}
