//! Rotating refresh tokens. A token is `<tenant id>.<32 random bytes, base64url>`; the
//! tenant part only says where to look (a forged one finds nothing), and the database
//! keeps only the SHA-256 of the whole token.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fflow_protocol::SessionTokens;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgConnection;
use uuid::Uuid;

use super::access_token::{
    ACCESS_TOKEN_LIFETIME_SECONDS, AccessClaims, AccessTokenKey, issue_access_token,
};
use super::{AuthError, Principal};
use crate::accounts::{UserId, UserRole};
use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::tenancy::{TenantId, begin_for_tenant};

/// How long a refresh token may wait to be used. Each refresh issues a new one, so a
/// session stays open while it is used at least this often.
pub const REFRESH_TOKEN_LIFETIME_SECONDS: i64 = 30 * 24 * 60 * 60;

fn hash_of(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Issues an access token for `principal` and stores a new refresh token in `family`,
/// inside the caller's transaction for `principal.tenant`.
pub(super) async fn issue_session(
    connection: &mut PgConnection,
    key: &AccessTokenKey,
    principal: Principal,
    family: Uuid,
    now: i64,
) -> Result<SessionTokens, sqlx::Error> {
    let mut secret = [0_u8; 32];
    OsRng.fill_bytes(&mut secret);
    let refresh_token = format!("{}.{}", principal.tenant, URL_SAFE_NO_PAD.encode(secret));
    sqlx::query(
        "INSERT INTO refresh_tokens (tenant_id, token_hash, family_id, user_id, issued_at, expires_at)
         VALUES ($1, $2, $3, $4, to_timestamp($5), to_timestamp($6))",
    )
    .bind(principal.tenant.0)
    .bind(hash_of(&refresh_token))
    .bind(family)
    .bind(principal.user.0)
    .bind(now as f64)
    .bind((now + REFRESH_TOKEN_LIFETIME_SECONDS) as f64)
    .execute(connection)
    .await?;
    let access_token = issue_access_token(
        key,
        &AccessClaims {
            tenant: principal.tenant.0,
            user: principal.user.0,
            role: principal.role.as_str().to_owned(),
            issued_at: now,
            expires_at: now + ACCESS_TOKEN_LIFETIME_SECONDS,
        },
    );
    Ok(SessionTokens {
        access_token,
        access_token_expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
        refresh_token,
        refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_SECONDS,
    })
}

#[derive(Debug, sqlx::FromRow)]
struct StoredToken {
    family_id: Uuid,
    user_id: Uuid,
    expires_at: i64,
    spent: bool,
}

/// Trades `refresh_token` for a new pair. A token already traded in (or revoked) ends its
/// whole family, and that is recorded in the audit log.
pub async fn refresh_session(
    pool: &sqlx::PgPool,
    key: &AccessTokenKey,
    refresh_token: &str,
    now: i64,
) -> Result<SessionTokens, AuthError> {
    let tenant = refresh_token
        .split_once('.')
        .and_then(|(tenant, _)| Uuid::parse_str(tenant).ok())
        .map(TenantId)
        .ok_or(AuthError::InvalidRefreshToken)?;
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    // FOR UPDATE: of two refreshes racing with one token, the second waits, then sees it
    // spent and treats it as the reuse it is.
    let stored: Option<StoredToken> = sqlx::query_as(
        "SELECT family_id, user_id, floor(extract(epoch FROM expires_at))::bigint AS expires_at,
                (rotated_at IS NOT NULL OR revoked_at IS NOT NULL) AS spent
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
    )
    .bind(hash_of(refresh_token))
    .fetch_optional(&mut *transaction)
    .await?;
    let stored = stored.ok_or(AuthError::InvalidRefreshToken)?;
    if stored.spent {
        let revoked = sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = to_timestamp($2)
             WHERE family_id = $1 AND revoked_at IS NULL",
        )
        .bind(stored.family_id)
        .bind(now as f64)
        .execute(&mut *transaction)
        .await?;
        append_audit(
            &mut transaction,
            AuditEntry {
                tenant,
                actor_kind: ActorKind::System,
                actor: "hub",
                action: "session.family_revoked",
                reason: Some("a refresh token was presented after it had been used"),
                before: None,
                after: Some(json!({
                    "user": stored.user_id,
                    "family": stored.family_id,
                    "tokens_revoked": revoked.rows_affected(),
                })),
            },
        )
        .await?;
        transaction.commit().await?;
        return Err(AuthError::RefreshTokenReused);
    }
    if now >= stored.expires_at {
        return Err(AuthError::InvalidRefreshToken);
    }
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(stored.user_id)
        .fetch_optional(&mut *transaction)
        .await?;
    let role = role
        .as_deref()
        .and_then(UserRole::parse)
        .ok_or(AuthError::InvalidRefreshToken)?;
    sqlx::query("UPDATE refresh_tokens SET rotated_at = to_timestamp($2) WHERE token_hash = $1")
        .bind(hash_of(refresh_token))
        .bind(now as f64)
        .execute(&mut *transaction)
        .await?;
    let principal = Principal {
        tenant,
        user: UserId(stored.user_id),
        role,
    };
    let tokens = issue_session(&mut transaction, key, principal, stored.family_id, now).await?;
    transaction.commit().await?;
    Ok(tokens)
}
