//! P4, hub side: 100,000 `sale.completed` events pushed through `POST /v1/sync/push` over
//! loopback TCP, gzip-compressed in batches of 1,000 as stores send them, from four stores
//! at once (each push stores its events and projects its sales in one transaction), against
//! a raw `COPY` of the same rows into a table with no row-level security, no projection and
//! the same primary key, in the same run. Prints `P4 ingest_events_per_s`,
//! `P4 copy_rows_per_s` and `P4 ingest_over_copy` (goal: at least 0.5).

#[path = "../tests/common/mod.rs"]
mod common;
mod loopback;

use std::io::Write;
use std::time::Instant;

use flate2::Compression;
use flate2::write::GzEncoder;
use loopback::{BenchDatabase, BenchDevice, LoopbackHub, tenants_with_devices};
use serde_json::{Value, json};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use uuid::Uuid;

const STORES: usize = 4;
const EVENTS_PER_STORE: usize = 25_000;
const BATCH: usize = 1_000;
/// 2025-11-20 12:00 UTC in Unix milliseconds; each event a second later.
const FIRST_SALE_AT: i64 = 1_763_640_000_000;

/// One event as it is pushed and as it is copied.
struct Event {
    seq: i64,
    id: Uuid,
    occurred_at: i64,
    payload: Value,
}

#[tokio::main]
async fn main() {
    let database = BenchDatabase::create("p4").await;
    let hub = LoopbackHub::start(&database).await;
    let stores = tenants_with_devices(&database, &hub, 1, STORES).await;
    let streams: Vec<Vec<Event>> = stores.iter().map(|_| events()).collect();

    let bodies: Vec<Vec<Vec<u8>>> = streams.iter().map(|events| gzip_batches(events)).collect();
    let client = reqwest::Client::new();
    let started = Instant::now();
    let pushers: Vec<_> = stores
        .iter()
        .cloned()
        .zip(bodies)
        .map(|(store, batches)| {
            let client = client.clone();
            let url = format!("{}/v1/sync/push", hub.base_url);
            tokio::spawn(async move { push_all(&client, &url, &store, batches).await })
        })
        .collect();
    for pusher in pushers {
        pusher.await.expect("pusher");
    }
    let ingest_seconds = started.elapsed().as_secs_f64();
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sync_events WHERE kind = 'sale.completed'")
            .fetch_one(&database.owner)
            .await
            .expect("count");
    let total = (STORES * EVENTS_PER_STORE) as i64;
    // The fixture-free bench database holds only what was pushed.
    assert_eq!(stored, total, "every event stored once");
    let projected: i64 = sqlx::query_scalar("SELECT count(*) FROM sales")
        .fetch_one(&database.owner)
        .await
        .expect("count");
    assert_eq!(projected, total, "every sale projected once");

    let copy_seconds = copy_the_same_rows(&database, &stores, &streams).await;
    let ingest_per_s = total as f64 / ingest_seconds;
    let copy_per_s = total as f64 / copy_seconds;
    println!("P4 ingest_events_per_s {ingest_per_s:.0}");
    println!("P4 copy_rows_per_s {copy_per_s:.0}");
    println!("P4 ingest_over_copy {:.3}", ingest_per_s / copy_per_s);
    database.drop_now(hub.runtime).await;
}

fn events() -> Vec<Event> {
    (1..=EVENTS_PER_STORE as i64)
        .map(|seq| {
            let occurred_at = FIRST_SALE_AT + seq * 1_000;
            Event {
                seq,
                id: Uuid::now_v7(),
                occurred_at,
                payload: common::sale_payload(Uuid::now_v7(), 1_990 + seq % 500, occurred_at),
            }
        })
        .collect()
}

/// Each batch of `events` as the store sends it: a JSON push, gzip at the fastest level.
fn gzip_batches(events: &[Event]) -> Vec<Vec<u8>> {
    events
        .chunks(BATCH)
        .map(|batch| {
            let events: Vec<Value> = batch
                .iter()
                .map(|event| {
                    json!({
                        "seq": event.seq, "id": event.id, "aggregate": "sale",
                        "kind": "sale.completed", "occurred_at": event.occurred_at,
                        "payload": event.payload,
                    })
                })
                .collect();
            let json = serde_json::to_vec(&json!({ "events": events })).expect("json");
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(&json).expect("compress");
            encoder.finish().expect("compress")
        })
        .collect()
}

async fn push_all(client: &reqwest::Client, url: &str, store: &BenchDevice, batches: Vec<Vec<u8>>) {
    let mut acked = 0;
    for body in batches {
        let answer: Value = client
            .post(url)
            .bearer_auth(&store.token)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(body)
            .send()
            .await
            .expect("the hub answers")
            .json()
            .await
            .expect("a JSON answer");
        let through = answer["acked_through"]
            .as_i64()
            .unwrap_or_else(|| panic!("acknowledged: {answer}"));
        assert_eq!(through, acked + BATCH as i64, "the whole batch");
        acked = through;
    }
}

/// Seconds a `COPY FROM STDIN` of the same rows takes (the CSV is made before the clock
/// starts) into a plain table shaped like `sync_events`.
async fn copy_the_same_rows(
    database: &BenchDatabase,
    stores: &[BenchDevice],
    streams: &[Vec<Event>],
) -> f64 {
    let mut connection = PgConnection::connect_with(&database.options)
        .await
        .expect("connect");
    sqlx::query(
        "CREATE TABLE ingest_copy_scratch (
             tenant_id uuid NOT NULL, device_id uuid NOT NULL, epoch bigint NOT NULL,
             seq bigint NOT NULL, event_id uuid NOT NULL, aggregate text NOT NULL,
             kind text NOT NULL, occurred_at bigint NOT NULL, payload jsonb NOT NULL,
             received_at timestamptz NOT NULL DEFAULT now(),
             PRIMARY KEY (tenant_id, device_id, epoch, seq))",
    )
    .execute(&mut connection)
    .await
    .expect("the scratch table");
    let mut csv = String::new();
    for (store, events) in stores.iter().zip(streams) {
        for event in events {
            let payload = event.payload.to_string().replace('"', "\"\"");
            csv.push_str(&format!(
                "{},{},1,{},{},sale,sale.completed,{},\"{payload}\"\n",
                store.tenant.0, store.device, event.seq, event.id, event.occurred_at
            ));
        }
    }
    let started = Instant::now();
    let mut copy = connection
        .copy_in_raw(
            "COPY ingest_copy_scratch (tenant_id, device_id, epoch, seq, event_id, aggregate, \
             kind, occurred_at, payload) FROM STDIN WITH (FORMAT csv)",
        )
        .await
        .expect("start the COPY");
    copy.send(csv.as_bytes()).await.expect("send the rows");
    let copied = copy.finish().await.expect("finish the COPY");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(copied, (STORES * EVENTS_PER_STORE) as u64);
    connection.close().await.expect("close");
    seconds
}
