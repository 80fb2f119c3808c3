//! `TenantSession`: the extractor behind every signed-in endpoint. It checks the bearer
//! access token and opens the request's tenant transaction for the token's tenant; the
//! tenant never comes from the request body or path.

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
}

impl TenantSession {
    /// Refuses with 403 unless the principal's role may perform `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if is_allowed(self.principal.role, action) {
            Ok(())
        } else {
            Err(ApiError::Forbidden {
                action: action.describe(),
            })
        }
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
        let transaction = begin_for_tenant(&state.pool, principal.tenant).await?;
        Ok(TenantSession {
            principal,
            transaction,
        })
    }
}
