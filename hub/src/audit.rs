//! Writing the audit log: who did what to which tenant, why, and the state before and after.
//!
//! The table is append-only by the database's own rules (see migration 0006); this module
//! only ever inserts, inside the tenant transaction of the change being recorded.

use serde_json::Value;
use sqlx::{Postgres, Transaction};

use crate::tenancy::TenantId;

/// The kinds of actor the audit log knows; the database checks the same list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    User,
    Support,
    Operator,
    Device,
    System,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::User => "user",
            ActorKind::Support => "support",
            ActorKind::Operator => "operator",
            ActorKind::Device => "device",
            ActorKind::System => "system",
        }
    }
}

/// One row of the audit log, before the database stamps its id and time.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry<'a> {
    pub tenant: TenantId,
    pub actor_kind: ActorKind,
    pub actor: &'a str,
    /// Dotted, lower-case, for example `tenant.create` or `device.reset`.
    pub action: &'a str,
    pub reason: Option<&'a str>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Appends `entry` in the caller's tenant transaction, so the record and the change it
/// describes commit together or not at all.
pub async fn append_audit(
    transaction: &mut Transaction<'static, Postgres>,
    entry: AuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (tenant_id, actor_kind, actor, action, reason, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.tenant.0)
    .bind(entry.actor_kind.as_str())
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.reason)
    .bind(entry.before)
    .bind(entry.after)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
