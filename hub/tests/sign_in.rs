//! Sign-in end to end through the router, as the runtime role `serve` uses: tokens, `/v1/me`,
//! refresh rotation with family revocation on reuse, the rate limits, and refusals that do
//! not tell which emails exist.

mod common;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use common::{owner_pool, runtime_pool, two_tenants};
use fflow_hub::auth::access_token::{AccessClaims, AccessTokenKey, issue_access_token};
use fflow_hub::auth::{
    AuthError, FAILURE_WINDOW_SECONDS, MAXIMUM_FAILURES_PER_ADDRESS, MAXIMUM_FAILURES_PER_EMAIL,
    sign_in, unix_now,
};
use fflow_hub::{AppState, app};
use fflow_protocol::{SessionTokens, SignInRequest};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tower::ServiceExt;

const ALPHA_CNPJ: &str = "11.222.333/0001-81";
const ALPHA_OWNER: &str = "owner@alpha.example";
const PASSWORD: &str = "a long enough password";

fn address(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, last))
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Answer {
    fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    fn tokens(&self) -> SessionTokens {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "expected tokens, got {}",
            self.body
        );
        serde_json::from_value(self.body.clone()).expect("session tokens")
    }
}

async fn call(
    router: &Router,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
    from: IpAddr,
) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = bearer {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let body = match body {
        Some(json) => {
            request = request.header("content-type", "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let mut request = request.body(body).expect("request");
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
    Answer {
        status,
        headers,
        body,
    }
}

async fn sign_in_as(
    router: &Router,
    tenant: &str,
    email: &str,
    password: &str,
    from: IpAddr,
) -> Answer {
    let body = json!({ "tenant": tenant, "email": email, "password": password });
    call(router, "POST", "/v1/auth/sign-in", None, Some(body), from).await
}

async fn refresh(router: &Router, refresh_token: &str) -> Answer {
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

async fn hub(connect_options: &PgConnectOptions) -> (PgPool, Router, AccessTokenKey) {
    let runtime = runtime_pool(connect_options).await;
    let key = AccessTokenKey::generate();
    let router = app(AppState::new(runtime.clone(), key.clone()));
    (runtime, router, key)
}

#[sqlx::test]
async fn sign_in_by_cnpj_or_tenant_id_then_me(_: PgPoolOptions, connect_options: PgConnectOptions) {
    let (runtime, router, _) = hub(&connect_options).await;
    let (alpha, _) = two_tenants(&runtime).await;
    for tenant in [
        ALPHA_CNPJ.to_owned(),
        "11222333000181".to_owned(),
        alpha.to_string(),
    ] {
        let tokens = sign_in_as(
            &router,
            &tenant,
            " Owner@Alpha.example ",
            PASSWORD,
            address(1),
        )
        .await
        .tokens();
        let me = call(
            &router,
            "GET",
            "/v1/me",
            Some(&tokens.access_token),
            None,
            address(1),
        )
        .await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
        assert_eq!(
            (
                me.body["tenant_id"].as_str(),
                me.body["tenant_name"].as_str(),
                me.body["email"].as_str(),
                me.body["role"].as_str()
            ),
            (
                Some(alpha.to_string().as_str()),
                Some("Alpha"),
                Some(ALPHA_OWNER),
                Some("owner")
            ),
            "signing in as {tenant:?} must act for Alpha's owner"
        );
    }
}

#[sqlx::test]
async fn wrong_password_and_unknown_email_or_company_answer_alike(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, router, _) = hub(&connect_options).await;
    let (_, beta) = two_tenants(&runtime).await;
    let cases = [
        (
            ALPHA_CNPJ.to_owned(),
            ALPHA_OWNER,
            "not the password at all",
        ),
        (ALPHA_CNPJ.to_owned(), "nobody@alpha.example", PASSWORD),
        // Beta's owner exists, but not at Alpha.
        (ALPHA_CNPJ.to_owned(), "owner@beta.example", PASSWORD),
        // Valid check digits, no tenant.
        ("11.444.777/0001-61".to_owned(), ALPHA_OWNER, PASSWORD),
        (uuid::Uuid::now_v7().to_string(), ALPHA_OWNER, PASSWORD),
    ];
    let mut messages = Vec::new();
    for (tenant, email, password) in cases {
        let answer = sign_in_as(&router, &tenant, email, password, address(2)).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            "{tenant} / {email}: {}",
            answer.body
        );
        messages.push(answer.body["message"].clone());
    }
    messages.dedup();
    assert_eq!(
        messages.len(),
        1,
        "one message for every case, or emails can be probed: {messages:?}"
    );

    let malformed = sign_in_as(
        &router,
        "11.222.333/0001-00",
        ALPHA_OWNER,
        PASSWORD,
        address(2),
    )
    .await;
    assert_eq!(
        (malformed.status, malformed.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_tenant"),
        "a CNPJ with wrong check digits is a typo worth naming: {}",
        malformed.body
    );
    let unknown_field = call(
        &router,
        "POST",
        "/v1/auth/sign-in",
        None,
        Some(json!({ "tenant": beta.to_string(), "email": "owner@beta.example", "password": PASSWORD, "role": "owner" })),
        address(2),
    )
    .await;
    assert_eq!(
        (unknown_field.status, unknown_field.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
        "unknown fields in a sign-in body are refused: {}",
        unknown_field.body
    );
}

#[sqlx::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, router, _) = hub(&connect_options).await;
    let (alpha, _) = two_tenants(&runtime).await;
    let first = sign_in_as(&router, ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address(3))
        .await
        .tokens();
    let other_session = sign_in_as(&router, ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address(3))
        .await
        .tokens();

    let second = refresh(&router, &first.refresh_token).await.tokens();
    assert_ne!(
        second.refresh_token, first.refresh_token,
        "each refresh issues a new token"
    );
    let me = call(
        &router,
        "GET",
        "/v1/me",
        Some(&second.access_token),
        None,
        address(3),
    )
    .await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "the refreshed access token works: {}",
        me.body
    );
    let third = refresh(&router, &second.refresh_token).await.tokens();

    // Someone replays the first token, long since traded in: the thief or the owner, the
    // hub cannot tell, so the whole family ends.
    let replay = refresh(&router, &first.refresh_token).await;
    assert_eq!(
        (replay.status, replay.code()),
        (StatusCode::UNAUTHORIZED, "refresh_token_reused"),
        "{}",
        replay.body
    );
    let latest = refresh(&router, &third.refresh_token).await;
    assert_eq!(
        (latest.status, latest.code()),
        (StatusCode::UNAUTHORIZED, "refresh_token_reused"),
        "the newest token of a family with a replayed member must be dead too: {}",
        latest.body
    );
    refresh(&router, &other_session.refresh_token)
        .await
        .tokens();

    let owner = owner_pool(&connect_options).await;
    let revocations: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = 'session.family_revoked'",
    )
    .bind(alpha.0)
    .fetch_one(&owner)
    .await
    .expect("read audit log");
    assert!(
        revocations >= 1,
        "revoking a family is recorded in the audit log"
    );

    for forged in [
        "",
        "not-a-token",
        &format!("{alpha}.AAAA"),
        &format!("{}.x", uuid::Uuid::now_v7()),
    ] {
        let answer = refresh(&router, forged).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNAUTHORIZED, "invalid_refresh_token"),
            "{forged:?}"
        );
    }
}

#[sqlx::test]
async fn me_needs_a_valid_unexpired_access_token(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, router, key) = hub(&connect_options).await;
    let (alpha, _) = two_tenants(&runtime).await;
    let tokens = sign_in_as(&router, ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address(4))
        .await
        .tokens();
    let claims = |issued_at: i64, expires_at: i64| AccessClaims {
        tenant: alpha.0,
        user: uuid::Uuid::now_v7(),
        role: "owner".to_owned(),
        issued_at,
        expires_at,
    };
    let now = unix_now();
    let expired = issue_access_token(&key, &claims(now - 3_600, now - 60));
    let other_key = issue_access_token(&AccessTokenKey::generate(), &claims(now, now + 600));
    let tampered = format!("{}x", tokens.access_token);
    let cases = [
        (None, "missing_access_token"),
        (Some(expired.as_str()), "access_token_expired"),
        (Some(other_key.as_str()), "invalid_access_token"),
        (Some(tampered.as_str()), "invalid_access_token"),
        (Some(tokens.refresh_token.as_str()), "invalid_access_token"),
    ];
    for (bearer, expected_code) in cases {
        let answer = call(&router, "GET", "/v1/me", bearer, None, address(4)).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNAUTHORIZED, expected_code),
            "bearer {bearer:?}: {}",
            answer.body
        );
    }
}

#[sqlx::test]
async fn failed_sign_ins_are_limited_per_email_across_hub_processes(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, first_hub, key) = hub(&connect_options).await;
    two_tenants(&runtime).await;
    // A second process: its own pool and router over the same database.
    let (second_runtime, second_hub, _) = hub(&connect_options).await;
    for attempt in 0..MAXIMUM_FAILURES_PER_EMAIL {
        let router = if attempt % 2 == 0 {
            &first_hub
        } else {
            &second_hub
        };
        let answer = sign_in_as(
            router,
            ALPHA_CNPJ,
            ALPHA_OWNER,
            "a wrong password!",
            address(5),
        )
        .await;
        assert_eq!(answer.code(), "invalid_credentials", "attempt {attempt}");
    }
    for router in [&first_hub, &second_hub] {
        let answer = sign_in_as(router, ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address(6)).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::TOO_MANY_REQUESTS, "too_many_sign_in_failures"),
            "after {MAXIMUM_FAILURES_PER_EMAIL} failures even the right password waits, on \
             every hub process and from any address: {}",
            answer.body
        );
        let retry_after: u64 = answer.headers["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!(
            retry_after > 0 && retry_after <= FAILURE_WINDOW_SECONDS as u64,
            "Retry-After {retry_after}"
        );
    }
    let request = SignInRequest {
        tenant: ALPHA_CNPJ.to_owned(),
        email: ALPHA_OWNER.to_owned(),
        password: PASSWORD.to_owned(),
    };
    let later = unix_now() + FAILURE_WINDOW_SECONDS + 1;
    sign_in(&second_runtime, &key, &request, address(6), later)
        .await
        .expect("once the window has passed, the right password signs in again");
}

#[sqlx::test]
async fn failed_sign_ins_are_limited_per_address(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, _, key) = hub(&connect_options).await;
    two_tenants(&runtime).await;
    let now = unix_now();
    let attempt = |email: String| SignInRequest {
        tenant: ALPHA_CNPJ.to_owned(),
        email,
        password: "a wrong password!".to_owned(),
    };
    // Different emails each time, so only the per-address count can stop this.
    for n in 0..MAXIMUM_FAILURES_PER_ADDRESS {
        let outcome = sign_in(
            &runtime,
            &key,
            &attempt(format!("guess{n}@alpha.example")),
            address(7),
            now,
        )
        .await;
        assert!(
            matches!(outcome, Err(AuthError::InvalidCredentials)),
            "attempt {n}: {outcome:?}"
        );
    }
    let blocked = sign_in(
        &runtime,
        &key,
        &attempt("one.more@alpha.example".to_owned()),
        address(7),
        now,
    )
    .await;
    assert!(
        matches!(blocked, Err(AuthError::TooManyFailures { retry_after_seconds }) if retry_after_seconds == FAILURE_WINDOW_SECONDS),
        "the address is blocked for the rest of the window: {blocked:?}"
    );
    let elsewhere = sign_in(
        &runtime,
        &key,
        &attempt("one.more@alpha.example".to_owned()),
        address(8),
        now,
    )
    .await;
    assert!(
        matches!(elsewhere, Err(AuthError::InvalidCredentials)),
        "another address is not punished for this one: {elsewhere:?}"
    );
}
