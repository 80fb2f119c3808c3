//! `DeviceSession`: the extractor behind every device endpoint. It checks the bearer
//! device token, opens the transaction for the token's tenant, and refuses a device that
//! was reset or revoked, or re-activated since the token was issued, on every request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::authenticated::{bearer_token, unauthorized};
use super::error::ApiError;
use crate::AppState;
use crate::auth::access_token::AccessTokenError;
use crate::auth::unix_now;
use crate::devices::device_token::{require_active, verify_device_token};
use crate::devices::{DeviceError, stored_status};
use crate::tenancy::{TenantId, begin_for_tenant};

/// An authenticated device and a transaction that sees only its tenant's rows.
#[derive(Debug)]
pub struct DeviceSession {
    pub tenant: TenantId,
    pub device: Uuid,
    pub epoch: i64,
    pub transaction: Transaction<'static, Postgres>,
}

/// A device whose token is proven (sealed by this hub, not expired) and a transaction for
/// its tenant, before the stored device is checked. Only for an endpoint that makes that
/// check in a statement of its own ([`crate::devices::heartbeat_of_activation`]), or
/// through [`UncheckedDeviceSession::check`]; every other device endpoint takes a
/// [`DeviceSession`].
#[derive(Debug)]
pub struct UncheckedDeviceSession {
    pub tenant: TenantId,
    pub device: Uuid,
    /// The activation the token names.
    pub epoch: i64,
    pub transaction: Transaction<'static, Postgres>,
}

impl FromRequestParts<AppState> for UncheckedDeviceSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(
            parts,
            "missing_device_token",
            "get a device token and send it as Authorization: Bearer <token>",
        )?;
        let claims =
            verify_device_token(&state.access_token_key, token, unix_now()).map_err(|error| {
                match error {
                    AccessTokenError::Expired => unauthorized(
                        "device_token_expired",
                        "the device token expired; get a new one",
                    ),
                    AccessTokenError::Malformed | AccessTokenError::BadSignature => {
                        unauthorized("invalid_device_token", "the device token is not valid")
                    }
                }
            })?;
        let tenant = TenantId(claims.tenant);
        let transaction = begin_for_tenant(&state.pool, tenant).await?;
        Ok(UncheckedDeviceSession {
            tenant,
            device: claims.device,
            epoch: claims.epoch,
            transaction,
        })
    }
}

impl UncheckedDeviceSession {
    /// Refuses a device that was reset or revoked, or re-activated since the token was
    /// issued, as every device endpoint does before its work.
    pub async fn check(mut self) -> Result<DeviceSession, ApiError> {
        let stored: Option<(String, i64)> =
            sqlx::query_as("SELECT status, epoch FROM devices WHERE id = $1")
                .bind(self.device)
                .fetch_optional(&mut *self.transaction)
                .await?;
        let (status, epoch) = stored.ok_or_else(unknown_device)?;
        require_active(stored_status(&status)).map_err(ApiError::from)?;
        // A token of an earlier activation: the device was reset and activated again
        // (perhaps on a restored copy), so this holder is not the current install.
        if epoch != self.epoch {
            return Err(ApiError::from(DeviceError::DeviceReset));
        }
        Ok(DeviceSession {
            tenant: self.tenant,
            device: self.device,
            epoch,
            transaction: self.transaction,
        })
    }
}

/// How a session refuses a token whose device is not stored in its tenant.
pub fn unknown_device() -> ApiError {
    unauthorized("invalid_device_token", "the device is unknown")
}

impl FromRequestParts<AppState> for DeviceSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        UncheckedDeviceSession::from_request_parts(parts, state)
            .await?
            .check()
            .await
    }
}
