//! `fflow-hub commands prune`: the command feed's retention, run by a scheduler per
//! tenant. Stores whose cursor falls behind what is kept are told to take a snapshot.

use sqlx::PgPool;

use super::OperatorError;
use super::device::uuid_flag;
use super::flags::Flags;
use crate::command_feed::prune_commands;
use crate::tenancy::{TenantId, begin_for_tenant};

/// A parsed `commands prune`.
#[derive(Debug)]
pub(super) struct PruneCommands {
    tenant: TenantId,
    older_than_days: u32,
}

pub(super) fn parse_prune(arguments: &[String]) -> Result<PruneCommands, OperatorError> {
    let flags = Flags::parse(arguments, &["--tenant", "--older-than-days"], &[])?;
    Ok(PruneCommands {
        tenant: TenantId(uuid_flag(&flags, "--tenant")?),
        older_than_days: flags.positive("--older-than-days")?,
    })
}

/// Deletes the tenant's commands older than the retention; prints how many.
pub(super) async fn prune(command: PruneCommands, pool: &PgPool) -> Result<String, OperatorError> {
    let mut transaction = begin_for_tenant(pool, command.tenant).await?;
    let retention_seconds = i64::from(command.older_than_days) * 86_400;
    let deleted = prune_commands(&mut transaction, command.tenant, retention_seconds).await?;
    transaction.commit().await?;
    Ok(deleted.to_string())
}
