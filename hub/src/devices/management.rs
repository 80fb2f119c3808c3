//! Owners, admins and support managing devices: the list, and resets and revocations.
//! A reset frees the seat and lets the machine activate again; a revocation shuts the
//! device out for good. Either way its tokens stop working at once (the device session
//! checks the status on every request) and the change is audited with its reason. A
//! reset also queues a `device.reset` command with the reason, for the store to show
//! once it is activated again, and is limited to a few per device per calendar month so
//! one seat cannot be passed around between machines.

use fflow_protocol::commands::DEVICE_RESET;
use fflow_protocol::{DeviceStatus, DeviceSummary, UsageCounters};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{DeviceError, stored_status};
use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::command_feed::{NewCommand, emit_command};
use crate::tenancy::{SupportActor, SupportReason, TenantId, begin_support_access};

/// How many times one device may be reset in a calendar month (UTC).
pub const MAXIMUM_RESETS_PER_MONTH: i32 = 3;

/// What happens to a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceChange {
    Reset,
    Revoke,
}

impl DeviceChange {
    fn new_status(self) -> DeviceStatus {
        match self {
            DeviceChange::Reset => DeviceStatus::Reset,
            DeviceChange::Revoke => DeviceStatus::Revoked,
        }
    }

    fn past_tense(self) -> &'static str {
        match self {
            DeviceChange::Reset => "reset",
            DeviceChange::Revoke => "revoked",
        }
    }

    fn audit_action(self) -> &'static str {
        match self {
            DeviceChange::Reset => "device.reset",
            DeviceChange::Revoke => "device.revoke",
        }
    }

    /// A reset applies to an active device; a revocation also to one already reset.
    fn applies_to(self, status: DeviceStatus) -> bool {
        match self {
            DeviceChange::Reset => status == DeviceStatus::Active,
            DeviceChange::Revoke => status != DeviceStatus::Revoked,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct DeviceRow {
    id: Uuid,
    name: String,
    status: String,
    epoch: i64,
    last_seen_at: Option<i64>,
    app_version: Option<String>,
    usage_till_users: Option<i32>,
    usage_products: Option<i32>,
    usage_sales_completed: Option<i64>,
    usage_reported_at: Option<i64>,
}

/// The tenant's devices, newest first. Filtered by `tenant` as well as by the policy: the
/// operator's command line may run as a superuser, whom row-level security does not bind.
pub async fn list_devices(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
) -> Result<Vec<DeviceSummary>, DeviceError> {
    let rows: Vec<DeviceRow> = sqlx::query_as(
        "SELECT id, name, status, epoch, app_version,
                floor(extract(epoch FROM last_seen_at))::bigint AS last_seen_at,
                usage_till_users, usage_products, usage_sales_completed,
                floor(extract(epoch FROM usage_reported_at))::bigint AS usage_reported_at
         FROM devices WHERE tenant_id = $1 ORDER BY activated_at DESC, id",
    )
    .bind(tenant.0)
    .fetch_all(&mut **transaction)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| DeviceSummary {
            usage: usage_of(&row),
            usage_reported_at: row.usage_reported_at,
            device_id: row.id,
            name: row.name,
            status: stored_status(&row.status),
            epoch: row.epoch,
            last_seen_at: row.last_seen_at,
            app_version: row.app_version,
        })
        .collect())
}

/// The counters of the last heartbeat that carried them; the database keeps them all set
/// or all unset, and never negative.
fn usage_of(row: &DeviceRow) -> Option<UsageCounters> {
    Some(UsageCounters {
        till_users: u32::try_from(row.usage_till_users?).ok()?,
        products: u32::try_from(row.usage_products?).ok()?,
        sales_completed: u64::try_from(row.usage_sales_completed?).ok()?,
    })
}

/// Applies `change` to `device` of the tenant of `transaction`, with `reason` in the audit
/// log; the caller commits. Support staff pass the transaction of
/// `tenancy::begin_support_access`, which has already recorded their access.
pub async fn change_device(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    device: Uuid,
    change: DeviceChange,
    actor_kind: ActorKind,
    actor: &str,
    reason: &str,
) -> Result<DeviceStatus, DeviceError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DeviceError::MissingReason);
    }
    // The row is locked until commit, so two resets at once cannot both pass the limit.
    let current: Option<(String, i32)> = sqlx::query_as(
        "SELECT status,
                CASE WHEN reset_month = date_trunc('month', now() AT TIME ZONE 'UTC')::date
                     THEN resets_in_month::integer ELSE 0 END
         FROM devices WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant.0)
    .bind(device)
    .fetch_optional(&mut **transaction)
    .await?;
    let (status, resets_this_month) = current.ok_or(DeviceError::NotFound)?;
    let status = stored_status(&status);
    if !change.applies_to(status) {
        return Err(DeviceError::NotChangeable {
            status,
            change: change.past_tense(),
        });
    }
    if change == DeviceChange::Reset && resets_this_month >= MAXIMUM_RESETS_PER_MONTH {
        return Err(DeviceError::ResetLimitReached);
    }
    let new_status = change.new_status();
    sqlx::query("UPDATE devices SET status = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(device)
        .bind(new_status.as_str())
        .execute(&mut **transaction)
        .await?;
    if change == DeviceChange::Reset {
        sqlx::query(
            "UPDATE devices SET reset_month = date_trunc('month', now() AT TIME ZONE 'UTC')::date,
                    resets_in_month = $3::integer + 1
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.0)
        .bind(device)
        .bind(resets_this_month)
        .execute(&mut **transaction)
        .await?;
        emit_command(
            transaction,
            tenant,
            NewCommand {
                kind: DEVICE_RESET,
                // The shape of `fflow_protocol::commands::DeviceReset`.
                payload: json!({ "reason": reason }),
                device: Some(device),
            },
        )
        .await?;
    }
    // Its unanswered challenges go too: nothing issued before the change may be traded in.
    sqlx::query("DELETE FROM device_challenges WHERE tenant_id = $1 AND device_id = $2")
        .bind(tenant.0)
        .bind(device)
        .execute(&mut **transaction)
        .await?;
    append_audit(
        transaction,
        AuditEntry {
            tenant,
            actor_kind,
            actor,
            action: change.audit_action(),
            reason: Some(reason),
            before: Some(json!({ "device": device, "status": status.as_str() })),
            after: Some(json!({ "device": device, "status": new_status.as_str() })),
        },
    )
    .await?;
    Ok(new_status)
}

/// Support staff resetting `device` of `tenant`: one transaction that first records their
/// access (who, which tenant, why) and then the reset, committed together.
pub async fn support_reset(
    pool: &sqlx::PgPool,
    tenant: TenantId,
    device: Uuid,
    actor: &SupportActor,
    reason: &SupportReason,
) -> Result<DeviceStatus, DeviceError> {
    let mut transaction = begin_support_access(pool, tenant, actor, reason).await?;
    let status = change_device(
        &mut transaction,
        tenant,
        device,
        DeviceChange::Reset,
        ActorKind::Support,
        &actor.actor,
        reason.as_str(),
    )
    .await?;
    transaction.commit().await?;
    Ok(status)
}
