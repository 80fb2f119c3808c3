//! Receiving a store's events (`POST /v1/sync/push`): a batch of consecutive sequence
//! numbers of the device's current epoch, inserted in one statement over `unnest` arrays
//! (COPY is refused under RLS) with `ON CONFLICT DO NOTHING`, so a resent batch changes
//! nothing. A batch that starts past the next expected number is refused with that number;
//! one that reuses a number for another event is refused as a diverged stream. The sales
//! among the newly stored events are projected in the same transaction.

use fflow_protocol::sync::{PushRequest, PushResponse};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::sales_projection::{PushedSale, project_sales, sales_of};
use crate::tenancy::TenantId;

/// The most events one push may carry; the store sends batches of this size or less.
pub const MAXIMUM_EVENTS_PER_PUSH: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The batch skips numbers: the store must resend from `expected_seq`.
    #[error("the hub holds this stream's events up to {} only; resend from {expected_seq}", expected_seq - 1)]
    Gap { expected_seq: i64 },
    /// A number the hub already holds came with another event id: the store's stream has
    /// diverged (restored from a backup without a new activation). Taking the batch as a
    /// resend would drop its events silently, so it is refused whole.
    #[error(
        "event {seq} is not the event the hub holds under that number; this store's stream \
         diverged, so it must activate again to start a new epoch"
    )]
    Diverged { seq: i64 },
    #[error(
        "a push carries at most {MAXIMUM_EVENTS_PER_PUSH} events, not {found}; send the rest in the next batch"
    )]
    TooLarge { found: usize },
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The stream one device token may push to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceStream {
    pub tenant: TenantId,
    pub device: Uuid,
    pub epoch: i64,
}

/// Checks the batch's shape; answers the sales it carries, parsed.
fn check_batch(request: &PushRequest) -> Result<Vec<PushedSale>, PushError> {
    if request.events.len() > MAXIMUM_EVENTS_PER_PUSH {
        return Err(PushError::TooLarge {
            found: request.events.len(),
        });
    }
    let first = request.events.first().map_or(1, |event| event.seq);
    if first < 1 {
        return Err(PushError::Invalid("sequence numbers start at 1".to_owned()));
    }
    let consecutive = request
        .events
        .iter()
        .zip(first..)
        .all(|(event, expected)| event.seq == expected);
    if !consecutive {
        return Err(PushError::Invalid(
            "the events of a push must have consecutive sequence numbers, in order".to_owned(),
        ));
    }
    let oversized = request.events.iter().find(|event| {
        !(1..=100).contains(&event.aggregate.len()) || !(1..=100).contains(&event.kind.len())
    });
    if let Some(event) = oversized {
        return Err(PushError::Invalid(format!(
            "event {}: aggregate and kind must have 1 to 100 characters",
            event.seq
        )));
    }
    // A sale the hub could not project is refused with its batch, before anything is
    // stored, rather than kept as an event the reports would never count.
    sales_of(&request.events).map_err(PushError::Invalid)
}

/// Stores `request`'s events in `stream` within `transaction` (the device's tenant); the
/// caller commits. Answers the highest sequence number the hub now holds.
pub async fn push_events(
    transaction: &mut Transaction<'static, Postgres>,
    stream: DeviceStream,
    request: &PushRequest,
) -> Result<PushResponse, PushError> {
    let sales = check_batch(request)?;
    // One push per device at a time: the next expected number is read and used under
    // this lock, so two pushes of one device cannot both pass the gap check.
    sqlx::query("SELECT id FROM devices WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(stream.tenant.0)
        .bind(stream.device)
        .execute(&mut **transaction)
        .await?;
    let stored_through: i64 = sqlx::query_scalar(
        "SELECT coalesce(max(seq), 0) FROM sync_events
         WHERE tenant_id = $1 AND device_id = $2 AND epoch = $3",
    )
    .bind(stream.tenant.0)
    .bind(stream.device)
    .bind(stream.epoch)
    .fetch_one(&mut **transaction)
    .await?;
    let (Some(first), Some(last)) = (request.events.first(), request.events.last()) else {
        return Ok(PushResponse {
            acked_through: stored_through,
        });
    };
    if first.seq > stored_through + 1 {
        return Err(PushError::Gap {
            expected_seq: stored_through + 1,
        });
    }
    let events = &request.events;
    let seqs: Vec<i64> = events.iter().map(|event| event.seq).collect();
    let ids: Vec<Uuid> = events.iter().map(|event| event.id).collect();
    // Only numbers the hub already holds can have diverged; a batch that starts past
    // them (the usual push) skips the look-up of every one of its events.
    let diverged: Option<i64> = if first.seq > stored_through {
        None
    } else {
        sqlx::query_scalar(
            "SELECT min(e.seq)
         FROM unnest($4::bigint[], $5::uuid[]) AS e (seq, id)
         JOIN sync_events s ON s.tenant_id = $1 AND s.device_id = $2 AND s.epoch = $3
                           AND s.seq = e.seq
         WHERE s.event_id <> e.id",
        )
        .bind(stream.tenant.0)
        .bind(stream.device)
        .bind(stream.epoch)
        .bind(&seqs)
        .bind(&ids)
        .fetch_one(&mut **transaction)
        .await?
    };
    if let Some(seq) = diverged {
        return Err(PushError::Diverged { seq });
    }
    let newly_stored: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO sync_events (tenant_id, device_id, epoch, seq, event_id, aggregate, kind,
                                  occurred_at, payload)
         SELECT $1, $2, $3, e.seq, e.id, e.aggregate, e.kind, e.occurred_at, e.payload
         FROM unnest($4::bigint[], $5::uuid[], $6::text[], $7::text[], $8::bigint[], $9::jsonb[])
              AS e (seq, id, aggregate, kind, occurred_at, payload)
         ON CONFLICT DO NOTHING
         RETURNING seq",
    )
    .bind(stream.tenant.0)
    .bind(stream.device)
    .bind(stream.epoch)
    .bind(&seqs)
    .bind(&ids)
    .bind(
        events
            .iter()
            .map(|event| event.aggregate.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        events
            .iter()
            .map(|event| event.kind.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        events
            .iter()
            .map(|event| event.occurred_at)
            .collect::<Vec<_>>(),
    )
    .bind(
        events
            .iter()
            .map(|event| &event.payload)
            .collect::<Vec<_>>(),
    )
    .fetch_all(&mut **transaction)
    .await?;
    project_sales(transaction, stream, sales, &newly_stored).await?;
    Ok(PushResponse {
        acked_through: stored_through.max(last.seq),
    })
}
