//! The log of status checks against the hub: every activation, start-up, scheduled and
//! on-demand check, successful or not, for the license screen and for support.

use rusqlite::params;
use serde::Serialize;

use super::state::InstanceStatus;
use crate::{CoreError, StoreDatabase};

/// Checks kept; older ones are dropped as new ones come, so the table stays small on a
/// counter that checks every few minutes for years.
const CHECKS_KEPT: i64 = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Activation,
    StartUp,
    Scheduled,
    OnDemand,
}

impl CheckKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Activation => "activation",
            CheckKind::StartUp => "start_up",
            CheckKind::Scheduled => "scheduled",
            CheckKind::OnDemand => "on_demand",
        }
    }

    fn parse(text: &str) -> Option<CheckKind> {
        [
            CheckKind::Activation,
            CheckKind::StartUp,
            CheckKind::Scheduled,
            CheckKind::OnDemand,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// One check as the client saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseCheck {
    pub kind: CheckKind,
    pub success: bool,
    pub status_received: Option<InstanceStatus>,
    /// What went wrong, for support (never a token or a key).
    pub error: Option<String>,
    /// `None` when no answer came.
    pub response_time_ms: Option<u32>,
    /// Milliseconds since the Unix epoch.
    pub checked_at: i64,
}

/// Appends `check` to the log.
pub fn record_license_check(
    database: &StoreDatabase,
    check: &LicenseCheck,
) -> Result<(), CoreError> {
    database.write(|transaction| {
        transaction.execute(
            "INSERT INTO license_checks (kind, success, status_received, error, response_time_ms, checked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                check.kind.as_str(),
                check.success,
                check.status_received.map(InstanceStatus::as_str),
                check.error,
                check.response_time_ms,
                check.checked_at
            ],
        )?;
        transaction.execute(
            "DELETE FROM license_checks WHERE seq <= last_insert_rowid() - ?1",
            [CHECKS_KEPT],
        )?;
        Ok(())
    })
}

/// The latest `limit` checks, newest first.
pub fn recent_license_checks(
    database: &StoreDatabase,
    limit: u32,
) -> Result<Vec<LicenseCheck>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT kind, success, status_received, error, response_time_ms, checked_at
             FROM license_checks ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, bool>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<u32>>(4)?,
                row.get::<_, i64>(5)?,
            ))
        })?;
        let mut checks = Vec::new();
        for row in rows {
            let (kind, success, status, error, response_time_ms, checked_at) = row?;
            // The table's CHECK constraints keep both columns to known words.
            let Some(kind) = CheckKind::parse(&kind) else {
                continue;
            };
            checks.push(LicenseCheck {
                kind,
                success,
                status_received: status.as_deref().and_then(InstanceStatus::parse),
                error,
                response_time_ms,
                checked_at,
            });
        }
        Ok(checks)
    })
}
