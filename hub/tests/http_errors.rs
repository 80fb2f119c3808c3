//! The hub's one HTTP error shape: every refusal is a status code with a `{code, message}`
//! body, database constraint violations become 409/422, and 500s carry no internals.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use fflow_hub::http::error::ApiError;
use fflow_hub::http::json_body::{ApiJson, MAXIMUM_BODY_BYTES};
use fflow_hub::http::{REQUEST_ID_HEADER, with_api_layers};
use fflow_protocol::ErrorBody;
use http_body_util::BodyExt;
use serde::Deserialize;
use sqlx::PgPool;
use tower::ServiceExt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Probe {
    name: String,
}

/// A route behind exactly the layers of the real API, taking a JSON body like sign-in does.
fn probe_router() -> Router {
    with_api_layers(Router::new().route(
        "/probe",
        post(|ApiJson(probe): ApiJson<Probe>| async move { Json(probe.name) }),
    ))
}

async fn error_body(response: axum::response::Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("read body")
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "a {status} must answer {{code, message}}, got {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, body)
}

fn request_to(
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.body(Body::from(body)).expect("request")
}

/// One request and the refusal it must get.
struct Case<'a> {
    method: &'static str,
    path: &'static str,
    content_type: Option<&'static str>,
    body: &'a [u8],
    expected_status: StatusCode,
    expected_code: &'static str,
}

impl<'a> Case<'a> {
    fn new(
        method: &'static str,
        path: &'static str,
        content_type: Option<&'static str>,
        body: &'a [u8],
        expected_status: StatusCode,
        expected_code: &'static str,
    ) -> Self {
        Case {
            method,
            path,
            content_type,
            body,
            expected_status,
            expected_code,
        }
    }
}

#[tokio::test]
async fn bad_requests_answer_the_right_status_and_code() {
    let oversize = format!(r#"{{"name":"{}"}}"#, "x".repeat(MAXIMUM_BODY_BYTES)).into_bytes();
    let json = Some("application/json");
    let cases = [
        Case::new(
            "POST",
            "/probe",
            json,
            b"{\"name\":",
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        Case::new(
            "POST",
            "/probe",
            json,
            br#"{"name":"a","admin":true}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        Case::new(
            "POST",
            "/probe",
            json,
            br#"{"name":5}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        Case::new(
            "POST",
            "/probe",
            None,
            br#"{"name":"a"}"#,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        Case::new(
            "POST",
            "/probe",
            json,
            &oversize,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        Case::new(
            "GET",
            "/probe",
            None,
            b"",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        Case::new(
            "GET",
            "/nowhere",
            None,
            b"",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for Case {
        method,
        path,
        content_type,
        body,
        expected_status,
        expected_code,
    } in cases
    {
        let request = request_to(method, path, content_type, body.to_vec());
        let response = probe_router().oneshot(request).await.expect("infallible");
        let (status, body) = error_body(response).await;
        assert_eq!(
            (status, body.code.as_str()),
            (expected_status, expected_code),
            "{method} {path} ({content_type:?}): clients branch on status and code; {body:?}"
        );
    }
}

#[tokio::test]
async fn a_good_body_passes_and_every_response_carries_a_request_id() {
    let request = request_to(
        "POST",
        "/probe",
        Some("application/json"),
        br#"{"name":"ana"}"#.to_vec(),
    );
    let response = probe_router().oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers().contains_key(REQUEST_ID_HEADER),
        "a request id the client can quote is how support finds the request in the logs"
    );

    let request = Request::builder()
        .uri("/nowhere")
        .header(REQUEST_ID_HEADER, "client-chosen-id")
        .body(Body::empty())
        .expect("request");
    let response = probe_router().oneshot(request).await.expect("infallible");
    assert_eq!(
        response
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok()),
        Some("client-chosen-id"),
        "an id sent by a proxy or client is kept, so both sides log the same one"
    );
}

async fn refusal_of(pool: &PgPool, sql: &'static str) -> (StatusCode, ErrorBody) {
    let error = sqlx::query(sql)
        .execute(pool)
        .await
        .expect_err("the statement is meant to fail");
    error_body(ApiError::from(error).into_response()).await
}

#[sqlx::test]
async fn database_failures_map_to_status_codes_without_internals(pool: PgPool) {
    sqlx::query("INSERT INTO tenants (name, cnpj) VALUES ('Alpha', '11222333000181')")
        .execute(&pool)
        .await
        .expect("first tenant");
    let cases = [
        (
            "INSERT INTO tenants (name, cnpj) VALUES ('Again', '11222333000181')",
            StatusCode::CONFLICT,
            "cnpj_taken",
        ),
        (
            "INSERT INTO plans (code, name, price_cents, billing_cycle, max_devices, max_users, max_products)
             VALUES ('basic', 'Basic', -1, 'monthly', 1, 1, 1)",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_value",
        ),
        (
            "SELEC secret_column FROM tenants",
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
        ),
    ];
    for (sql, expected_status, expected_code) in cases {
        let (status, body) = refusal_of(&pool, sql).await;
        assert_eq!(
            (status, body.code.as_str()),
            (expected_status, expected_code),
            "for {sql}: {body:?}"
        );
        for internal in [
            "SELEC",
            "secret_column",
            "tenants",
            "syntax",
            "constraint",
            "plans",
        ] {
            assert!(
                !body.message.contains(internal),
                "for {sql}: the message {:?} must not reveal {internal:?}",
                body.message
            );
        }
    }
}

/// Log output captured in memory, to check what a 500 leaves in the logs.
#[derive(Clone, Default)]
struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLog {
    type Writer = CapturedLog;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn a_500_logs_its_cause_under_the_request_id_and_sends_neither() {
    let log = CapturedLog::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let router = with_api_layers(Router::new().route(
        "/fails",
        post(|| async {
            Err::<(), _>(ApiError::Internal(
                "signing key file /etc/fflow/key unreadable".to_owned(),
            ))
        }),
    ));
    let request = Request::builder()
        .method("POST")
        .uri("/fails")
        .header(REQUEST_ID_HEADER, "req-5150")
        .body(Body::empty())
        .expect("request");
    let response = router.oneshot(request).await.expect("infallible");
    let (status, body) = error_body(response).await;

    assert_eq!(
        (status, body.code.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "internal")
    );
    assert!(
        !body.message.contains("/etc/fflow"),
        "the cause stays on the server: {}",
        body.message
    );
    let logged = String::from_utf8(log.0.lock().expect("log lock").clone()).expect("utf-8 log");
    let line = logged
        .lines()
        .find(|line| line.contains("/etc/fflow/key unreadable"))
        .unwrap_or_else(|| panic!("the cause must be logged; the log was:\n{logged}"));
    assert!(
        line.contains("req-5150"),
        "the logged cause carries the request id the client got, so they can be matched: {line}"
    );
}
