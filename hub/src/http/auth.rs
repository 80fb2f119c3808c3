//! `/v1/auth`: signing in with company, email and password, and refreshing a session.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use fflow_protocol::{RefreshRequest, SessionTokens, SignInRequest};

use super::client_address::ClientAddress;
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::auth::{self, AuthError, unix_now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/auth/sign-in", post(sign_in))
        .route("/v1/auth/refresh", post(refresh))
}

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
