//! A tenant's standing: its status (active, pending payment, suspended) and its billing
//! status (paid, overdue), set by the vendor's billing and support staff, audited with the
//! standing before and after and a required reason. Stores learn it from their heartbeat
//! and from their renewed licenses: suspended locks selling, pending payment shows a
//! banner. On the hub a suspended tenant's users may still sign in, look and settle the
//! bill, and its tenant takes no new device.

use serde_json::json;
use sqlx::{Postgres, Transaction};

use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::tenancy::TenantId;

/// The statuses the `tenants` table allows.
pub const TENANT_STATUSES: [&str; 3] = ["active", "pending_payment", "suspended"];
/// The billing statuses it allows.
pub const BILLING_STATUSES: [&str; 2] = ["paid", "overdue"];

#[derive(Debug, thiserror::Error)]
pub enum StandingError {
    #[error("a reason is required, for example the invoice or ticket it answers")]
    MissingReason,
    #[error("{0:?} is not a tenant status: use active, pending_payment or suspended")]
    UnknownStatus(String),
    #[error("{0:?} is not a billing status: use paid or overdue")]
    UnknownBillingStatus(String),
    #[error("give a status, a billing status or both")]
    NothingToChange,
    #[error("no tenant has this id")]
    UnknownTenant,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The change asked for; `None` keeps what is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StandingChange {
    pub status: Option<String>,
    pub billing_status: Option<String>,
}

/// Sets the standing of `tenant` in `transaction` and audits it; the caller renews the
/// devices' licenses and commits.
pub async fn set_standing(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    change: &StandingChange,
    actor_kind: ActorKind,
    actor: &str,
    reason: &str,
) -> Result<(), StandingError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StandingError::MissingReason);
    }
    if change.status.is_none() && change.billing_status.is_none() {
        return Err(StandingError::NothingToChange);
    }
    if let Some(status) = &change.status
        && !TENANT_STATUSES.contains(&status.as_str())
    {
        return Err(StandingError::UnknownStatus(status.clone()));
    }
    if let Some(billing) = &change.billing_status
        && !BILLING_STATUSES.contains(&billing.as_str())
    {
        return Err(StandingError::UnknownBillingStatus(billing.clone()));
    }
    // By id as well as by policy: the operator may run as a superuser.
    let before: (String, String) =
        sqlx::query_as("SELECT status, billing_status FROM tenants WHERE id = $1 FOR UPDATE")
            .bind(tenant.0)
            .fetch_optional(&mut **transaction)
            .await?
            .ok_or(StandingError::UnknownTenant)?;
    let after: (String, String) = sqlx::query_as(
        "UPDATE tenants SET status = coalesce($2, status),
                            billing_status = coalesce($3, billing_status)
         WHERE id = $1 RETURNING status, billing_status",
    )
    .bind(tenant.0)
    .bind(&change.status)
    .bind(&change.billing_status)
    .fetch_one(&mut **transaction)
    .await?;
    append_audit(
        transaction,
        AuditEntry {
            tenant,
            actor_kind,
            actor,
            action: "tenant.standing_change",
            reason: Some(reason),
            before: Some(json!({ "status": before.0, "billing_status": before.1 })),
            after: Some(json!({ "status": after.0, "billing_status": after.1 })),
        },
    )
    .await?;
    Ok(())
}
