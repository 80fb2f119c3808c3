//! Device tokens: a device proves it holds its Ed25519 key by signing a single-use
//! challenge, and gets a short-lived bearer token for the device endpoints. A copied token
//! file is not enough to act as a device for long, and a reset or a new activation (a new
//! epoch) makes every token issued before it useless at once.
//!
//! Form: `fd1.<claims>.<mac>`, sealed like access tokens (see `auth::access_token`) under
//! the same key; the prefix is under the MAC, so neither kind passes for the other.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, VerifyingKey};
use fflow_protocol::{
    DeviceStatus, DeviceToken, TokenChallenge, TokenChallengeRequest, TokenExchangeRequest,
    device_token_message,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::{DeviceError, stored_status};
use crate::auth::access_token::{AccessTokenError, AccessTokenKey, open, seal};
use crate::tenancy::{TenantId, begin_for_tenant};

/// How long a device token works: short, since only a reset or re-activation ends one.
pub const DEVICE_TOKEN_LIFETIME_SECONDS: i64 = 15 * 60;
/// How long a device has to sign a challenge.
pub const CHALLENGE_LIFETIME_SECONDS: i64 = 60;

const PREFIX: &str = "fd1.";

/// What a device token says. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceClaims {
    pub tenant: Uuid,
    pub device: Uuid,
    /// The activation the token belongs to; a later activation makes it stale.
    pub epoch: i64,
    pub issued_at: i64,
    pub expires_at: i64,
}

pub fn issue_device_token(key: &AccessTokenKey, claims: &DeviceClaims) -> String {
    seal(key, PREFIX, claims)
}

/// Checks the token's seal and expiry at `now`; whether the device may still act is the
/// caller's to check against the database.
pub fn verify_device_token(
    key: &AccessTokenKey,
    token: &str,
    now: i64,
) -> Result<DeviceClaims, AccessTokenError> {
    let claims: DeviceClaims = open(key, PREFIX, token)?;
    if now >= claims.expires_at {
        return Err(AccessTokenError::Expired);
    }
    Ok(claims)
}

fn nonce_hash(nonce: &str) -> Vec<u8> {
    Sha256::digest(nonce.as_bytes()).to_vec()
}

/// Refuses a device that no longer holds its seat, saying which way it lost it.
pub(crate) fn require_active(status: DeviceStatus) -> Result<(), DeviceError> {
    match status {
        DeviceStatus::Active => Ok(()),
        DeviceStatus::Reset => Err(DeviceError::DeviceReset),
        DeviceStatus::Revoked => Err(DeviceError::DeviceRevoked),
    }
}

/// Hands out a fresh single-use nonce for the device to sign, valid for
/// [`CHALLENGE_LIFETIME_SECONDS`] from `now`.
pub async fn issue_challenge(
    pool: &PgPool,
    request: &TokenChallengeRequest,
    now: i64,
    server_time_ms: i64,
) -> Result<TokenChallenge, DeviceError> {
    let mut transaction = begin_for_tenant(pool, TenantId(request.tenant_id)).await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM devices WHERE id = $1")
        .bind(request.device_id)
        .fetch_optional(&mut *transaction)
        .await?;
    require_active(stored_status(&status.ok_or(DeviceError::DeviceUnknown)?))?;
    // Unanswered challenges of the tenant go when they expire, so the table stays small.
    sqlx::query("DELETE FROM device_challenges WHERE expires_at <= to_timestamp($1)")
        .bind(now as f64)
        .execute(&mut *transaction)
        .await?;
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let nonce = URL_SAFE_NO_PAD.encode(bytes);
    sqlx::query(
        "INSERT INTO device_challenges (tenant_id, nonce_hash, device_id, expires_at)
         VALUES ($1, $2, $3, to_timestamp($4))",
    )
    .bind(request.tenant_id)
    .bind(nonce_hash(&nonce))
    .bind(request.device_id)
    .bind((now + CHALLENGE_LIFETIME_SECONDS) as f64)
    .execute(&mut *transaction)
    .await?;
    transaction.commit().await?;
    Ok(TokenChallenge {
        nonce,
        expires_in: CHALLENGE_LIFETIME_SECONDS,
        server_time_ms,
    })
}

#[derive(Debug, sqlx::FromRow)]
struct DeviceKey {
    status: String,
    epoch: i64,
    public_key: Vec<u8>,
}

/// Trades a signed challenge for a device token. The challenge is spent whatever the
/// outcome, so a wrong signature cannot be retried against the same nonce.
pub async fn exchange_challenge(
    pool: &PgPool,
    key: &AccessTokenKey,
    request: &TokenExchangeRequest,
    now: i64,
    server_time_ms: i64,
) -> Result<DeviceToken, DeviceError> {
    let tenant = TenantId(request.tenant_id);
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    let expires_at: Option<i64> = sqlx::query_scalar(
        "DELETE FROM device_challenges WHERE nonce_hash = $1 AND device_id = $2
         RETURNING floor(extract(epoch FROM expires_at))::bigint",
    )
    .bind(nonce_hash(&request.nonce))
    .bind(request.device_id)
    .fetch_optional(&mut *transaction)
    .await?;
    let device: Option<DeviceKey> =
        sqlx::query_as("SELECT status, epoch, public_key FROM devices WHERE id = $1")
            .bind(request.device_id)
            .fetch_optional(&mut *transaction)
            .await?;
    transaction.commit().await?;

    // The device's standing first: a reset device is told so (and asked to activate
    // again) even though the reset also dropped its unanswered challenges.
    let device = device.ok_or(DeviceError::ChallengeInvalid)?;
    require_active(stored_status(&device.status))?;
    let expires_at = expires_at.ok_or(DeviceError::ChallengeInvalid)?;
    if now >= expires_at {
        return Err(DeviceError::ChallengeExpired);
    }
    let signature_is_right = signature_matches(&device.public_key, request);
    if !signature_is_right {
        return Err(DeviceError::SignatureInvalid);
    }
    let claims = DeviceClaims {
        tenant: tenant.0,
        device: request.device_id,
        epoch: device.epoch,
        issued_at: now,
        expires_at: now + DEVICE_TOKEN_LIFETIME_SECONDS,
    };
    Ok(DeviceToken {
        access_token: issue_device_token(key, &claims),
        expires_in: DEVICE_TOKEN_LIFETIME_SECONDS,
        server_time_ms,
    })
}

fn signature_matches(public_key: &[u8], request: &TokenExchangeRequest) -> bool {
    let Ok(key_bytes) = <[u8; 32]>::try_from(public_key) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&key_bytes) else {
        return false;
    };
    let Ok(signature_bytes) = URL_SAFE_NO_PAD.decode(request.signature.trim()) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(&signature_bytes) else {
        return false;
    };
    let message = device_token_message(request.device_id, &request.nonce);
    // Strict: refuses malleable signatures and small-order keys.
    key.verify_strict(&message, &signature).is_ok()
}
