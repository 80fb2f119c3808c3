//! Ids, timestamps, the outbox and the audit log: what every write in the store records.
//!
//! A change and its outbox event are written in the same transaction, so the hub learns
//! of exactly the changes that were committed.

use rusqlite::{Transaction, params};
use serde_json::Value;

use crate::CoreError;

/// A new UUIDv7: unique, and sorted by creation time, which keeps indexes compact.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Milliseconds since the Unix epoch, UTC.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}

/// An event for the hub, recorded in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent<'a> {
    pub aggregate: &'a str,
    pub aggregate_id: &'a str,
    pub kind: &'a str,
    pub payload: Value,
    pub occurred_at: i64,
}

/// Appends `event` to the outbox inside `transaction` and returns its sequence number.
pub fn append_to_outbox(
    transaction: &Transaction<'_>,
    event: &OutboxEvent<'_>,
) -> Result<i64, CoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO outbox (event_id, aggregate, aggregate_id, kind, payload, occurred_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            new_id(),
            event.aggregate,
            event.aggregate_id,
            event.kind,
            event.payload.to_string(),
            event.occurred_at
        ])?;
    Ok(transaction.last_insert_rowid())
}

/// One money- or stock-changing action for the local audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry<'a> {
    pub actor_id: Option<&'a str>,
    /// The manager who approved the action with their PIN, when one had to.
    pub approved_by: Option<&'a str>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub occurred_at: i64,
}

/// Appends `entry` to the audit log inside `transaction`.
pub fn append_to_audit_log(
    transaction: &Transaction<'_>,
    entry: &AuditEntry<'_>,
) -> Result<(), CoreError> {
    transaction.execute(
        "INSERT INTO audit_log (actor_id, approved_by, action, entity, entity_id, before, after, occurred_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            entry.actor_id,
            entry.approved_by,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.before.as_ref().map(Value::to_string),
            entry.after.as_ref().map(Value::to_string),
            entry.occurred_at
        ],
    )?;
    Ok(())
}
