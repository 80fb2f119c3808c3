//! Signing people in: access tokens, rotating refresh tokens and the rate limit on failed
//! attempts (and, in `address_limit`, the same kind of limit on unauthenticated device calls). The HTTP side is `http/auth.rs`; the extractor that checks access tokens on
//! every other request is `http/authenticated.rs`.

pub mod access_token;
pub mod address_limit;
mod rate_limit;
mod refresh_tokens;
mod sign_in;

pub use rate_limit::{
    FAILURE_WINDOW_SECONDS, MAXIMUM_FAILURES_PER_ADDRESS, MAXIMUM_FAILURES_PER_EMAIL,
};
pub use refresh_tokens::{REFRESH_TOKEN_LIFETIME_SECONDS, refresh_session};
pub use sign_in::sign_in;

use fflow_protocol::TaxIdError;

use crate::accounts::{UserId, UserRole};
use crate::passwords::PasswordError;
use crate::tenancy::TenantId;

/// Who a request acts for, taken from a verified access token and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    pub tenant: TenantId,
    pub user: UserId,
    pub role: UserRole,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Wrong password, unknown email or unknown tenant: one error for all three, so a
    /// caller learns nothing about which emails or companies exist.
    #[error("the company, email or password is not right")]
    InvalidCredentials,
    #[error("the company must be a CNPJ or a tenant id: {0}")]
    MalformedTenant(TaxIdError),
    #[error("too many failed sign-ins; try again in {retry_after_seconds} seconds")]
    TooManyFailures { retry_after_seconds: i64 },
    #[error("the refresh token is not valid; sign in again")]
    InvalidRefreshToken,
    /// A refresh token came back after it had been traded in: someone holds a copy.
    #[error("this refresh token was already used; every session of its sign-in has been ended")]
    RefreshTokenReused,
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the password check did not finish: {0}")]
    Interrupted(String),
}

/// The clock every auth decision reads in production, in Unix seconds; tests pass their
/// own time to the functions of this module instead.
pub fn unix_now() -> i64 {
    unix_now_ms().div_euclid(1000)
}

/// The same clock in Unix milliseconds, for the hub time that answers to devices carry.
pub fn unix_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}
