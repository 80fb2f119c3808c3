//! Tenant-scoped transactions: the one way hub code reaches tenant data.
//!
//! Row-level security filters every tenant table on `app.tenant_id`. This module sets it
//! with `set_config(..., true)`, which lasts until the transaction ends, so a pooled
//! connection never carries one request's tenant into the next (a session-level `SET`
//! would). Without it the policies see no tenant and every tenant table looks empty.

use std::fmt;
use std::pin::Pin;

use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::audit::{ActorKind, AuditEntry, append_audit};

/// The tenant a transaction acts for. Built from the authenticated principal (or, for
/// operators, from the command line), never from a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(pub Uuid);

impl TenantId {
    /// A fresh id for a tenant being created (UUIDv7: ordered by creation time).
    pub fn generate() -> Self {
        TenantId(Uuid::now_v7())
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

/// A transaction being opened, boxed as sqlx's own `Acquire` does, so that callers which
/// must be `Send` (the HTTP extractors) see one concrete future type.
pub type BeginFuture<'c> =
    Pin<Box<dyn Future<Output = Result<Transaction<'c, Postgres>, sqlx::Error>> + Send + 'c>>;

/// Where a tenant transaction can start: the pool (a connection of its own, so `'c` is
/// `'static`) or one connection that tests hold on to. Never a connection already in a
/// transaction: a custom BEGIN cannot nest, so sqlx refuses it rather than open a
/// savepoint, and the caller hears an error instead of a transaction for another tenant.
pub trait TenantConnection<'c> {
    fn begin_with_statement(self, statement: String) -> BeginFuture<'c>;
}

impl<'c> TenantConnection<'c> for &PgPool {
    fn begin_with_statement(self, statement: String) -> BeginFuture<'c> {
        // A clone shares the pool; the future then borrows nothing.
        let pool = self.clone();
        Box::pin(async move { pool.begin_with(AssertSqlSafe(statement)).await })
    }
}

impl<'c> TenantConnection<'c> for &'c mut PgConnection {
    fn begin_with_statement(self, statement: String) -> BeginFuture<'c> {
        Box::pin(async move { self.begin_with(AssertSqlSafe(statement)).await })
    }
}

/// Opens a transaction whose queries see and write only `tenant`'s rows. Usually given the
/// pool; tests give it one connection to look at what the connection keeps afterwards.
pub async fn begin_for_tenant<'c>(
    connection: impl TenantConnection<'c>,
    tenant: TenantId,
) -> Result<Transaction<'c, Postgres>, sqlx::Error> {
    // BEGIN and the tenant go in one simple-query message: one round trip instead of two,
    // which every tenant request pays. A simple query takes no parameters, so the id is
    // written in; a `Uuid` prints only hex digits and dashes, so nothing can be injected.
    // Should the setting fail, the transaction is not open and sqlx reports the failure.
    connection
        .begin_with_statement(format!(
            "BEGIN; SELECT set_config('app.tenant_id', '{}', true)",
            tenant.0.hyphenated()
        ))
        .await
}

/// Why F-Flow support staff reach into a customer's data. Never empty: the audit row that
/// opens every support transaction must say why (the database checks it too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportReason(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("support work on a tenant needs a reason, for example the ticket it answers")]
pub struct MissingSupportReason;

impl SupportReason {
    pub fn new(reason: &str) -> Result<Self, MissingSupportReason> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MissingSupportReason);
        }
        Ok(SupportReason(reason.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who is doing support work, as the audit log names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportActor {
    /// A stable identity of the staff member, for example `support:<user id>`.
    pub actor: String,
}

/// The explicit cross-tenant path: support staff act on `tenant` inside a tenant-scoped
/// transaction that begins by recording who, which tenant and why in the audit log. The
/// record commits or rolls back with the work, so there is no support work without it.
pub async fn begin_support_access(
    pool: &PgPool,
    tenant: TenantId,
    actor: &SupportActor,
    reason: &SupportReason,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    append_audit(
        &mut transaction,
        AuditEntry {
            tenant,
            actor_kind: ActorKind::Support,
            actor: &actor.actor,
            action: "support.access",
            reason: Some(reason.as_str()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(transaction)
}
