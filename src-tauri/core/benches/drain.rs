//! P4, the store side: 100,000 outbox events drained to the real hub binary over
//! loopback (`push_outbox`, as the sync task drains), against a raw `COPY` of the same rows
//! into an unprotected scratch table of the same PostgreSQL, the floor any push is bounded
//! by. Prints `P4 drain_events_per_s`, `P4 drain_copy_rows_per_s` and `P4 drain_over_copy`.
//!
//! The events are `sale.completed` events shaped like a real sale's (one is made through
//! `complete_sale`, then copied with a fresh sale id and number per event, so the hub
//! projects each one) and appended through core's outbox, 5,000 to a transaction: writing
//! 100,000 sales one by one would time the store's fsyncs, not the drain.
//!
//! Needs `DATABASE_URL` (a cluster where databases may be created) and `psql`; the hub is
//! `FFLOW_HUB_BINARY` (scripts/bench builds it in release) or a debug build.

#[path = "../tests/support/hub_process.rs"]
mod hub_process;
#[path = "../tests/support/hub_store.rs"]
mod hub_store;
#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use fflow_core::StoreDatabase;
use fflow_core::records::{OutboxEvent, append_to_outbox, now_millis};
use fflow_core::sale::complete::complete_sale;
use fflow_core::sync::push_outbox;
use hub_process::{TestHub, psql};
use hub_store::selling_store;
use serde_json::Value;
use support::{Store, one_kibble, pay};

const EVENTS: i64 = 100_000;
const EVENTS_PER_SETUP_TRANSACTION: i64 = 5_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = runtime.block_on(selling_store(&hub, &base));
    let template = sale_payload_template(&store);
    fill_outbox(&store.database, &template);
    let pending = outbox_rows(&store.database);
    // The copies, plus the set-up's own events (products, session, the real sale).
    assert!(pending.len() as i64 > EVENTS);

    let started = Instant::now();
    let report = runtime
        .block_on(push_outbox(&client, &store.database))
        .expect("the drain");
    let drain_seconds = started.elapsed().as_secs_f64();
    assert_eq!(report.events_acknowledged, pending.len() as u64);
    let at_hub: i64 = psql(&hub.database_url, "SELECT count(*) FROM sync_events")
        .parse()
        .expect("a count");
    assert_eq!(at_hub, pending.len() as i64, "the hub stored every event");

    let copy_seconds = copy_into_scratch_table(&hub.database_url, &pending);
    let rows = pending.len() as f64;
    let drain_per_s = rows / drain_seconds;
    let copy_per_s = rows / copy_seconds;
    println!("P4 drain_events_per_s {drain_per_s:.0}");
    println!("P4 drain_copy_rows_per_s {copy_per_s:.0}");
    println!("P4 drain_over_copy {:.3}", drain_per_s / copy_per_s);
    hub.stop();
}

/// The outbox payload of one real sale.
fn sale_payload_template(store: &Store) -> Value {
    complete_sale(&store.database, &one_kibble(store, vec![pay("cash", 1000)])).expect("a sale");
    let payload: String = store
        .database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT payload FROM outbox WHERE kind = 'sale.completed'",
                [],
                |row| row.get(0),
            )?)
        })
        .expect("the sale's event");
    serde_json::from_str(&payload).expect("JSON")
}

fn fill_outbox(database: &StoreDatabase, template: &Value) {
    let mut written = 0;
    while written < EVENTS {
        database
            .write(|transaction| {
                for _ in 0..EVENTS_PER_SETUP_TRANSACTION {
                    written += 1;
                    let id = uuid::Uuid::now_v7().to_string();
                    let mut payload = template.clone();
                    payload["id"] = Value::from(id.clone());
                    payload["number"] = Value::from(written + 1);
                    payload["code"] = Value::from(format!("CX01-{}", written + 1));
                    append_to_outbox(
                        transaction,
                        &OutboxEvent {
                            aggregate: "sale",
                            aggregate_id: &id,
                            kind: "sale.completed",
                            payload,
                            occurred_at: now_millis(),
                        },
                    )?;
                }
                Ok(())
            })
            .expect("append to the outbox");
    }
}

/// (seq, event id, aggregate, kind, occurred_at, payload) of every outbox row.
type OutboxRow = (i64, String, String, String, i64, String);

fn outbox_rows(database: &StoreDatabase) -> Vec<OutboxRow> {
    database
        .read(|connection| {
            let mut statement = connection.prepare(
                "SELECT seq, event_id, aggregate, kind, occurred_at, payload FROM outbox
                 ORDER BY seq",
            )?;
            let rows = statement
                .query_map([], |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .expect("read the outbox")
}

/// Seconds a `COPY ... FROM STDIN` of `rows` into a scratch table takes (the CSV is made
/// before the clock starts; psql's start-up, a few milliseconds, is in the figure).
fn copy_into_scratch_table(database_url: &str, rows: &[OutboxRow]) -> f64 {
    psql(
        database_url,
        "CREATE TABLE drain_copy_scratch (seq bigint, event_id uuid, aggregate text, \
         kind text, occurred_at bigint, payload jsonb)",
    );
    let mut csv = csv::Writer::from_writer(Vec::new());
    for row in rows {
        csv.serialize(row).expect("a CSV row");
    }
    let csv = csv.into_inner().expect("the CSV");
    let started = Instant::now();
    let mut child = Command::new("psql")
        .args([
            database_url,
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            "\\copy drain_copy_scratch FROM STDIN WITH (FORMAT csv)",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("psql runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(&csv)
        .expect("send the rows");
    assert!(child.wait().expect("psql exits").success(), "the COPY");
    let seconds = started.elapsed().as_secs_f64();
    let copied: usize = psql(database_url, "SELECT count(*) FROM drain_copy_scratch")
        .parse()
        .expect("a count");
    assert_eq!(copied, rows.len());
    seconds
}
