//! The command feed: what the hub tells a tenant's stores, numbered by one cursor per
//! tenant. Commands are written in the transaction of the change they announce, so a
//! change and its command commit together or not at all.
//!
//! The cursor is taken by updating the tenant's row in `command_cursors`, whose lock is
//! held until the writing transaction ends; a second writer waits for it. Cursors therefore
//! become visible in the order they are handed out, and a store that pulled after cursor
//! `n` can never later find a command below `n` it did not see (a `bigserial` would allow
//! that, see DESIGN.md "Known traps").

use fflow_protocol::sync::{PullResponse, Snapshot, SyncCommand};
use serde_json::Value;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::tenancy::TenantId;

/// The most commands one pull answers, whatever the store asks for.
pub const MAXIMUM_PULL_LIMIT: i64 = 1_000;

type TenantTransaction = Transaction<'static, Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The commands after `after` are partly pruned: the store must take a snapshot.
    #[error(
        "the hub no longer keeps the commands after cursor {after} (it keeps those after \
         {pruned_through}); take a snapshot and continue from its cursor"
    )]
    TooFarBehind { after: i64, pruned_through: i64 },
    /// A cursor the hub never handed out: the store talks to another hub's data.
    #[error("cursor {cursor} is past the last command of this tenant ({last_cursor})")]
    CursorAhead { cursor: i64, last_cursor: i64 },
    #[error("{0}")]
    Invalid(String),
    /// Stored master data that does not decode: ours to fix, never the caller's.
    #[error("stored master data does not decode: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// A command about to be written: its kind, payload and, if only one device should apply
/// it, that device.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCommand<'a> {
    pub kind: &'a str,
    pub payload: Value,
    pub device: Option<Uuid>,
}

/// Appends `command` to `tenant`'s feed inside `transaction` and answers its cursor. The
/// caller commits; until then other writers of this tenant's feed wait.
pub async fn emit_command(
    transaction: &mut TenantTransaction,
    tenant: TenantId,
    command: NewCommand<'_>,
) -> Result<i64, sqlx::Error> {
    let cursor: i64 = sqlx::query_scalar(
        "INSERT INTO command_cursors AS c (tenant_id, last_cursor) VALUES ($1, 1)
         ON CONFLICT (tenant_id) DO UPDATE SET last_cursor = c.last_cursor + 1
         RETURNING last_cursor",
    )
    .bind(tenant.0)
    .fetch_one(&mut **transaction)
    .await?;
    sqlx::query(
        "INSERT INTO sync_commands (tenant_id, cursor, id, kind, payload, device_id)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant.0)
    .bind(cursor)
    .bind(Uuid::now_v7())
    .bind(command.kind)
    .bind(&command.payload)
    .bind(command.device)
    .execute(&mut **transaction)
    .await?;
    Ok(cursor)
}

/// The tenant's last handed-out cursor and the cursor through which commands are pruned.
async fn feed_bounds(
    transaction: &mut TenantTransaction,
    tenant: TenantId,
) -> Result<(i64, i64), sqlx::Error> {
    let bounds: Option<(i64, i64)> = sqlx::query_as(
        "SELECT last_cursor, pruned_through FROM command_cursors WHERE tenant_id = $1",
    )
    .bind(tenant.0)
    .fetch_optional(&mut **transaction)
    .await?;
    Ok(bounds.unwrap_or((0, 0)))
}

/// The commands for `device` after `after`, at most `limit` of them, in cursor order.
pub async fn pull_commands(
    transaction: &mut TenantTransaction,
    tenant: TenantId,
    device: Uuid,
    after: i64,
    limit: i64,
) -> Result<PullResponse, FeedError> {
    if after < 0 || !(1..=MAXIMUM_PULL_LIMIT).contains(&limit) {
        return Err(FeedError::Invalid(format!(
            "after must be 0 or more and limit between 1 and {MAXIMUM_PULL_LIMIT}"
        )));
    }
    let mut rows: Vec<(i64, Uuid, String, Value)> = sqlx::query_as(
        "SELECT cursor, id, kind, payload FROM sync_commands
         WHERE tenant_id = $1 AND cursor > $2 AND (device_id IS NULL OR device_id = $3)
         ORDER BY cursor
         LIMIT $4",
    )
    .bind(tenant.0)
    .bind(after)
    .bind(device)
    .bind(limit + 1)
    .fetch_all(&mut **transaction)
    .await?;
    // The bounds are read after the commands, on purpose: pruning deletes commands and
    // raises `pruned_through` in one transaction, and `pruned_through` never goes down, so
    // if pruning removed any command this pull should have seen, the check below sees it.
    let (last_cursor, pruned_through) = feed_bounds(transaction, tenant).await?;
    if after < pruned_through {
        return Err(FeedError::TooFarBehind {
            after,
            pruned_through,
        });
    }
    if after > last_cursor {
        return Err(FeedError::CursorAhead {
            cursor: after,
            last_cursor,
        });
    }
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = rows.last().map_or(after, |row| row.0);
    let commands = rows
        .into_iter()
        .map(|(cursor, id, kind, payload)| SyncCommand {
            cursor,
            id,
            kind,
            payload,
        })
        .collect();
    Ok(PullResponse {
        commands,
        next_cursor,
        more,
    })
}

/// Records that `device` applied every command through `through`; an older cursor than
/// the one stored changes nothing, so a late or repeated ack cannot move it back.
/// Answers the cursor now stored.
pub async fn acknowledge(
    transaction: &mut TenantTransaction,
    tenant: TenantId,
    device: Uuid,
    through: i64,
) -> Result<i64, FeedError> {
    let (last_cursor, _) = feed_bounds(transaction, tenant).await?;
    if through < 0 {
        return Err(FeedError::Invalid("a cursor is 0 or more".to_owned()));
    }
    if through > last_cursor {
        return Err(FeedError::CursorAhead {
            cursor: through,
            last_cursor,
        });
    }
    let stored: i64 = sqlx::query_scalar(
        "UPDATE devices SET acked_cursor = greatest(acked_cursor, $3)
         WHERE tenant_id = $1 AND id = $2
         RETURNING acked_cursor",
    )
    .bind(tenant.0)
    .bind(device)
    .bind(through)
    .fetch_one(&mut **transaction)
    .await?;
    Ok(stored)
}

/// Deletes `tenant`'s commands created more than `retention_seconds` ago and records
/// through which cursor the feed is pruned. Answers how many commands were deleted.
pub async fn prune_commands(
    transaction: &mut TenantTransaction,
    tenant: TenantId,
    retention_seconds: i64,
) -> Result<u64, sqlx::Error> {
    // The counter row is locked first, as writers lock it, so a command being written
    // now cannot commit below the recorded pruning point.
    sqlx::query("SELECT 1 FROM command_cursors WHERE tenant_id = $1 FOR UPDATE")
        .bind(tenant.0)
        .execute(&mut **transaction)
        .await?;
    let (deleted, pruned_through): (i64, Option<i64>) = sqlx::query_as(
        "WITH gone AS (
             DELETE FROM sync_commands
             WHERE tenant_id = $1 AND created_at < now() - make_interval(secs => $2)
             RETURNING cursor)
         SELECT count(*), max(cursor) FROM gone",
    )
    .bind(tenant.0)
    .bind(retention_seconds as f64)
    .fetch_one(&mut **transaction)
    .await?;
    if let Some(pruned_through) = pruned_through {
        sqlx::query(
            "UPDATE command_cursors SET pruned_through = greatest(pruned_through, $2)
             WHERE tenant_id = $1",
        )
        .bind(tenant.0)
        .bind(pruned_through)
        .execute(&mut **transaction)
        .await?;
    }
    Ok(u64::try_from(deleted).unwrap_or(0))
}

/// The tenant's master data and the cursor it is current at, read in one statement so
/// both come from one database snapshot: every change committed with a cursor at or below
/// the answer's cursor is in it, none above.
pub async fn snapshot(
    transaction: &mut TenantTransaction,
    tenant: TenantId,
) -> Result<Snapshot, FeedError> {
    let (cursor, payment_methods, prices): (i64, Value, Value) = sqlx::query_as(
        "SELECT
             coalesce((SELECT last_cursor FROM command_cursors WHERE tenant_id = $1), 0),
             coalesce((SELECT jsonb_agg(jsonb_build_object(
                          'code', code, 'label', label, 'kind', kind, 'active', active,
                          'position', position) ORDER BY position, code)
                       FROM payment_methods WHERE tenant_id = $1), '[]'),
             coalesce((SELECT jsonb_agg(jsonb_build_object(
                          'sku', sku, 'price_cents', price_cents) ORDER BY sku)
                       FROM product_prices WHERE tenant_id = $1), '[]')",
    )
    .bind(tenant.0)
    .fetch_one(&mut **transaction)
    .await?;
    let decode = |error: serde_json::Error| FeedError::Corrupt(error.to_string());
    Ok(Snapshot {
        cursor,
        payment_methods: serde_json::from_value(payment_methods).map_err(decode)?,
        prices: serde_json::from_value(prices).map_err(decode)?,
    })
}
