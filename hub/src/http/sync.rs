//! `/v1/sync`: the store's side of sync v1 for device-authenticated requests. Only push
//! exists so far; pull and ack come with the command feed.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use fflow_protocol::sync::{PushRequest, PushResponse, SEQUENCE_GAP_CODE, SequenceGap};

use super::device_session::DeviceSession;
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::sync_push::{DeviceStream, PushError, push_events};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/sync/push", post(push))
}

/// A push's refusal: the gap answer carries the sequence number to resend from, besides
/// the usual `{code, message}`.
#[derive(Debug)]
enum PushRefusal {
    Gap(SequenceGap),
    Api(ApiError),
}

impl IntoResponse for PushRefusal {
    fn into_response(self) -> Response {
        match self {
            PushRefusal::Gap(gap) => (StatusCode::CONFLICT, Json(gap)).into_response(),
            PushRefusal::Api(error) => error.into_response(),
        }
    }
}

impl From<ApiError> for PushRefusal {
    fn from(error: ApiError) -> Self {
        PushRefusal::Api(error)
    }
}

impl From<sqlx::Error> for PushRefusal {
    fn from(error: sqlx::Error) -> Self {
        PushRefusal::Api(ApiError::from(error))
    }
}

impl From<PushError> for PushRefusal {
    fn from(error: PushError) -> Self {
        let message = error.to_string();
        match error {
            PushError::Gap { expected_seq } => PushRefusal::Gap(SequenceGap {
                code: SEQUENCE_GAP_CODE.to_owned(),
                message,
                expected_seq,
            }),
            PushError::Diverged { .. } => PushRefusal::Api(ApiError::Conflict {
                code: "sequence_diverged",
                message,
            }),
            PushError::Invalid(_) => PushRefusal::Api(ApiError::Unprocessable {
                code: "invalid_events",
                message,
            }),
            PushError::Database(error) => error.into(),
        }
    }
}

async fn push(
    mut session: DeviceSession,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, PushRefusal> {
    let stream = DeviceStream {
        tenant: session.tenant,
        device: session.device,
        epoch: session.epoch,
    };
    let acked = push_events(&mut session.transaction, stream, &request).await?;
    session.transaction.commit().await?;
    Ok(Json(acked))
}
