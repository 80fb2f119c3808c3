//! `/v1/sync`: the store's side of sync v1 for device-authenticated requests: pushing
//! events, pulling and acknowledging commands, and the snapshot a store takes when it is
//! too far behind the command feed.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fflow_protocol::ErrorBody;
use fflow_protocol::sync::{
    AckRequest, PullResponse, PushRequest, PushResponse, SEQUENCE_GAP_CODE, SequenceGap, Snapshot,
    TOO_FAR_BEHIND_CODE,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::device_session::DeviceSession;
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::command_feed::{self, FeedError};
use crate::sync_push::{DeviceStream, PushError, push_events};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push))
        .routes(routes!(pull))
        .routes(routes!(ack))
        .routes(routes!(snapshot))
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
            PushError::TooLarge { .. } => PushRefusal::Api(ApiError::Unprocessable {
                code: "batch_too_large",
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

/// Stores a batch of the device's outbox events, at most once each, and answers the
/// highest sequence number it holds only after the commit. The body may be gzip.
#[utoipa::path(post, path = "/v1/sync/push", tag = "sync", security(("device" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "stored through `acked_through`", body = PushResponse),
        (status = 409, description = "`sequence_gap` (resend from `expected_seq`); \
            `sequence_diverged` (an event of that seq with other content is stored)", body = SequenceGap),
        (status = 422, description = "`batch_too_large` (over 1,000 events), `invalid_events`", body = ErrorBody),
    ))]
async fn push(
    State(state): State<AppState>,
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
    state.metrics.record_events_pushed(request.events.len());
    Ok(Json(acked))
}

/// The query of `GET /v1/sync/pull`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    after: i64,
    limit: Option<i64>,
}

/// How many commands a pull answers when the store does not say.
const DEFAULT_PULL_LIMIT: i64 = 100;

/// The commands addressed to this device or its tenant after the cursor `after`.
#[utoipa::path(get, path = "/v1/sync/pull", tag = "sync", security(("device" = [])),
    params(PullQuery),
    responses(
        (status = 200, description = "commands in cursor order", body = PullResponse),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
        (status = 409, description = "`cursor_ahead`", body = ErrorBody),
        (status = 410, description = "`too_far_behind`: take `/v1/sync/snapshot`", body = ErrorBody),
        (status = 422, description = "`invalid_cursor`", body = ErrorBody),
    ))]
async fn pull(
    State(state): State<AppState>,
    mut session: DeviceSession,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest {
        code: "invalid_query",
        message: format!(
            "expected ?after=<cursor>&limit=<n>: {}",
            rejection.body_text()
        ),
    })?;
    let limit = query.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    let answer = command_feed::pull_commands(
        &mut session.transaction,
        session.tenant,
        session.device,
        query.after,
        limit,
    )
    .await?;
    state.metrics.record_commands_pulled(answer.commands.len());
    Ok(Json(answer))
}

/// Records that the device applied every command through `through`.
#[utoipa::path(post, path = "/v1/sync/ack", tag = "sync", security(("device" = [])),
    request_body = AckRequest,
    responses(
        (status = 200, description = "the acknowledgement as stored", body = AckRequest),
        (status = 409, description = "`cursor_ahead`", body = ErrorBody),
        (status = 422, description = "`invalid_cursor`", body = ErrorBody),
    ))]
async fn ack(
    mut session: DeviceSession,
    ApiJson(request): ApiJson<AckRequest>,
) -> Result<Json<AckRequest>, ApiError> {
    let stored = command_feed::acknowledge(
        &mut session.transaction,
        session.tenant,
        session.device,
        request.through,
    )
    .await?;
    session.transaction.commit().await?;
    Ok(Json(AckRequest { through: stored }))
}

/// The tenant's current master data and the cursor it is current as of.
#[utoipa::path(get, path = "/v1/sync/snapshot", tag = "sync", security(("device" = [])),
    responses((status = 200, description = "the snapshot", body = Snapshot)))]
async fn snapshot(mut session: DeviceSession) -> Result<Json<Snapshot>, ApiError> {
    Ok(Json(
        command_feed::snapshot(&mut session.transaction, session.tenant).await?,
    ))
}

impl From<FeedError> for ApiError {
    fn from(error: FeedError) -> Self {
        let message = error.to_string();
        match error {
            FeedError::TooFarBehind { .. } => ApiError::Gone {
                code: TOO_FAR_BEHIND_CODE,
                message,
            },
            FeedError::CursorAhead { .. } => ApiError::Conflict {
                code: "cursor_ahead",
                message,
            },
            FeedError::Invalid(_) => ApiError::Unprocessable {
                code: "invalid_cursor",
                message,
            },
            FeedError::Corrupt(_) => ApiError::Internal(message),
            FeedError::Database(error) => ApiError::from(error),
        }
    }
}
