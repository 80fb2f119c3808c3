//! Counting failed sign-ins, per (tenant, email) and per client address, in PostgreSQL so
//! that every hub process behind a load balancer counts the same attempts.
//!
//! An attempt is written (and committed) before its password is checked, then counted
//! with every attempt committed before it, and deleted once it succeeds. So of any number
//! of attempts racing in parallel, at most the limit get a password check: checking
//! first and recording after would let a burst through before any failure was written.
//! Times are Unix seconds passed in by the caller, so tests move the clock, never sleep.

use std::net::IpAddr;

use sqlx::{PgConnection, PgPool};

use super::AuthError;
use crate::tenancy::{TenantId, begin_for_tenant};

/// Failures older than this no longer count.
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
/// Failures of one email at one tenant within the window before sign-in is refused.
pub const MAXIMUM_FAILURES_PER_EMAIL: i64 = 5;
/// Failures from one address within the window, any tenant or email; higher, because an
/// office's people share one address.
pub const MAXIMUM_FAILURES_PER_ADDRESS: i64 = 20;

/// An attempt written before its password check; forget it with `succeeded`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Attempt(i64);

/// How many attempts the window holds (the caller's own included) and the Unix time of
/// the oldest.
#[derive(Debug, sqlx::FromRow)]
struct Window {
    count: i64,
    oldest: i64,
}

impl Window {
    /// Refuses when the window holds more than `maximum` attempts counting this one.
    fn refusal(&self, maximum: i64, now: i64) -> Option<AuthError> {
        if self.count <= maximum {
            return None;
        }
        // The oldest attempt leaves the window first and frees a place.
        let retry_after_seconds = (self.oldest + FAILURE_WINDOW_SECONDS - now).max(1);
        Some(AuthError::TooManyFailures {
            retry_after_seconds,
        })
    }
}

/// Writes an attempt from `address`, or refuses when the window is full.
pub(super) async fn begin_address_attempt(
    pool: &PgPool,
    address: IpAddr,
    now: i64,
) -> Result<Attempt, AuthError> {
    let address = address.to_string();
    let mut transaction = pool.begin().await?;
    // Attempts the window has passed no longer count. Dropping them for every address,
    // not only this one, keeps the table small when each guess comes from a new address.
    sqlx::query(
        "DELETE FROM sign_in_failures_by_address
         WHERE at <= to_timestamp($1) - make_interval(secs => $2)",
    )
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .execute(&mut *transaction)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_failures_by_address (client_address, at)
         VALUES ($1::inet, to_timestamp($2)) RETURNING id",
    )
    .bind(&address)
    .bind(now as f64)
    .fetch_one(&mut *transaction)
    .await?;
    transaction.commit().await?;
    // Counted after our commit, so two racing attempts each see the other's row.
    let window: Window = sqlx::query_as(
        "SELECT count(*) AS count, coalesce(floor(extract(epoch FROM min(at)))::bigint, 0) AS oldest
         FROM sign_in_failures_by_address
         WHERE client_address = $1::inet AND at > to_timestamp($2) - make_interval(secs => $3)",
    )
    .bind(&address)
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .fetch_one(pool)
    .await?;
    if let Some(refusal) = window.refusal(MAXIMUM_FAILURES_PER_ADDRESS, now) {
        // A refused attempt checked no password; it must not lengthen the wait.
        forget_address_attempt(pool, Attempt(id)).await?;
        return Err(refusal);
    }
    Ok(Attempt(id))
}

/// Forgets an address attempt whose password was right, or that was refused unchecked.
pub(super) async fn forget_address_attempt(
    pool: &PgPool,
    attempt: Attempt,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures_by_address WHERE id = $1")
        .bind(attempt.0)
        .execute(pool)
        .await?;
    Ok(())
}

/// Writes an attempt of `email` at `tenant`, or refuses when the window is full.
pub(super) async fn begin_email_attempt(
    pool: &PgPool,
    tenant: TenantId,
    email: &str,
    now: i64,
) -> Result<Attempt, AuthError> {
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    // Expired attempts of every email of this tenant go, so guessing many different
    // emails does not leave rows behind forever.
    sqlx::query(
        "DELETE FROM sign_in_failures
         WHERE tenant_id = $1 AND at <= to_timestamp($2) - make_interval(secs => $3)",
    )
    .bind(tenant.0)
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .execute(&mut *transaction)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_failures (tenant_id, email, at)
         VALUES ($1, $2, to_timestamp($3)) RETURNING id",
    )
    .bind(tenant.0)
    .bind(email)
    .bind(now as f64)
    .fetch_one(&mut *transaction)
    .await?;
    transaction.commit().await?;
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    let window: Window = sqlx::query_as(
        "SELECT count(*) AS count, coalesce(floor(extract(epoch FROM min(at)))::bigint, 0) AS oldest
         FROM sign_in_failures
         WHERE tenant_id = $1 AND email = $2
           AND at > to_timestamp($3) - make_interval(secs => $4)",
    )
    .bind(tenant.0)
    .bind(email)
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .fetch_one(&mut *transaction)
    .await?;
    if let Some(refusal) = window.refusal(MAXIMUM_FAILURES_PER_EMAIL, now) {
        forget_email_attempt(&mut transaction, tenant, Attempt(id)).await?;
        transaction.commit().await?;
        return Err(refusal);
    }
    transaction.commit().await?;
    Ok(Attempt(id))
}

/// Forgets an email attempt whose password was right, in the caller's tenant transaction
/// (the one that issues the session, so both commit together).
pub(super) async fn forget_email_attempt(
    connection: &mut PgConnection,
    tenant: TenantId,
    attempt: Attempt,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(attempt.0)
        .execute(connection)
        .await?;
    Ok(())
}
