//! The hub's HTTP surface: one module per resource, each exposing `router()`, merged here.

mod health;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::AppState;

/// The whole HTTP API of the hub over `state`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
