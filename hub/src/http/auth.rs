//! `/v1/auth`: signing in with company, email and password, and refreshing a session.

use axum::Json;
use axum::extract::State;
use fflow_protocol::{ErrorBody, RefreshRequest, SessionTokens, SignInRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::client_address::ClientAddress;
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::auth::{self, AuthError, unix_now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in))
        .routes(routes!(refresh))
}

/// Signs a person in with the company (tenant id or CNPJ), email and password.
#[utoipa::path(post, path = "/v1/auth/sign-in", tag = "auth", request_body = SignInRequest,
    responses(
        (status = 200, description = "signed in", body = SessionTokens),
        (status = 401, description = "`invalid_credentials`", body = ErrorBody),
        (status = 422, description = "`invalid_tenant`", body = ErrorBody),
        (status = 429, description = "`too_many_sign_in_failures`; see Retry-After", body = ErrorBody),
    ))]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Json<SessionTokens>, ApiError> {
    let tokens = auth::sign_in(
        &state.pool,
        &state.access_token_key,
        &request,
        address,
        unix_now(),
    )
    .await?;
    Ok(Json(tokens))
}

/// Trades a refresh token for a new pair; reusing an old one ends the whole family.
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "a new access and refresh token", body = SessionTokens),
        (status = 401, description = "`invalid_refresh_token`, `refresh_token_reused`", body = ErrorBody),
    ))]
async fn refresh(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<RefreshRequest>,
) -> Result<Json<SessionTokens>, ApiError> {
    let tokens = auth::refresh_session(
        &state.pool,
        &state.access_token_key,
        &request.refresh_token,
        unix_now(),
    )
    .await?;
    Ok(Json(tokens))
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        let message = error.to_string();
        match error {
            AuthError::InvalidCredentials => ApiError::Unauthorized {
                code: "invalid_credentials",
                message,
            },
            AuthError::MalformedTenant(_) => ApiError::Unprocessable {
                code: "invalid_tenant",
                message,
            },
            AuthError::TooManyFailures {
                retry_after_seconds,
            } => ApiError::TooManyRequests {
                code: "too_many_sign_in_failures",
                retry_after_seconds: u64::try_from(retry_after_seconds).unwrap_or(1),
            },
            AuthError::InvalidRefreshToken => ApiError::Unauthorized {
                code: "invalid_refresh_token",
                message,
            },
            AuthError::RefreshTokenReused => ApiError::Unauthorized {
                code: "refresh_token_reused",
                message,
            },
            AuthError::Database(error) => ApiError::from(error),
            AuthError::Password(_) | AuthError::Interrupted(_) => ApiError::Internal(message),
        }
    }
}
