//! Creating tenants: the customer companies of F-Flow.

use fflow_protocol::Cnpj;
use serde_json::json;
use sqlx::{Postgres, Transaction};

use super::{AccountError, violates_unique};
use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::tenancy::{TenantId, begin_for_tenant};

/// Live tenants are paying customers; test tenants (demos, QA) never bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantMode {
    Live,
    Test,
}

impl TenantMode {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantMode::Live => "live",
            TenantMode::Test => "test",
        }
    }
}

/// What it takes to open a tenant. New tenants start active, paid, in BRL and on no plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTenant {
    pub name: String,
    pub cnpj: Cnpj,
    pub mode: TenantMode,
}

/// Creates a tenant and records it in the audit log, both in one transaction acting for
/// the new tenant: row-level security admits the row only because it is that tenant's own.
pub async fn create_tenant(
    pool: &sqlx::PgPool,
    tenant: &NewTenant,
    actor_kind: ActorKind,
    actor: &str,
) -> Result<TenantId, AccountError> {
    let id = TenantId::generate();
    let mut transaction = begin_for_tenant(pool, id).await?;
    insert_tenant(&mut transaction, id, tenant, actor_kind, actor).await?;
    transaction.commit().await?;
    Ok(id)
}

/// Inserts tenant `id` and its audit row in `transaction`, which must act for `id`
/// ([`begin_for_tenant`]); the caller commits, so the tenant and its first users can be
/// created all or nothing.
pub async fn insert_tenant(
    transaction: &mut Transaction<'static, Postgres>,
    id: TenantId,
    tenant: &NewTenant,
    actor_kind: ActorKind,
    actor: &str,
) -> Result<(), AccountError> {
    let name = tenant.name.trim();
    if name.is_empty() {
        return Err(AccountError::EmptyName);
    }
    sqlx::query("INSERT INTO tenants (id, name, cnpj, mode) VALUES ($1, $2, $3, $4)")
        .bind(id.0)
        .bind(name)
        .bind(tenant.cnpj.as_str())
        .bind(tenant.mode.as_str())
        .execute(&mut **transaction)
        .await
        .map_err(|error| {
            if violates_unique(&error, "tenants_live_cnpj") {
                AccountError::CnpjTaken {
                    cnpj: tenant.cnpj.to_string(),
                }
            } else {
                AccountError::Database(error)
            }
        })?;
    append_audit(
        transaction,
        AuditEntry {
            tenant: id,
            actor_kind,
            actor,
            action: "tenant.create",
            reason: None,
            before: None,
            after: Some(json!({
                "name": name,
                "cnpj": tenant.cnpj.as_str(),
                "mode": tenant.mode.as_str(),
            })),
        },
    )
    .await?;
    Ok(())
}
