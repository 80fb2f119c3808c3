//! `ApiJson`: axum's `Json` extractor, with its refusals answered as `{code, message}` like
//! every other hub error instead of axum's plain-text bodies, and gzip bodies unpacked
//! first (see `gzip_body`).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::gzip_body::{BodyEncoding, body_encoding, declares_json, read_gzip_body};

/// The largest request body the hub reads. Sign-in and admin bodies are a few hundred
/// bytes; sync batches (1,000 events) stay well under this.
pub const MAXIMUM_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A JSON request body. Request types should carry `#[serde(deny_unknown_fields)]`, so a
/// misspelled field is refused (422) instead of silently ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let parsed = match body_encoding(request.headers())? {
            BodyEncoding::Identity => axum::Json::<T>::from_request(request, state).await,
            BodyEncoding::Gzip => {
                if !declares_json(request.headers()) {
                    return Err(ApiError::UnsupportedMediaType);
                }
                axum::Json::<T>::from_bytes(&read_gzip_body(request, state).await?)
            }
        };
        match parsed {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(refusal(&rejection)),
        }
    }
}

fn refusal(rejection: &JsonRejection) -> ApiError {
    match rejection {
        // The JSON parsed but does not fit the request type: unknown or missing fields,
        // wrong types. serde's text names the field, which is what the client needs.
        JsonRejection::JsonDataError(error) => ApiError::Unprocessable {
            code: "invalid_body",
            message: error.body_text(),
        },
        JsonRejection::JsonSyntaxError(error) => ApiError::BadRequest {
            code: "malformed_json",
            message: error.body_text(),
        },
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
        // Reading the body failed: over the body limit, or the client went away.
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        other => ApiError::BadRequest {
            code: "unreadable_body",
            message: other.body_text(),
        },
    }
}
