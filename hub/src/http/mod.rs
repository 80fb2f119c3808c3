//! The hub's HTTP surface: one module per resource, each exposing `router()`, merged here
//! under the layers every request goes through (request id, tracing, body limit).

mod auth;
pub mod authenticated;
pub mod client_address;
pub mod device_session;
mod devices;
pub mod error;
mod gzip_body;
mod health;
pub mod json_body;
mod master_data;
mod me;
mod metrics;
mod openapi;
mod reports;
mod sync;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use error::ApiError;

/// The header that carries each request's id, set here when the client sent none and
/// echoed in the response, so a client's report and the hub's logs name the same request.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The whole HTTP API of the hub over `state`.
pub fn app(state: AppState) -> Router {
    let (routes, mut document) = OpenApiRouter::with_openapi(openapi::base_document())
        .merge(health::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(devices::router())
        .merge(sync::router())
        .merge(master_data::router())
        .merge(reports::router())
        .merge(metrics::router())
        .split_for_parts();
    openapi::complete(&mut document);
    let routes = routes
        .merge(openapi::router(&document))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record_request,
        ))
        .with_state(state);
    with_api_layers(routes)
}

/// The layers every hub route sits behind; public so tests can put a probe route behind
/// exactly what the real API has.
pub fn with_api_layers(router: Router) -> Router {
    // Listed innermost first: the body limit applies inside the trace span, the span
    // reads the id that the outermost layer set.
    router
        .fallback(|| async {
            ApiError::NotFound {
                what: "this endpoint",
            }
        })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(json_body::MAXIMUM_BODY_BYTES))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let request_id = request
                    .headers()
                    .get(REQUEST_ID_HEADER)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    request_id,
                )
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
}
