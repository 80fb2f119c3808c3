//! Signing in with company, email and password: rate-limited, answering the same error
//! whether the company, the email or the password was wrong.

use std::net::IpAddr;
use std::sync::OnceLock;

use fflow_protocol::{Cnpj, SessionTokens, SignInRequest};
use sqlx::PgPool;
use uuid::Uuid;

use super::access_token::AccessTokenKey;
use super::rate_limit::{
    begin_address_attempt, begin_email_attempt, forget_address_attempt, forget_email_attempt,
};
use super::refresh_tokens::issue_session;
use super::{AuthError, Principal};
use crate::accounts::{UserId, UserRole};
use crate::passwords::{Password, hash_password, password_matches};
use crate::tenancy::{TenantId, begin_for_tenant};

#[derive(Debug, sqlx::FromRow)]
struct StoredUser {
    id: Uuid,
    password_hash: String,
    role: String,
}

/// Signs in `request` coming from `client_address` at `now` (Unix seconds), returning an
/// access token and the first refresh token of a new family.
pub async fn sign_in(
    pool: &PgPool,
    key: &AccessTokenKey,
    request: &SignInRequest,
    client_address: IpAddr,
    now: i64,
) -> Result<SessionTokens, AuthError> {
    let tenant = find_tenant(pool, &request.tenant).await?;
    let address_attempt = begin_address_attempt(pool, client_address, now).await?;
    let Some(tenant) = tenant else {
        // Spend the time a password check takes, so an unknown company answers no faster
        // than a known one. The attempt stays written: it is a failure.
        let _ = check_password(request.password.clone(), dummy_hash()?).await;
        return Err(AuthError::InvalidCredentials);
    };
    let email = request.email.trim().to_lowercase();
    let email_attempt = match begin_email_attempt(pool, tenant, &email, now).await {
        Ok(attempt) => attempt,
        Err(error) => {
            // Refused before any password check: not a failure of this address.
            forget_address_attempt(pool, address_attempt).await?;
            return Err(error);
        }
    };
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    let user: Option<StoredUser> =
        sqlx::query_as("SELECT id, password_hash, role FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *transaction)
            .await?;
    let stored_hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => dummy_hash()?,
    };
    let password_is_right = check_password(request.password.clone(), stored_hash).await?;
    let principal = user.filter(|_| password_is_right).and_then(|user| {
        Some(Principal {
            tenant,
            user: UserId(user.id),
            role: UserRole::parse(&user.role)?,
        })
    });
    // On failure both attempts stay written, and count against the next tries.
    let principal = principal.ok_or(AuthError::InvalidCredentials)?;
    forget_email_attempt(&mut transaction, tenant, email_attempt).await?;
    let tokens = issue_session(&mut transaction, key, principal, Uuid::now_v7(), now).await?;
    transaction.commit().await?;
    forget_address_attempt(pool, address_attempt).await?;
    Ok(tokens)
}

/// The tenant named by a tenant id or by a live tenant's CNPJ, if it exists. A malformed
/// CNPJ is the caller's typo and is said so; an unknown one is not.
async fn find_tenant(pool: &PgPool, named: &str) -> Result<Option<TenantId>, AuthError> {
    if let Ok(id) = Uuid::parse_str(named.trim()) {
        let tenant = TenantId(id);
        // Under the tenant's own policy the row is visible only if the tenant exists.
        let mut transaction = begin_for_tenant(pool, tenant).await?;
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT FROM tenants)")
            .fetch_one(&mut *transaction)
            .await?;
        transaction.commit().await?;
        return Ok(exists.then_some(tenant));
    }
    let cnpj = Cnpj::parse(named).map_err(AuthError::MalformedTenant)?;
    let id: Option<Uuid> = sqlx::query_scalar("SELECT live_tenant_id_for_cnpj($1)")
        .bind(cnpj.as_str())
        .fetch_one(pool)
        .await?;
    Ok(id.map(TenantId))
}

/// Argon2 takes tens of milliseconds of CPU; it runs on the blocking pool so it does not
/// stall other requests on this worker thread.
async fn check_password(plain: String, stored_hash: String) -> Result<bool, AuthError> {
    tokio::task::spawn_blocking(move || password_matches(&Password::new(plain), &stored_hash))
        .await
        .map_err(|error| AuthError::Interrupted(error.to_string()))?
        .map_err(AuthError::from)
}

/// A hash of no one's password, checked when there is no user, so that an unknown email
/// costs the same time as a wrong password.
fn dummy_hash() -> Result<String, AuthError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash.clone());
    }
    let hash = hash_password(&Password::new("no user has this password"))?;
    Ok(DUMMY.get_or_init(|| hash).clone())
}
