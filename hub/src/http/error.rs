//! The one error type of the hub's HTTP API: every failure becomes a status code and a
//! `{code, message}` body, and nothing internal (SQL, constraint text, stack) leaves the
//! process.

use axum::Json;
use axum::http::StatusCode;
use axum::http::header::{HeaderValue, RETRY_AFTER};
use axum::response::{IntoResponse, Response};
use fflow_protocol::ErrorBody;

/// Why a request failed, in the words clients branch on. Handlers return
/// `Result<_, ApiError>`; `?` on a `sqlx::Error` turns named constraint violations into
/// 409/422 and anything else into a 500 whose cause is logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request itself is wrong: malformed JSON, a missing header.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// No valid credentials, or wrong ones. One code for wrong password and unknown
    /// email alike, so a caller cannot tell which emails exist.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// Authenticated, but the role does not allow this action.
    #[error("your role may not {action}")]
    Forbidden { action: &'static str },
    #[error("{what} was not found")]
    NotFound { what: &'static str },
    /// The request clashes with what is stored (a taken CNPJ, a taken email).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Well-formed JSON whose content is refused (unknown fields, a bad CNPJ).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// What the caller asks for is no longer kept (a pruned command feed).
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    #[error("this endpoint does not answer that HTTP method")]
    MethodNotAllowed,
    #[error("the request body is larger than the hub accepts")]
    PayloadTooLarge,
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    /// A `Content-Encoding` other than gzip or identity.
    #[error(
        "the hub reads request bodies sent plain or with Content-Encoding: gzip, not {encoding:?}"
    )]
    UnsupportedContentEncoding { encoding: String },
    /// Too many attempts; the client may try again after `retry_after_seconds`.
    #[error("too many attempts; try again in {retry_after_seconds} seconds")]
    TooManyRequests {
        code: &'static str,
        retry_after_seconds: u64,
    },
    /// A database failure that is not the caller's fault. Logged, never sent.
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// Any other failure of ours (a corrupt stored hash, a signing error). Logged only.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The body of every 500: it names the header that finds the request in the logs and says
/// nothing else, because internals help attackers more than clients.
const INTERNAL_MESSAGE: &str = "the hub could not complete the request; the x-request-id response header identifies it in the hub's logs";

/// Named constraints whose violation is the caller's to fix, with the code and message the
/// client gets. Constraints not listed still answer 409/422, with a generic code.
const KNOWN_CONSTRAINTS: &[(&str, &str, &str)] = &[
    (
        "tenants_live_cnpj",
        "cnpj_taken",
        "a live tenant with this CNPJ already exists",
    ),
    (
        "users_tenant_id_email_key",
        "email_taken",
        "this tenant already has a user with this email",
    ),
    (
        "plans_code_key",
        "plan_code_taken",
        "a plan with this code already exists",
    ),
];

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Gone { .. } => StatusCode::GONE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType | ApiError::UnsupportedContentEncoding { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Database(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Unprocessable { code, .. }
            | ApiError::Gone { code, .. }
            | ApiError::TooManyRequests { code, .. } => code,
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound { .. } => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::UnsupportedContentEncoding { .. } => "unsupported_content_encoding",
            ApiError::Database(_) | ApiError::Internal(_) => "internal",
        }
    }
}

impl From<sqlx::Error> for ApiError {
    /// Constraint violations are the caller's doing (a duplicate, a value out of range)
    /// and answer 409 or 422; every other database error is ours and answers 500.
    fn from(error: sqlx::Error) -> Self {
        let Some(database_error) = error.as_database_error() else {
            return ApiError::Database(error);
        };
        let known = database_error.constraint().and_then(|name| {
            KNOWN_CONSTRAINTS
                .iter()
                .find(|(constraint, _, _)| *constraint == name)
        });
        if database_error.is_unique_violation() {
            let (code, message) = known.map_or(
                ("conflict", "this conflicts with data already stored"),
                |(_, code, message)| (*code, *message),
            );
            return ApiError::Conflict {
                code,
                message: message.to_owned(),
            };
        }
        if database_error.is_check_violation()
            || database_error.is_foreign_key_violation()
            || database_error.code().as_deref() == Some("23502")
        {
            let (code, message) = known.map_or(
                ("invalid_value", "a value in the request is not acceptable"),
                |(_, code, message)| (*code, *message),
            );
            return ApiError::Unprocessable {
                code,
                message: message.to_owned(),
            };
        }
        ApiError::Database(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status.is_server_error() {
            // The trace layer's span around this request carries its request id, so this
            // line and the id the client was given lead to each other.
            tracing::error!(error = %self, "request failed");
            INTERNAL_MESSAGE.to_owned()
        } else {
            self.to_string()
        };
        let mut response = (status, Json(ErrorBody::new(self.code(), message))).into_response();
        if let ApiError::TooManyRequests {
            retry_after_seconds,
            ..
        } = self
        {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(error: ApiError, status: StatusCode, code: &str) {
        assert_eq!(error.code(), code, "{error:?}");
        let described = format!("{error:?}");
        let response = error.into_response();
        assert_eq!(response.status(), status, "{described}");
        assert_eq!(
            response.headers()[axum::http::header::CONTENT_TYPE],
            "application/json",
            "{described}: every error is a JSON body"
        );
    }

    #[test]
    fn each_error_has_its_status_and_code() {
        let cases = [
            (
                ApiError::Unauthorized {
                    code: "invalid_credentials",
                    message: String::new(),
                },
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
            ),
            (
                ApiError::Forbidden {
                    action: "manage billing and the plan",
                },
                StatusCode::FORBIDDEN,
                "forbidden",
            ),
            (
                ApiError::NotFound { what: "the plan" },
                StatusCode::NOT_FOUND,
                "not_found",
            ),
            (
                ApiError::TooManyRequests {
                    code: "too_many_sign_in_failures",
                    retry_after_seconds: 30,
                },
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_sign_in_failures",
            ),
            (
                ApiError::Internal("the key file is /etc/secret".to_owned()),
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
            ),
        ];
        for (error, status, code) in cases {
            check(error, status, code);
        }
    }

    #[test]
    fn a_500_keeps_its_cause_to_the_log_and_429_says_when_to_retry() {
        let internal = ApiError::Internal("the key file is /etc/secret".to_owned());
        assert!(
            !INTERNAL_MESSAGE.contains("secret"),
            "the fixed 500 message carries nothing of the cause"
        );
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let limited = ApiError::TooManyRequests {
            code: "too_many_sign_in_failures",
            retry_after_seconds: 30,
        }
        .into_response();
        assert_eq!(
            limited.headers()[RETRY_AFTER],
            "30",
            "clients and proxies read Retry-After, not the message"
        );
    }
}
