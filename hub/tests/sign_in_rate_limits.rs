//! The limits on failed sign-ins: per (tenant, email) and per client address, kept in
//! PostgreSQL so that several hub processes agree, and exact under parallel attempts.

mod common;

use axum::http::StatusCode;
use common::api::{ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address, hub, sign_in_as};
use common::two_tenants;
use fflow_hub::auth::{
    AuthError, FAILURE_WINDOW_SECONDS, MAXIMUM_FAILURES_PER_ADDRESS, MAXIMUM_FAILURES_PER_EMAIL,
    sign_in, unix_now,
};
use fflow_protocol::SignInRequest;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

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

#[sqlx::test]
async fn parallel_failures_cannot_outrun_the_limit(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, _, key) = hub(&connect_options).await;
    two_tenants(&runtime).await;
    let now = unix_now();
    let burst = MAXIMUM_FAILURES_PER_EMAIL * 3;
    let mut attempts = tokio::task::JoinSet::new();
    for n in 0..burst {
        let (runtime, key) = (runtime.clone(), key.clone());
        attempts.spawn(async move {
            let request = SignInRequest {
                tenant: ALPHA_CNPJ.to_owned(),
                email: ALPHA_OWNER.to_owned(),
                password: format!("guess number {n}"),
            };
            // A different address each time: only the per-email count can stop them.
            let from = address(u8::try_from(100 + n).expect("small"));
            sign_in(&runtime, &key, &request, from, now).await
        });
    }
    let mut checked = 0;
    while let Some(outcome) = attempts.join_next().await {
        match outcome.expect("the attempt ran") {
            Err(AuthError::InvalidCredentials) => checked += 1,
            Err(AuthError::TooManyFailures { .. }) => {}
            other => panic!("a wrong password either fails or is refused: {other:?}"),
        }
    }
    assert!(
        checked <= MAXIMUM_FAILURES_PER_EMAIL,
        "{checked} of {burst} parallel guesses had their password checked; a burst must not \
         get more than {MAXIMUM_FAILURES_PER_EMAIL} guesses"
    );
}

#[sqlx::test]
async fn expired_attempts_are_dropped_whatever_their_email_or_address(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (runtime, _, key) = hub(&connect_options).await;
    two_tenants(&runtime).await;
    let then = unix_now();
    for n in 0..3 {
        let request = SignInRequest {
            tenant: ALPHA_CNPJ.to_owned(),
            email: format!("guess{n}@alpha.example"),
            password: "a wrong password!".to_owned(),
        };
        let _ = sign_in(&runtime, &key, &request, address(50 + n), then).await;
    }
    let request = SignInRequest {
        tenant: ALPHA_CNPJ.to_owned(),
        email: ALPHA_OWNER.to_owned(),
        password: PASSWORD.to_owned(),
    };
    sign_in(
        &runtime,
        &key,
        &request,
        address(60),
        then + FAILURE_WINDOW_SECONDS + 1,
    )
    .await
    .expect("sign in after the window");
    let owner = common::owner_pool(&connect_options).await;
    let left: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM sign_in_failures WHERE email LIKE 'guess%@alpha.example'),
                (SELECT count(*) FROM sign_in_failures_by_address)",
    )
    .fetch_one(&owner)
    .await
    .expect("count attempts");
    assert_eq!(
        left,
        (0, 0),
        "guesses at emails or from addresses never seen again must not stay forever"
    );
}
