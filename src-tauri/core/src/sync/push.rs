//! Draining the outbox to `POST /v1/sync/push`: batches in `seq` order, numbered within
//! the device's hub epoch; what the hub acknowledges is marked; a `sequence_gap` answer
//! restarts from the number the hub expects. Outbox rows are read on a reader connection
//! and acknowledgements written in short transactions, never across a network call.

use fflow_protocol::sync::{PushRequest, PushResponse, SEQUENCE_GAP_CODE, SequenceGap, SyncEvent};
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::status::{Round, record_round};
use crate::hub_client::{HubClient, HubLink, read_hub_link};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// Events per push; the hub takes up to 1,000.
const EVENTS_PER_PUSH: i64 = 500;
/// How many `sequence_gap` answers in a row one drain accepts before it gives up: two
/// gaps in a row mean the hub and the store disagree in a way resending cannot mend.
const GAPS_IN_A_ROW_ALLOWED: u32 = 2;

/// What one drain did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PushReport {
    /// Events sent (a resent event counts again).
    pub events_sent: u64,
    /// Events newly marked acknowledged.
    pub events_acknowledged: u64,
}

/// Pushes every pending outbox event to the hub, then records the outcome for
/// [`super::sync_status`].
pub async fn push_outbox(
    client: &HubClient,
    database: &StoreDatabase,
) -> Result<PushReport, CoreError> {
    let outcome = drain(client, database).await;
    record_round(database, Round::Push, outcome.as_ref().map(|_| ()))?;
    outcome
}

async fn drain(client: &HubClient, database: &StoreDatabase) -> Result<PushReport, CoreError> {
    let link = database
        .read(read_hub_link)?
        .ok_or(CoreError::HubNotLinked)?;
    let mut report = PushReport::default();
    let mut gaps_in_a_row = 0;
    let Some(mut next_wire_seq) = database.read(|connection| first_pending(connection, &link))?
    else {
        return Ok(report);
    };
    loop {
        let events = database.read(|connection| batch_from(connection, &link, next_wire_seq))?;
        if events.is_empty() {
            return Ok(report);
        }
        report.events_sent += events.len() as u64;
        let answer = client
            .post_gzip_as_device(database, "/v1/sync/push", &PushRequest { events })
            .await?;
        if answer.status == reqwest::StatusCode::CONFLICT
            && let Ok(gap) = serde_json::from_slice::<SequenceGap>(&answer.body)
            && gap.code == SEQUENCE_GAP_CODE
        {
            gaps_in_a_row += 1;
            if gaps_in_a_row > GAPS_IN_A_ROW_ALLOWED || gap.expected_seq < 1 {
                return Err(answer.refusal());
            }
            // The hub holds everything before `expected_seq`.
            report.events_acknowledged += acknowledge(database, &link, gap.expected_seq - 1)?;
            next_wire_seq = gap.expected_seq;
            continue;
        }
        let pushed: PushResponse = answer.decode()?;
        gaps_in_a_row = 0;
        report.events_acknowledged += acknowledge(database, &link, pushed.acked_through)?;
        if pushed.acked_through < next_wire_seq {
            return Err(CoreError::HubAnswer {
                url: "/v1/sync/push".to_owned(),
                reason: format!(
                    "acknowledged through {} after being sent from {next_wire_seq}",
                    pushed.acked_through
                ),
            });
        }
        next_wire_seq = pushed.acked_through + 1;
    }
}

/// The wire number of the first unacknowledged event of this epoch, if any.
fn first_pending(connection: &Connection, link: &HubLink) -> Result<Option<i64>, CoreError> {
    let first: Option<i64> = connection.query_row(
        "SELECT min(seq) FROM outbox WHERE acked_at IS NULL AND seq > ?1",
        [link.seq_base],
        |row| row.get(0),
    )?;
    Ok(first.map(|seq| seq - link.seq_base))
}

fn batch_from(
    connection: &Connection,
    link: &HubLink,
    wire_seq: i64,
) -> Result<Vec<SyncEvent>, CoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT seq, event_id, aggregate, kind, occurred_at, payload FROM outbox
         WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = statement.query_map(params![wire_seq + link.seq_base, EVENTS_PER_PUSH], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, i64>(4)?,
            row.get::<_, String>(5)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (seq, event_id, aggregate, kind, occurred_at, payload) = row?;
        let damaged = |what: &str| CoreError::InvalidInput {
            field: "outbox",
            reason: format!("event {seq} has {what}"),
        };
        events.push(SyncEvent {
            seq: seq - link.seq_base,
            id: Uuid::parse_str(&event_id).map_err(|_| damaged("an id that is not a UUID"))?,
            aggregate,
            kind,
            occurred_at,
            payload: serde_json::from_str(&payload)
                .map_err(|_| damaged("a payload that is not JSON"))?,
        });
    }
    Ok(events)
}

/// Marks every event of this epoch up to wire number `through` acknowledged; answers
/// how many were newly marked.
fn acknowledge(database: &StoreDatabase, link: &HubLink, through: i64) -> Result<u64, CoreError> {
    database.write(|transaction| {
        let marked = transaction.execute(
            "UPDATE outbox SET acked_at = ?1
             WHERE acked_at IS NULL AND seq > ?2 AND seq <= ?3",
            params![now_millis(), link.seq_base, through + link.seq_base],
        )?;
        Ok(marked as u64)
    })
}
