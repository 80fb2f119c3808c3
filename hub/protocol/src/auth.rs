//! Sign-in wire types: what a person sends to sign in or refresh a session, and the tokens
//! the hub answers with.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `POST /v1/auth/sign-in`. `tenant` is the company's CNPJ (any punctuation) or its tenant
/// id; test tenants, which may share a live company's CNPJ, sign in by id.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub tenant: String,
    pub email: String,
    pub password: String,
}

/// Hand-written so that logging a request never logs the password.
impl fmt::Debug for SignInRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SignInRequest")
            .field("tenant", &self.tenant)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// `POST /v1/auth/refresh`: trades a refresh token for a new pair. Each refresh token
/// works once; presenting it again ends every session of its family.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

impl fmt::Debug for RefreshRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("RefreshRequest { .. }")
    }
}

/// The answer to sign-in and refresh. The access token goes in `Authorization: Bearer`;
/// the refresh token is kept by the client and sent only to `/v1/auth/refresh`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionTokens {
    pub access_token: String,
    /// Seconds from now until the access token is refused.
    pub access_token_expires_in: i64,
    pub refresh_token: String,
    /// Seconds from now until the refresh token is refused.
    pub refresh_token_expires_in: i64,
}

impl fmt::Debug for SessionTokens {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SessionTokens")
            .field("access_token_expires_in", &self.access_token_expires_in)
            .field("refresh_token_expires_in", &self.refresh_token_expires_in)
            .finish_non_exhaustive()
    }
}

/// `GET /v1/me`: who the access token speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub user_id: Uuid,
    pub email: String,
    /// `owner`, `admin`, `staff` or `support`.
    pub role: String,
}
