//! Store settings: text values by key (store data for receipts, PIX, device code), and
//! the counter's hardware settings only a manager changes, each change audited.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::json;

use crate::people::require_active_user;
use crate::records::{AuditEntry, append_to_audit_log, now_millis};
use crate::{CoreError, StoreDatabase};

/// The value of `key` on `connection`; blank values count as unset.
pub fn read_setting(connection: &Connection, key: &str) -> Result<Option<String>, CoreError> {
    Ok(connection
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get::<_, String>(0))
        .optional()?
        .filter(|value| !value.trim().is_empty()))
}

/// Sets `key` to `value`.
pub fn write_setting(database: &StoreDatabase, key: &str, value: &str) -> Result<(), CoreError> {
    database.write(|transaction| set_setting(transaction, key, value))
}

/// Sets `key` to `value` on `connection`, inside the caller's transaction, so several
/// settings change together or not at all.
pub fn set_setting(connection: &Connection, key: &str, value: &str) -> Result<(), CoreError> {
    connection
        .prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE
             SET value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )?
        .execute(params![key, value])?;
    Ok(())
}

/// Sets `key` to `value` for `actor_id`, a manager or the owner (else `changing` names
/// what was refused), with an audit row `settings.<key>_changed` holding both values.
pub fn set_manager_setting(
    transaction: &Transaction<'_>,
    actor_id: &str,
    key: &str,
    value: &str,
    changing: &'static str,
) -> Result<(), CoreError> {
    let actor = require_active_user(transaction, actor_id)?;
    if !actor.role.approves() {
        return Err(CoreError::ManagerApprovalRequired { action: changing });
    }
    let before = read_setting(transaction, key)?;
    set_setting(transaction, key, value)?;
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(actor_id),
            approved_by: None,
            action: &format!("settings.{key}_changed"),
            entity: "settings",
            entity_id: key,
            before: Some(json!({ key: before })),
            after: Some(json!({ key: value })),
            occurred_at: now_millis(),
        },
    )
}
