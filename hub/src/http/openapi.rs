//! `GET /openapi.json`: the OpenAPI 3.1 document of the hub's API, generated from the
//! handlers' `#[utoipa::path]` annotations and the wire types of `fflow-protocol`. Every
//! route is registered through `utoipa_axum::routes!`, so no route exists without its
//! entry. The answers many operations share (a malformed body, a missing token, a 500)
//! are added here once, from what each operation declares, instead of on every handler.

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use fflow_protocol::ErrorBody;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, OpenApi as Document, Ref, RefOr, Response, ResponseBuilder,
};

/// The security scheme of routes called by people signed in (`/v1/auth/sign-in`).
pub const USER_SCHEME: &str = "user";
/// The security scheme of routes called by activated stores (`/v1/devices/token`).
pub const DEVICE_SCHEME: &str = "device";

/// Where the document starts: title, version and the tags the handlers use.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "F-Flow Hub",
        description = "The cloud side of F-Flow: accounts, devices and licenses, sync v1, reports. \
            Every failure answers `{code, message}`; programs branch on `code`."
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "auth", description = "signing in and refreshing a session"),
        (name = "account", description = "the signed-in person"),
        (name = "devices", description = "activation codes, devices, resets and revocations"),
        (name = "device", description = "what an activated store calls about itself"),
        (name = "sync", description = "sync v1: events up, commands down"),
        (name = "master-data", description = "payment methods and prices sent to the stores"),
        (name = "reports", description = "sales per day and per store"),
        (name = "operations", description = "health, readiness and metrics"),
    )
)]
struct HubApi;

/// The document the handlers add their paths to.
pub fn base_document() -> Document {
    HubApi::openapi()
}

/// Adds the security schemes and the shared answers to `document`, once every route is in.
pub fn complete(document: &mut Document) {
    let components = document
        .components
        .get_or_insert_with(|| ComponentsBuilder::new().build());
    components.add_security_scheme(
        USER_SCHEME,
        bearer("the access token from /v1/auth/sign-in or /v1/auth/refresh"),
    );
    components.add_security_scheme(
        DEVICE_SCHEME,
        bearer("the device token from /v1/devices/token"),
    );
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let schemes = security_schemes(operation.security.as_deref().unwrap_or_default());
            let answers = &mut operation.responses.responses;
            if operation.request_body.is_some() {
                share(
                    answers,
                    "400",
                    "`malformed_json`, `unreadable_body`, `invalid_gzip`",
                );
                share(answers, "413", "`payload_too_large`");
                share(
                    answers,
                    "415",
                    "`unsupported_media_type`, `unsupported_content_encoding`",
                );
                share(
                    answers,
                    "422",
                    "`invalid_body` (unknown, missing or mistyped fields)",
                );
            }
            if schemes.iter().any(|scheme| scheme == USER_SCHEME) {
                share(
                    answers,
                    "401",
                    "`missing_access_token`, `access_token_expired`, `invalid_access_token`",
                );
                share(answers, "403", "`forbidden`: the role may not do this");
            }
            if schemes.iter().any(|scheme| scheme == DEVICE_SCHEME) {
                share(
                    answers,
                    "401",
                    "`missing_device_token`, `device_token_expired`, `invalid_device_token`",
                );
            }
            share(
                answers,
                "500",
                "`internal`: the x-request-id header finds it in the logs",
            );
        }
    }
}

/// The router serving `document` at `/openapi.json`, encoded once.
pub fn router<S: Clone + Send + Sync + 'static>(document: &Document) -> Router<S> {
    let body = document
        .to_json()
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"));
    Router::new().route(
        "/openapi.json",
        get(move || {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "application/json")], body).into_response() }
        }),
    )
}

fn bearer(description: &str) -> SecurityScheme {
    SecurityScheme::Http(
        HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(description))
            .build(),
    )
}

/// The scheme names an operation's security requirements list.
fn security_schemes(
    requirements: &[utoipa::openapi::security::SecurityRequirement],
) -> Vec<String> {
    requirements
        .iter()
        .filter_map(|requirement| serde_json::to_value(requirement).ok())
        .filter_map(|value| {
            value
                .as_object()
                .map(|names| names.keys().cloned().collect::<Vec<_>>())
        })
        .flatten()
        .collect()
}

/// Adds `codes` to the answer for `status`, creating it with an `ErrorBody` when the
/// handler declared none.
fn share(
    answers: &mut std::collections::BTreeMap<String, RefOr<Response>>,
    status: &str,
    codes: &str,
) {
    match answers.get_mut(status) {
        Some(RefOr::T(answer)) => {
            answer.description = format!("{}; {codes}", answer.description);
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            let error_body = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build();
            answers.insert(
                status.to_owned(),
                RefOr::T(
                    ResponseBuilder::new()
                        .description(codes)
                        .content("application/json", error_body)
                        .build(),
                ),
            );
        }
    }
}
