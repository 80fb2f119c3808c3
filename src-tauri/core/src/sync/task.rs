//! The background sync task: a status check at start-up and on a schedule, an outbox
//! drain whenever events wait, found by a cheap poll of the outbox on a reader
//! connection, and a pull of the hub's commands after each push round and on a schedule. Failures back off exponentially with jitter, so a hub that is down is not
//! hammered by every counter at once; selling never waits, because the task holds the
//! database writer only for the short writes that record outcomes.

use std::future::Future;
use std::time::Duration;

use tokio::time::{Instant, sleep};

use crate::hub_client::{HubClient, check_status};
use crate::licensing::CheckKind;
use crate::sync::{pull_commands, push_outbox};
use crate::{CoreError, StoreDatabase};

/// The longest time between two pulls when nothing else triggers one: commands (prices,
/// payment methods) reach an idle counter within a minute.
const LONGEST_PULL_INTERVAL: Duration = Duration::from_secs(60);

/// How the task paces itself. No `Default`: the app and the tests choose each value.
#[derive(Debug, Clone, Copy)]
pub struct SyncTaskSettings {
    /// How often the outbox is polled for new events (a reader's `count(*)` on an index).
    pub poll_interval: Duration,
    /// Time between scheduled status checks.
    pub status_check_interval: Duration,
    /// The wait after the first failure; it doubles with each failure after.
    pub first_retry_delay: Duration,
    /// The longest wait between attempts.
    pub longest_retry_delay: Duration,
}

/// The wait after `failures` failures in a row (at least 1): exponential up to the
/// longest delay, then scaled by `random_fraction` in [0, 1) into its upper half ("equal
/// jitter"), so counters that failed together retry apart but none retries at once.
pub fn backoff_delay(settings: &SyncTaskSettings, failures: u32, random_fraction: f64) -> Duration {
    let doublings = failures.saturating_sub(1).min(30);
    let exponential = settings
        .first_retry_delay
        .saturating_mul(1_u32 << doublings)
        .min(settings.longest_retry_delay);
    let fraction = random_fraction.clamp(0.0, 1.0);
    exponential.div_f64(2.0) + exponential.div_f64(2.0).mul_f64(fraction)
}

/// Runs until `shutdown` completes. Errors are recorded (status-check log, sync status)
/// and retried; none ends the task.
pub async fn run_sync(
    client: &HubClient,
    database: &StoreDatabase,
    settings: &SyncTaskSettings,
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    let mut check_kind = CheckKind::StartUp;
    let mut next_status_check = Instant::now();
    let mut status_failures = 0_u32;
    let mut next_push = Instant::now();
    let mut push_failures = 0_u32;
    let pull_interval = settings.status_check_interval.min(LONGEST_PULL_INTERVAL);
    let mut next_pull = Instant::now();
    let mut pull_failures = 0_u32;
    loop {
        let now = Instant::now();
        if now >= next_status_check {
            match check_status(client, database, check_kind).await {
                Ok(_) => {
                    status_failures = 0;
                    check_kind = CheckKind::Scheduled;
                    next_status_check = now + settings.status_check_interval;
                }
                Err(error) => {
                    status_failures += 1;
                    next_status_check = now + retry_after(settings, status_failures, &error);
                }
            }
        }
        let mut pushed = false;
        if now >= next_push && has_pending_events(database) {
            match push_outbox(client, database).await {
                Ok(_) => {
                    push_failures = 0;
                    pushed = true;
                }
                Err(error) => {
                    push_failures += 1;
                    next_push = now + retry_after(settings, push_failures, &error);
                }
            }
        }
        // A pull that failed waits out its backoff even after a push round.
        let pull_due = now >= next_pull || (pushed && pull_failures == 0);
        if pull_due {
            match pull_commands(client, database).await {
                Ok(_) => {
                    pull_failures = 0;
                    next_pull = now + pull_interval;
                }
                Err(error) => {
                    pull_failures += 1;
                    next_pull = now + retry_after(settings, pull_failures, &error);
                }
            }
        }
        tokio::select! {
            () = sleep(settings.poll_interval) => {}
            () = &mut shutdown => return,
        }
    }
}

fn retry_after(settings: &SyncTaskSettings, failures: u32, error: &CoreError) -> Duration {
    let delay = backoff_delay(settings, failures, random_fraction());
    tracing::warn!(
        code = error.code(),
        failures,
        ?delay,
        "hub contact failed; retrying later"
    );
    delay
}

fn has_pending_events(database: &StoreDatabase) -> bool {
    database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE acked_at IS NULL)",
                [],
                |row| row.get::<_, bool>(0),
            )?)
        })
        // A database that cannot be read now is tried again on the next poll.
        .unwrap_or(false)
}

fn random_fraction() -> f64 {
    let mut bytes = [0_u8; 4];
    // Without randomness the retry is merely less spread out, never wrong.
    let _ = getrandom::fill(&mut bytes);
    f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: SyncTaskSettings = SyncTaskSettings {
        poll_interval: Duration::from_secs(1),
        status_check_interval: Duration::from_secs(300),
        first_retry_delay: Duration::from_secs(2),
        longest_retry_delay: Duration::from_secs(300),
    };

    fn check(failures: u32, fraction: f64, expected: Duration) {
        assert_eq!(
            backoff_delay(&SETTINGS, failures, fraction),
            expected,
            "failures {failures}, fraction {fraction}"
        );
    }

    #[test]
    fn the_delay_doubles_to_a_ceiling_and_jitter_keeps_the_upper_half() {
        check(1, 0.0, Duration::from_secs(1));
        check(1, 0.5, Duration::from_millis(1_500));
        check(2, 0.0, Duration::from_secs(2));
        check(3, 0.0, Duration::from_secs(4));
        check(9, 0.0, Duration::from_secs(150));
        check(9, 1.0, Duration::from_secs(300));
        check(u32::MAX, 0.0, Duration::from_secs(150));
        check(0, 2.0, Duration::from_secs(2));
    }
}
