//! Pulling the hub's commands: pages after the stored cursor from `GET /v1/sync/pull`,
//! each applied in one write transaction (see `apply`), then acknowledged. A cursor the
//! hub no longer keeps commands for (410 `too_far_behind`), or one it never handed out
//! (409 `cursor_ahead`), is replaced by the snapshot's.
//! No network call holds the database writer.

use fflow_protocol::sync::{AckRequest, PullResponse, Snapshot, TOO_FAR_BEHIND_CODE};

use super::apply::{apply_command_page, apply_snapshot, stored_command_cursor};
use super::status::{Round, record_round};
use crate::hub_client::{HubClient, read_hub_link};
use crate::{CoreError, StoreDatabase};

/// The hub's 409 code for a cursor past the last command it handed out.
const CURSOR_AHEAD_CODE: &str = "cursor_ahead";
/// Commands asked for per pull; the hub answers at most 1,000.
const COMMANDS_PER_PULL: i64 = 200;

/// What one pull round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PullReport {
    pub pages: u64,
    pub applied: u64,
    /// Commands delivered again and skipped by the inbox.
    pub duplicates: u64,
    pub quarantined: u64,
    pub snapshots_applied: u64,
}

/// Pulls and applies every command the hub holds for this store (until `more` is false),
/// then records the outcome for [`super::sync_status`].
pub async fn pull_commands(
    client: &HubClient,
    database: &StoreDatabase,
) -> Result<PullReport, CoreError> {
    let outcome = drain(client, database).await;
    record_round(database, Round::Pull, outcome.as_ref().map(|_| ()))?;
    outcome
}

async fn drain(client: &HubClient, database: &StoreDatabase) -> Result<PullReport, CoreError> {
    database
        .read(read_hub_link)?
        .ok_or(CoreError::HubNotLinked)?;
    let mut report = PullReport::default();
    loop {
        let after = database.read(stored_command_cursor)?;
        let answer = client
            .get_as_device(
                database,
                &format!("/v1/sync/pull?after={after}&limit={COMMANDS_PER_PULL}"),
            )
            .await?;
        if matches!(
            answer.status,
            reqwest::StatusCode::GONE | reqwest::StatusCode::CONFLICT
        ) {
            let refusal = answer.refusal();
            // One snapshot per round: a hub that still refuses the cursor after its own
            // snapshot is not helped by another.
            if report.snapshots_applied > 0 || !starts_again_from_snapshot(&refusal) {
                return Err(refusal);
            }
            let snapshot: Snapshot = client
                .get_as_device(database, "/v1/sync/snapshot")
                .await?
                .decode()?;
            apply_snapshot(database, &snapshot)?;
            report.snapshots_applied += 1;
            continue;
        }
        let page: PullResponse = answer.decode()?;
        check_page(&page, after)?;
        let applied = apply_command_page(database, &page.commands, page.next_cursor)?;
        report.pages += 1;
        report.applied += applied.applied;
        report.duplicates += applied.duplicates;
        report.quarantined += applied.quarantined;
        if applied.device_reset {
            // The hub refuses this device now; its token is worth nothing.
            client.forget_token();
            return Ok(report);
        }
        if page.next_cursor > after {
            let _: AckRequest = client
                .post_as_device(
                    database,
                    "/v1/sync/ack",
                    &AckRequest {
                        through: page.next_cursor,
                    },
                )
                .await?
                .decode()?;
        }
        if !page.more {
            return Ok(report);
        }
    }
}

/// Refusals of the cursor that the snapshot mends: the commands after it are pruned
/// (`too_far_behind`), or the hub never handed it out (`cursor_ahead`: a hub restored
/// from a backup, or a store that was activated for another tenant).
fn starts_again_from_snapshot(refusal: &CoreError) -> bool {
    matches!(
        refusal,
        CoreError::HubRefused { code, .. } if *code == TOO_FAR_BEHIND_CODE || *code == CURSOR_AHEAD_CODE
    )
}

/// A page must move forward from `after` in cursor order; anything else is a hub
/// answering for other data, and applying it could skip commands.
fn check_page(page: &PullResponse, after: i64) -> Result<(), CoreError> {
    let mut previous = after;
    for command in &page.commands {
        if command.cursor <= previous {
            return Err(not_in_order(format!(
                "command cursor {} came after {previous}",
                command.cursor
            )));
        }
        previous = command.cursor;
    }
    if page.next_cursor < previous || (page.more && page.commands.is_empty()) {
        return Err(not_in_order(format!(
            "next cursor {} after commands through {previous}",
            page.next_cursor
        )));
    }
    Ok(())
}

fn not_in_order(reason: String) -> CoreError {
    CoreError::HubAnswer {
        url: "/v1/sync/pull".to_owned(),
        reason,
    }
}
