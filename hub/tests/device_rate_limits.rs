//! The per-address limits on the device calls anyone may make: ten activations refused for
//! their code per quarter of an hour (successful ones do not count), thirty token
//! challenges a minute unless the operator allows more. Past the limit the answer is 429 with Retry-After, before any
//! code is checked or nonce stored; other addresses are not affected. Behind a trusted
//! proxy the forwarded client is what counts; from anyone else the header is ignored.

mod common;

use std::net::{IpAddr, Ipv4Addr};

use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use common::api::{address, call_raw};
use common::devices::{DeviceHub, TestDevice, activated};
use fflow_hub::auth::access_token::AccessTokenKey;
use fflow_hub::auth::address_limit::AddressLimits;
use fflow_hub::http::client_address::TrustedProxies;
use fflow_hub::licensing::Licensing;
use fflow_hub::{AppState, app};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn from(machine: u8, last: u8) -> TestDevice {
    TestDevice {
        address: IpAddr::V4(Ipv4Addr::new(192, 0, 2, last)),
        ..TestDevice::new(machine)
    }
}

#[sqlx::test]
async fn the_eleventh_wrong_activation_code_from_one_address_is_refused_unchecked(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    // Successful activations from the address do not count against it.
    for machine in 1..=3 {
        activated(
            &from(machine, 10)
                .activate(&hub.router, &hub.code().await, 0)
                .await,
        );
    }
    let guesser = from(9, 10);
    for guess in 1..=10 {
        let answer = guesser
            .activate(&hub.router, &format!("WRONG-{guess:04}"), 0)
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNAUTHORIZED, "activation_code_invalid"),
            "guess {guess}: {}",
            answer.body
        );
    }
    let code = hub.code().await;
    let limited = guesser.activate(&hub.router, &code, 0).await;
    assert_eq!(
        (limited.status, limited.code()),
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_activation_attempts"
        ),
        "{}",
        limited.body
    );
    let retry_after: u64 = limited.headers[RETRY_AFTER]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=15 * 60).contains(&retry_after), "{retry_after}");
    assert_eq!(hub.active_devices().await, 4, "the fixture's and the three");

    // The code was never looked at: from another address it still works.
    activated(&from(9, 11).activate(&hub.router, &code, 0).await);
    assert_eq!(hub.active_devices().await, 5);
}

#[sqlx::test]
async fn the_thirty_first_token_challenge_a_minute_from_one_address_is_refused(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let machine = from(1, 20);
    let (tenant, device) = activated(&machine.activate(&hub.router, &hub.code().await, 0).await);
    for round in 1..=30 {
        let answer = machine.challenge(&hub.router, tenant, device).await;
        assert_eq!(answer.status, StatusCode::OK, "{round}: {}", answer.body);
    }
    let stored = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM device_challenges WHERE device_id = $1")
            .bind(device)
            .fetch_one(&hub.owner)
            .await
            .expect("count")
    };
    let before = stored().await;
    let limited = machine.challenge(&hub.router, tenant, device).await;
    assert_eq!(
        (limited.status, limited.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_token_challenges"),
        "{}",
        limited.body
    );
    assert!(limited.headers.contains_key(RETRY_AFTER));
    assert_eq!(stored().await, before, "no nonce stored for it");
    let elsewhere = from(1, 21).challenge(&hub.router, tenant, device).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
}

#[sqlx::test]
async fn an_operator_may_raise_the_token_challenge_limit_for_tills_behind_one_address(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let router = app(AppState::new(
        hub.runtime.clone(),
        AccessTokenKey::generate(),
        Licensing::with_random_key(30),
    )
    .with_address_limits(AddressLimits {
        token_challenges_per_minute: 45,
    }));
    let machine = from(1, 30);
    let (tenant, device) = activated(&machine.activate(&router, &hub.code().await, 0).await);
    for round in 1..=45 {
        let answer = machine.challenge(&router, tenant, device).await;
        assert_eq!(answer.status, StatusCode::OK, "{round}: {}", answer.body);
    }
    let limited = machine.challenge(&router, tenant, device).await;
    assert_eq!(
        (limited.status, limited.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_token_challenges"),
        "{}",
        limited.body
    );
}

/// A wrong activation sent through `peer`, saying it forwards for `forwarded`.
async fn wrong_code_via(router: &axum::Router, peer: u8, forwarded: &str) -> (StatusCode, String) {
    let body = serde_json::json!({
        "code": "WRONG-CODE", "fingerprint_hash": "fingerprint-of-machine-099",
        "public_key": TestDevice::new(99).public_key(), "device_name": "Caixa", "epoch": 0,
    });
    let answer = call_raw(
        router,
        "POST",
        "/v1/devices/activate",
        &[
            ("content-type", "application/json".to_owned()),
            ("x-forwarded-for", forwarded.to_owned()),
        ],
        body.to_string().into_bytes(),
        address(peer),
    )
    .await;
    (answer.status, answer.code().to_owned())
}

#[sqlx::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_counted_and_nobody_else_can_say_so(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let hub = DeviceHub::start(&connect_options, 5, 30).await;
    let proxies = TrustedProxies::parse("203.0.113.7").expect("a list");
    let router = app(AppState::new(
        hub.runtime.clone(),
        AccessTokenKey::generate(),
        Licensing::with_random_key(30),
    )
    .with_trusted_proxies(proxies));
    let refused = (
        StatusCode::UNAUTHORIZED,
        "activation_code_invalid".to_owned(),
    );
    let limited = (
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_activation_attempts".to_owned(),
    );
    for _ in 0..10 {
        assert_eq!(wrong_code_via(&router, 7, "192.0.2.50").await, refused);
    }
    assert_eq!(wrong_code_via(&router, 7, "192.0.2.50").await, limited);
    assert_eq!(
        wrong_code_via(&router, 7, "192.0.2.51").await,
        refused,
        "another shop behind the same balancer is not held back"
    );
    // A client talking to the hub directly cannot dodge its limit by naming others.
    for n in 0..10 {
        let forged = format!("192.0.2.{}", 100 + n);
        assert_eq!(wrong_code_via(&router, 8, &forged).await, refused);
    }
    assert_eq!(wrong_code_via(&router, 8, "192.0.2.200").await, limited);
}
