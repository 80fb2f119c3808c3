//! `/health` (the process answers) and `/ready` (the process can do work: its database
//! answers), for load balancers and for the stores' status panel.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use fflow_protocol::{HealthReport, ServiceState};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{AppState, HUB_VERSION, database};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
}

/// The process answers.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "the hub runs", body = HealthReport)))]
async fn health() -> Json<HealthReport> {
    Json(report(ServiceState::Ok))
}

/// The process can do work: its database answers.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses(
        (status = 200, description = "ready", body = HealthReport),
        (status = 503, description = "the database does not answer", body = HealthReport),
    ))]
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    if database::is_reachable(&state.pool).await {
        (StatusCode::OK, Json(report(ServiceState::Ok)))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(report(ServiceState::Unavailable)),
        )
    }
}

fn report(status: ServiceState) -> HealthReport {
    HealthReport {
        status,
        version: HUB_VERSION.to_owned(),
    }
}
