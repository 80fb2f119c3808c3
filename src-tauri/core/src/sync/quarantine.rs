//! Commands the store could not apply, kept with the reason so the UI can show them and
//! support can act; the cursor moves past them, so one bad command never stops the feed.

use fflow_protocol::sync::SyncCommand;
use rusqlite::{Transaction, params};
use serde::Serialize;

use super::apply::Refusal;
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// One quarantined command. Times are Unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarantinedCommand {
    pub command_id: String,
    pub cursor: i64,
    pub kind: String,
    /// The payload as the hub sent it (JSON text).
    pub payload: String,
    /// Stable, for the UI to branch on: `unknown_kind`, `invalid_payload`, `unknown_sku`,
    /// `license_invalid`, `constraint_violated`.
    pub reason_code: String,
    pub reason: String,
    pub quarantined_at: i64,
}

/// The quarantined commands, oldest cursor first.
pub fn quarantined_commands(
    database: &StoreDatabase,
) -> Result<Vec<QuarantinedCommand>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT command_id, cursor, kind, payload, reason_code, reason, quarantined_at
             FROM command_quarantine ORDER BY cursor",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(QuarantinedCommand {
                command_id: row.get(0)?,
                cursor: row.get(1)?,
                kind: row.get(2)?,
                payload: row.get(3)?,
                reason_code: row.get(4)?,
                reason: row.get(5)?,
                quarantined_at: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    })
}

pub(crate) fn quarantine_command(
    transaction: &Transaction<'_>,
    command: &SyncCommand,
    refusal: &Refusal,
) -> Result<(), CoreError> {
    tracing::warn!(
        command = %command.id,
        kind = %command.kind,
        reason = refusal.code,
        "a command from the hub was quarantined"
    );
    transaction
        .prepare_cached(
            "INSERT INTO command_quarantine
                 (command_id, cursor, kind, payload, reason_code, reason, quarantined_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (command_id) DO NOTHING",
        )?
        .execute(params![
            command.id.to_string(),
            command.cursor,
            command.kind,
            command.payload.to_string(),
            refusal.code,
            refusal.message,
            now_millis()
        ])?;
    Ok(())
}
