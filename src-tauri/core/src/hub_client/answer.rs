//! One JSON request to the hub and what its answer means: the value asked for, a refusal
//! with the hub's `{code, message}` kept as a typed [`CoreError::HubRefused`], or a clear
//! error when the hub cannot be reached or answers something that is not ours (an HTML
//! page from a captive portal, a proxy's error, a timeout). Nothing here panics on bytes.
//! Pushes go gzip-compressed: a batch of sync events is repetitive JSON that shrinks
//! several times, which matters on a shop's slow uplink.

use std::io::Write;

use fflow_protocol::ErrorBody;
use flate2::Compression;
use flate2::write::GzEncoder;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::CoreError;

/// The hub codes the store branches on; anything else is reported as `hub_refused` with
/// the hub's message, so a new hub code never breaks an older store.
const KNOWN_HUB_CODES: &[&str] = &[
    "activation_code_invalid",
    "activation_code_used",
    "activation_code_expired",
    "seats_exhausted",
    "no_plan",
    "invalid_device_request",
    "device_reset",
    "device_revoked",
    "device_unknown",
    "challenge_invalid",
    "challenge_expired",
    "device_signature_invalid",
    "device_token_expired",
    "invalid_device_token",
    "missing_device_token",
    "sequence_gap",
    "sequence_diverged",
    "invalid_events",
    "batch_too_large",
    "too_far_behind",
    "cursor_ahead",
];

/// What came back: the status and the raw body, read whole.
pub(crate) struct RawAnswer {
    pub url: String,
    pub status: StatusCode,
    pub body: Vec<u8>,
}

/// Posts `body` as JSON to `url`, with `bearer` as the device token when given.
pub(crate) async fn post_json(
    http: &reqwest::Client,
    url: String,
    bearer: Option<&str>,
    body: &impl Serialize,
) -> Result<RawAnswer, CoreError> {
    send(http.post(&url).json(body), url, bearer).await
}

/// Posts `body` as gzip-compressed JSON to `url`, like [`post_json`].
pub(crate) async fn post_gzip_json(
    http: &reqwest::Client,
    url: String,
    bearer: Option<&str>,
    body: &impl Serialize,
) -> Result<RawAnswer, CoreError> {
    // Neither step can fail on a Vec; were one to, the events stay pending and say why.
    let not_packed = |reason: String| CoreError::InvalidInput {
        field: "push",
        reason,
    };
    let json = serde_json::to_vec(body).map_err(|error| not_packed(error.to_string()))?;
    // The fastest level: most of the saving at a small part of the time, so the drain
    // stays bound by the hub, not by the store's CPU.
    let mut encoder = GzEncoder::new(Vec::with_capacity(json.len() / 4), Compression::fast());
    let packed = encoder
        .write_all(&json)
        .and_then(|()| encoder.finish())
        .map_err(|error| not_packed(error.to_string()))?;
    let request = http
        .post(&url)
        .header(CONTENT_TYPE, "application/json")
        .header(CONTENT_ENCODING, "gzip")
        .body(packed);
    send(request, url, bearer).await
}

/// Gets `url` (a JSON answer), with `bearer` as the device token when given.
pub(crate) async fn get_json(
    http: &reqwest::Client,
    url: String,
    bearer: Option<&str>,
) -> Result<RawAnswer, CoreError> {
    send(http.get(&url), url, bearer).await
}

async fn send(
    mut request: reqwest::RequestBuilder,
    url: String,
    bearer: Option<&str>,
) -> Result<RawAnswer, CoreError> {
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let unreachable = |error: reqwest::Error| CoreError::HubUnreachable {
        url: url.clone(),
        reason: error.to_string(),
    };
    let response = request.send().await.map_err(unreachable)?;
    let status = response.status();
    let body = response.bytes().await.map_err(unreachable)?.to_vec();
    Ok(RawAnswer { url, status, body })
}

impl RawAnswer {
    /// The answer as `T` when the hub said yes, its refusal otherwise.
    pub fn decode<T: DeserializeOwned>(self) -> Result<T, CoreError> {
        if !self.status.is_success() {
            return Err(self.refusal());
        }
        serde_json::from_slice(&self.body).map_err(|error| CoreError::HubAnswer {
            url: self.url,
            reason: format!("not the answer expected ({error})"),
        })
    }

    /// The refusal this (non-success) answer carries.
    pub fn refusal(self) -> CoreError {
        match serde_json::from_slice::<ErrorBody>(&self.body) {
            Ok(body) => CoreError::HubRefused {
                code: known_code(&body.code),
                message: body.message,
            },
            Err(_) => CoreError::HubAnswer {
                url: self.url,
                reason: format!("HTTP status {} without an error body", self.status),
            },
        }
    }
}

fn known_code(code: &str) -> &'static str {
    KNOWN_HUB_CODES
        .iter()
        .find(|known| **known == code)
        .copied()
        .unwrap_or("hub_refused")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> RawAnswer {
        RawAnswer {
            url: "http://hub.invalid/v1/x".to_owned(),
            status: StatusCode::from_u16(status).expect("a status"),
            body: body.as_bytes().to_vec(),
        }
    }

    fn check(status: u16, body: &str, expected_code: &str) {
        let error = answer(status, body)
            .decode::<fflow_protocol::sync::PushResponse>()
            .expect_err("not a push answer");
        assert_eq!(error.code(), expected_code, "{status} {body:?}: {error}");
    }

    #[test]
    fn answers_that_are_not_ours_become_typed_errors() {
        check(
            409,
            r#"{"code":"seats_exhausted","message":"no seat"}"#,
            "seats_exhausted",
        );
        check(
            401,
            r#"{"code":"device_reset","message":"reset"}"#,
            "device_reset",
        );
        check(
            409,
            r#"{"code":"brand_new_code","message":"?"}"#,
            "hub_refused",
        );
        check(200, "<html>captive portal</html>", "hub_answer");
        check(502, "<html>bad gateway</html>", "hub_answer");
        check(200, r#"{"acked_through":"seven"}"#, "hub_answer");
        check(200, "", "hub_answer");
    }
}
