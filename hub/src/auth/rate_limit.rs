//! Counting failed sign-ins, per (tenant, email) and per client address, in PostgreSQL so
//! that every hub process behind a load balancer counts the same attempts. Times are Unix
//! seconds passed in by the caller, so tests move the clock instead of sleeping.

use std::net::IpAddr;

use sqlx::{PgConnection, PgPool};

use super::AuthError;
use crate::tenancy::TenantId;

/// Failures older than this no longer count.
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
/// Failures of one email at one tenant within the window before sign-in is refused.
pub const MAXIMUM_FAILURES_PER_EMAIL: i64 = 5;
/// Failures from one address within the window, any tenant or email; higher, because an
/// office's people share one address.
pub const MAXIMUM_FAILURES_PER_ADDRESS: i64 = 20;

/// How many failures the window holds, and the Unix time of the oldest.
#[derive(Debug, sqlx::FromRow)]
struct Failures {
    count: i64,
    oldest: i64,
}

impl Failures {
    fn refuse_at(&self, maximum: i64, now: i64) -> Result<(), AuthError> {
        if self.count < maximum {
            return Ok(());
        }
        // The oldest failure leaves the window first and frees one attempt.
        let retry_after_seconds = (self.oldest + FAILURE_WINDOW_SECONDS - now).max(1);
        Err(AuthError::TooManyFailures {
            retry_after_seconds,
        })
    }
}

pub(super) async fn check_address(
    pool: &PgPool,
    address: IpAddr,
    now: i64,
) -> Result<(), AuthError> {
    let failures: Failures = sqlx::query_as(
        "SELECT count(*) AS count, coalesce(floor(extract(epoch FROM min(at)))::bigint, 0) AS oldest
         FROM sign_in_failures_by_address
         WHERE client_address = $1::inet AND at > to_timestamp($2) - make_interval(secs => $3)",
    )
    .bind(address.to_string())
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .fetch_one(pool)
    .await?;
    failures.refuse_at(MAXIMUM_FAILURES_PER_ADDRESS, now)
}

/// Checks the (tenant, email) count inside the caller's tenant transaction.
pub(super) async fn check_email(
    connection: &mut PgConnection,
    tenant: TenantId,
    email: &str,
    now: i64,
) -> Result<(), AuthError> {
    let failures: Failures = sqlx::query_as(
        "SELECT count(*) AS count, coalesce(floor(extract(epoch FROM min(at)))::bigint, 0) AS oldest
         FROM sign_in_failures
         WHERE tenant_id = $1 AND email = $2
           AND at > to_timestamp($3) - make_interval(secs => $4)",
    )
    .bind(tenant.0)
    .bind(email)
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .fetch_one(connection)
    .await?;
    failures.refuse_at(MAXIMUM_FAILURES_PER_EMAIL, now)
}

/// Records a failure from `address`, dropping that address's failures the window has
/// passed so the table holds only what still counts.
pub(super) async fn record_address_failure(
    pool: &PgPool,
    address: IpAddr,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut transaction = pool.begin().await?;
    sqlx::query(
        "DELETE FROM sign_in_failures_by_address
         WHERE client_address = $1::inet AND at <= to_timestamp($2) - make_interval(secs => $3)",
    )
    .bind(address.to_string())
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .execute(&mut *transaction)
    .await?;
    sqlx::query(
        "INSERT INTO sign_in_failures_by_address (client_address, at) VALUES ($1::inet, to_timestamp($2))",
    )
    .bind(address.to_string())
    .bind(now as f64)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await
}

/// Records a failure of `email` at `tenant`, in the caller's tenant transaction.
pub(super) async fn record_email_failure(
    connection: &mut PgConnection,
    tenant: TenantId,
    email: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM sign_in_failures
         WHERE tenant_id = $1 AND email = $2
           AND at <= to_timestamp($3) - make_interval(secs => $4)",
    )
    .bind(tenant.0)
    .bind(email)
    .bind(now as f64)
    .bind(FAILURE_WINDOW_SECONDS as f64)
    .execute(&mut *connection)
    .await?;
    sqlx::query(
        "INSERT INTO sign_in_failures (tenant_id, email, at) VALUES ($1, $2, to_timestamp($3))",
    )
    .bind(tenant.0)
    .bind(email)
    .bind(now as f64)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
