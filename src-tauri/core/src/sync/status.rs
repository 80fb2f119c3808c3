//! Where sync stands, for the UI: events waiting, how old the oldest is, the last
//! successful push and the last error.

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// The sync status line. Times are Unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub pending_events: i64,
    /// How long the oldest waiting event has waited, `None` when nothing waits.
    pub oldest_pending_age_ms: Option<i64>,
    pub last_success_at: Option<i64>,
    /// Cleared by the next successful push.
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    /// Whether the store has been activated with a hub at all.
    pub linked: bool,
}

/// Reads the status on a reader connection.
pub fn sync_status(database: &StoreDatabase) -> Result<SyncStatus, CoreError> {
    database.read(|connection| {
        let (pending_events, oldest): (i64, Option<i64>) = connection.query_row(
            "SELECT count(*), min(occurred_at) FROM outbox WHERE acked_at IS NULL",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let link: Option<(Option<i64>, Option<String>, Option<i64>)> = connection
            .query_row(
                "SELECT last_push_success, last_push_error, last_push_error_at
                 FROM hub_link WHERE id = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let (last_success_at, last_error, last_error_at) = link.clone().unwrap_or_default();
        Ok(SyncStatus {
            pending_events,
            oldest_pending_age_ms: oldest.map(|at| (now_millis() - at).max(0)),
            last_success_at,
            last_error,
            last_error_at,
            linked: link.is_some(),
        })
    })
}
