//! The command feed's retention, run by the serving hub on a schedule: every tenant with
//! commands older than the retention has them pruned, each tenant in its own transaction
//! as the runtime role (`command_feed::prune_commands`). A store whose cursor falls behind
//! what is kept is told to take a snapshot, so pruning never loses a change.

use std::time::Duration;

use sqlx::PgPool;
use uuid::Uuid;

use crate::command_feed::prune_commands;
use crate::tenancy::{TenantId, begin_for_tenant};

/// How many days commands are kept when the configuration does not say.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// How often the serving hub prunes.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);

/// What one pass pruned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PruneReport {
    pub tenants: usize,
    pub commands: u64,
}

/// Prunes every tenant's commands older than `retention_seconds`.
pub async fn prune_all_tenants(
    pool: &PgPool,
    retention_seconds: i64,
) -> Result<PruneReport, sqlx::Error> {
    let tenants: Vec<Uuid> = sqlx::query_scalar("SELECT tenants_with_commands_older_than($1)")
        .bind(retention_seconds as f64)
        .fetch_all(pool)
        .await?;
    let mut report = PruneReport::default();
    for tenant in tenants {
        let tenant = TenantId(tenant);
        let mut transaction = begin_for_tenant(pool, tenant).await?;
        report.commands += prune_commands(&mut transaction, tenant, retention_seconds).await?;
        transaction.commit().await?;
        report.tenants += 1;
    }
    Ok(report)
}

/// Prunes every `PRUNE_EVERY`, forever; a failed pass is logged and the next one tries
/// again (nothing is lost by pruning late).
pub async fn prune_on_schedule(pool: PgPool, retention_days: u32) {
    let retention_seconds = i64::from(retention_days) * 86_400;
    let mut timer = tokio::time::interval(PRUNE_EVERY);
    loop {
        timer.tick().await;
        match prune_all_tenants(&pool, retention_seconds).await {
            Ok(report) if report.commands > 0 => tracing::info!(
                tenants = report.tenants,
                commands = report.commands,
                retention_days,
                "pruned the command feed"
            ),
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, "pruning the command feed failed; retrying at the next pass")
            }
        }
    }
}
