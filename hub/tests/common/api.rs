//! Driving the hub's router as an HTTP client would, for the sign-in tests: requests with a
//! client address and a bearer token, answers read as JSON.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use fflow_hub::auth::access_token::AccessTokenKey;
use fflow_hub::licensing::Licensing;
use fflow_hub::{AppState, app};
use fflow_protocol::SessionTokens;
use fflow_protocol::license::LicenseVerifyingKeys;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tower::ServiceExt;

use super::runtime_pool;

pub const ALPHA_CNPJ: &str = "11.222.333/0001-81";
pub const ALPHA_OWNER: &str = "owner@alpha.example";
pub const PASSWORD: &str = "a long enough password";

pub fn address(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, last))
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as text, for the answers that are not JSON (`/metrics`).
    pub text: String,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    pub fn tokens(&self) -> SessionTokens {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "expected tokens, got {}",
            self.body
        );
        serde_json::from_value(self.body.clone()).expect("session tokens")
    }
}

pub async fn call(
    router: &Router,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
    from: IpAddr,
) -> Answer {
    let mut headers = Vec::new();
    if let Some(token) = bearer {
        headers.push(("authorization", format!("Bearer {token}")));
    }
    let body = match body {
        Some(json) => {
            headers.push(("content-type", "application/json".to_owned()));
            json.to_string().into_bytes()
        }
        None => Vec::new(),
    };
    call_raw(router, method, path, &headers, body, from).await
}

/// A request with exactly `headers` and the bytes of `body`, for bodies that are not
/// plain JSON (gzip, a wrong encoding).
pub async fn call_raw(
    router: &Router,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
    from: IpAddr,
) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let mut request = request.body(Body::from(body)).expect("request");
    // What `into_make_service_with_connect_info` adds for a real connection.
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(from, 40_000)));
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Answer {
        status,
        headers,
        body,
        text,
    }
}

pub async fn sign_in_as(
    router: &Router,
    tenant: &str,
    email: &str,
    password: &str,
    from: IpAddr,
) -> Answer {
    let body = json!({ "tenant": tenant, "email": email, "password": password });
    call(router, "POST", "/v1/auth/sign-in", None, Some(body), from).await
}

pub async fn refresh(router: &Router, refresh_token: &str) -> Answer {
    let body = json!({ "refresh_token": refresh_token });
    call(
        router,
        "POST",
        "/v1/auth/refresh",
        None,
        Some(body),
        address(1),
    )
    .await
}

pub async fn hub(connect_options: &PgConnectOptions) -> (PgPool, Router, AccessTokenKey) {
    let (runtime, router, key, _, _) = hub_with_licensing(connect_options, 30).await;
    (runtime, router, key)
}

/// A hub whose licenses hold `validity_days`, with the public key they verify with and
/// its license signer (for what the operator's command line signs).
pub async fn hub_with_licensing(
    connect_options: &PgConnectOptions,
    validity_days: u32,
) -> (
    PgPool,
    Router,
    AccessTokenKey,
    LicenseVerifyingKeys,
    Arc<Licensing>,
) {
    let runtime = runtime_pool(connect_options).await;
    let key = AccessTokenKey::generate();
    let licensing = Licensing::with_random_key(validity_days);
    let mut trusted = LicenseVerifyingKeys::new();
    trusted.insert(
        licensing.signing_key().kid(),
        licensing.signing_key().verifying_key(),
    );
    let state = AppState::new(runtime.clone(), key.clone(), licensing);
    let licensing = Arc::clone(&state.licensing);
    (runtime, app(state), key, trusted, licensing)
}
