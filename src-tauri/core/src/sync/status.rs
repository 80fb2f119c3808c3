//! Where sync stands, for the UI: events waiting, how old the oldest is, the last
//! successful push and pull and their last errors, and the commands in quarantine.

use rusqlite::{OptionalExtension, params};
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
    /// The last pull of the hub's commands that succeeded.
    pub last_pull_success_at: Option<i64>,
    /// Cleared by the next successful pull.
    pub last_pull_error: Option<String>,
    pub last_pull_error_at: Option<i64>,
    /// Commands from the hub that could not be applied (see `quarantined_commands`).
    pub quarantined_commands: i64,
    /// Whether the store has been activated with a hub at all.
    pub linked: bool,
}

/// The outcomes recorded on the hub link: (success, error, error time) of push and pull.
type LinkOutcomes = [(Option<i64>, Option<String>, Option<i64>); 2];

/// Reads the status on a reader connection.
pub fn sync_status(database: &StoreDatabase) -> Result<SyncStatus, CoreError> {
    database.read(|connection| {
        let (pending_events, oldest, quarantined_commands): (i64, Option<i64>, i64) = connection
            .query_row(
                "SELECT count(*), min(occurred_at),
                        (SELECT count(*) FROM command_quarantine)
                 FROM outbox WHERE acked_at IS NULL",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
        let link: Option<LinkOutcomes> = connection
            .query_row(
                "SELECT last_push_success, last_push_error, last_push_error_at,
                        last_pull_success, last_pull_error, last_pull_error_at
                 FROM hub_link WHERE id = 1",
                [],
                |row| {
                    Ok([
                        (row.get(0)?, row.get(1)?, row.get(2)?),
                        (row.get(3)?, row.get(4)?, row.get(5)?),
                    ])
                },
            )
            .optional()?;
        let linked = link.is_some();
        let [push, pull] = link.unwrap_or_default();
        Ok(SyncStatus {
            pending_events,
            oldest_pending_age_ms: oldest.map(|at| (now_millis() - at).max(0)),
            last_success_at: push.0,
            last_error: push.1,
            last_error_at: push.2,
            last_pull_success_at: pull.0,
            last_pull_error: pull.1,
            last_pull_error_at: pull.2,
            quarantined_commands,
            linked,
        })
    })
}

/// A push or a pull round, whose outcome the status shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Round {
    Push,
    Pull,
}

/// Records how a round ended: a success clears the last error, a failure keeps the last
/// success and says why, with the error's code first.
pub(crate) fn record_round(
    database: &StoreDatabase,
    round: Round,
    outcome: Result<(), &CoreError>,
) -> Result<(), CoreError> {
    let (success, error) = match outcome {
        Ok(()) => (Some(now_millis()), None),
        Err(error) => (None, Some(format!("{}: {error}", error.code()))),
    };
    // The column names come from the enum, never from input.
    let round = match round {
        Round::Push => "push",
        Round::Pull => "pull",
    };
    let statement = format!(
        "UPDATE hub_link SET
             last_{round}_success = coalesce(?1, last_{round}_success),
             last_{round}_error = CASE WHEN ?1 IS NULL THEN ?2 ELSE NULL END,
             last_{round}_error_at = CASE WHEN ?1 IS NULL THEN ?3 ELSE NULL END
         WHERE id = 1"
    );
    database.write(|transaction| {
        transaction.execute(&statement, params![success, error, now_millis()])?;
        Ok(())
    })
}
