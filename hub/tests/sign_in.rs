//! Sign-in end to end through the router, as the runtime role `serve` uses: tokens,
//! `/v1/me`, refresh rotation with family revocation on reuse, and refusals that do not
//! tell which emails or companies exist.

mod common;

use axum::http::StatusCode;
use common::api::{ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address, call, hub, refresh, sign_in_as};
use common::{owner_pool, two_tenants};
use fflow_hub::auth::access_token::{AccessClaims, AccessTokenKey, issue_access_token};
use fflow_hub::auth::unix_now;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

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
