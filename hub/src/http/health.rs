//! `/health` (the process answers) and `/ready` (the process can do work: its database
//! answers), for load balancers and for the stores' status panel.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use fflow_protocol::{HealthReport, ServiceState};

use crate::{AppState, HUB_VERSION, database};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
}

async fn health() -> Json<HealthReport> {
    Json(report(ServiceState::Ok))
}

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
