//! `/health` and `/ready` against a real PostgreSQL: ready only while the database
//! answers, and 503 the moment it goes away.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fflow_hub::auth::access_token::AccessTokenKey;
use fflow_hub::licensing::Licensing;
use fflow_hub::{AppState, app};
use fflow_protocol::{HealthReport, ServiceState};
use http_body_util::BodyExt;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

async fn get(pool: &PgPool, path: &str) -> (StatusCode, HealthReport) {
    let response = app(AppState::new(
        pool.clone(),
        AccessTokenKey::generate(),
        Licensing::with_random_key(30),
    ))
    .oneshot(
        Request::get(path)
            .body(Body::empty())
            .expect("a valid request"),
    )
    .await
    .expect("the router always answers");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("read body")
        .to_bytes();
    let report = serde_json::from_slice(&bytes).expect("a health report");
    (status, report)
}

/// A pool that gives up quickly, so "the database is gone" is decided in test time.
fn quick_pool(options: PgConnectOptions) -> PgPool {
    PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy_with(options)
}

#[sqlx::test]
async fn ready_when_the_database_answers(pool: PgPool) {
    let (status, report) = get(&pool, "/ready").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report.status, ServiceState::Ok);
    assert_eq!(report.version, fflow_hub::HUB_VERSION);
}

#[sqlx::test]
async fn health_answers_but_ready_refuses_without_a_database() {
    let closed_port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let nowhere = PgConnectOptions::new()
        .host("127.0.0.1")
        .port(closed_port)
        .username("nobody");
    let pool = quick_pool(nowhere);
    let (status, report) = get(&pool, "/health").await;
    assert_eq!(
        (status, report.status),
        (StatusCode::OK, ServiceState::Ok),
        "/health says only that the process answers"
    );
    let (status, report) = get(&pool, "/ready").await;
    assert_eq!(
        (status, report.status),
        (StatusCode::SERVICE_UNAVAILABLE, ServiceState::Unavailable),
        "a load balancer must stop sending work to a hub without its database"
    );
}

#[sqlx::test]
async fn ready_turns_unavailable_when_the_database_goes_away(
    _pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let database = format!(
        "{}:{}",
        connect_options.get_host(),
        connect_options.get_port()
    );
    let proxy = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let proxy_port = proxy.local_addr().expect("proxy addr").port();
    // A TCP relay standing in for the network path to the database; aborting it is the
    // database going away mid-life, connections and all.
    let relay = tokio::spawn(async move {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let Ok((mut inbound, _)) = proxy.accept().await else {
                return;
            };
            let database = database.clone();
            connections.spawn(async move {
                if let Ok(mut outbound) = TcpStream::connect(&database).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    let pool = quick_pool(connect_options.host("127.0.0.1").port(proxy_port));

    let (status, _) = get(&pool, "/ready").await;
    assert_eq!(status, StatusCode::OK, "ready through the relay");

    relay.abort();
    let _ = relay.await;
    let (status, report) = get(&pool, "/ready").await;
    assert_eq!(
        (status, report.status),
        (StatusCode::SERVICE_UNAVAILABLE, ServiceState::Unavailable),
        "with the database gone, /ready must say so"
    );
}
