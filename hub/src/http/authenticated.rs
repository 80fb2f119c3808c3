//! `TenantSession`: the extractor behind every signed-in endpoint. It checks the bearer
//! access token and opens the request's tenant transaction for the token's tenant; the
//! tenant never comes from the request body or path. A suspended tenant's users still sign
//! in and may look and settle the bill; actions that change its stores are refused.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sqlx::{Postgres, Transaction};

use super::error::ApiError;
use crate::AppState;
use crate::accounts::{UserId, UserRole};
use crate::auth::access_token::{AccessTokenError, verify_access_token};
use crate::auth::{Principal, unix_now};
use crate::permissions::{Action, is_allowed};
use crate::tenancy::{TenantId, begin_for_tenant};

/// A verified principal and a transaction that sees only its tenant's rows. Handlers that
/// write commit it; dropping it rolls back.
#[derive(Debug)]
pub struct TenantSession {
    pub principal: Principal,
    pub transaction: Transaction<'static, Postgres>,
    /// The tenant's standing as of this request's transaction.
    pub tenant_suspended: bool,
}

impl TenantSession {
    /// Refuses with 403 unless the principal's role may perform `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if !is_allowed(self.principal.role, action) {
            return Err(ApiError::Forbidden {
                action: action.describe(),
            });
        }
        if self.tenant_suspended && !action.allowed_while_suspended() {
            return Err(ApiError::Conflict {
                code: "tenant_suspended",
                message: format!(
                    "this account is suspended, so it may not {} until the bill is settled",
                    action.describe()
                ),
            });
        }
        Ok(())
    }
}

pub(super) fn unauthorized(code: &'static str, message: &str) -> ApiError {
    ApiError::Unauthorized {
        code,
        message: message.to_owned(),
    }
}

/// The token of an `Authorization: Bearer <token>` header, or a 401 with `missing_code`
/// and `advice` when there is none.
pub(super) fn bearer_token<'p>(
    parts: &'p Parts,
    missing_code: &'static str,
    advice: &str,
) -> Result<&'p str, ApiError> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| unauthorized(missing_code, advice))
}

impl FromRequestParts<AppState> for TenantSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(
            parts,
            "missing_access_token",
            "sign in and send the access token as Authorization: Bearer <token>",
        )?;
        let claims =
            verify_access_token(&state.access_token_key, token, unix_now()).map_err(|error| {
                match error {
                    AccessTokenError::Expired => {
                        unauthorized("access_token_expired", &error.to_string())
                    }
                    AccessTokenError::Malformed | AccessTokenError::BadSignature => {
                        unauthorized("invalid_access_token", "the access token is not valid")
                    }
                }
            })?;
        let role = UserRole::parse(&claims.role)
            .ok_or_else(|| unauthorized("invalid_access_token", "the access token is not valid"))?;
        let principal = Principal {
            tenant: TenantId(claims.tenant),
            user: UserId(claims.user),
            role,
        };
        let mut transaction = begin_for_tenant(&state.pool, principal.tenant).await?;
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM tenants WHERE id = $1")
            .bind(principal.tenant.0)
            .fetch_optional(&mut *transaction)
            .await?;
        Ok(TenantSession {
            principal,
            transaction,
            tenant_suspended: status.as_deref() == Some("suspended"),
        })
    }
}
