//! The `fflow-hub` binary as an operator runs it: clear refusals when its configuration or
//! database is wrong, and `migrate` then `serve` against a real PostgreSQL.

mod common;

use common::binary::{HUB, SERVE_KEYS, start_server, url_for_database};

use std::process::{Command, Output};

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn run_hub(arguments: &[&str], environment: &[(&str, &str)]) -> Output {
    let mut command = Command::new(HUB);
    command
        .args(arguments)
        .env_remove("DATABASE_URL")
        .env_remove("FFLOW_HUB_LISTEN")
        .envs(SERVE_KEYS);
    for (name, value) in environment {
        command.env(name, value);
    }
    command.output().expect("the hub binary runs")
}

fn check_refusal(arguments: &[&str], environment: &[(&str, &str)], expected: &str) {
    let output = run_hub(arguments, environment);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{arguments:?} with {environment:?} must fail; stderr: {stderr}"
    );
    assert!(
        stderr.contains(expected),
        "{arguments:?} with {environment:?} should explain {expected:?}; it said: {stderr}"
    );
}

#[test]
fn refuses_to_start_with_a_clear_message() {
    check_refusal(&["serve"], &[], "DATABASE_URL is not set");
    check_refusal(
        &["serve"],
        &[
            ("DATABASE_URL", "postgres://x@127.0.0.1/db"),
            ("FFLOW_HUB_ACCESS_TOKEN_KEY", ""),
        ],
        "FFLOW_HUB_ACCESS_TOKEN_KEY is not set",
    );
    check_refusal(
        &["serve"],
        &[
            ("DATABASE_URL", "postgres://x@127.0.0.1/db"),
            ("FFLOW_HUB_LICENSE_SIGNING_KEY", ""),
        ],
        "FFLOW_HUB_LICENSE_SIGNING_KEY is not set",
    );
    check_refusal(&["migrate"], &[], "DATABASE_URL is not set");
    check_refusal(
        &["serve"],
        &[("DATABASE_URL", "mysql://root@localhost/db")],
        "DATABASE_URL is malformed",
    );
    check_refusal(
        &["serve"],
        &[
            ("DATABASE_URL", "postgres://x@127.0.0.1/db"),
            ("FFLOW_HUB_LISTEN", "everywhere"),
        ],
        "FFLOW_HUB_LISTEN is malformed",
    );
    check_refusal(&["fly"], &[], "unknown subcommand");
    check_refusal(&[], &[], "a subcommand is required");
}

#[test]
fn refuses_to_start_when_the_database_is_unreachable() {
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let url = format!("postgres://fflow@127.0.0.1:{closed_port}/fflow");
    check_refusal(
        &["serve"],
        &[("DATABASE_URL", &url)],
        &format!("could not connect to the database at 127.0.0.1:{closed_port}/fflow"),
    );
}

#[sqlx::test(migrations = false)]
async fn migrate_then_serve_answers_health_and_ready(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let database = connect_options
        .get_database()
        .expect("sqlx::test names its database")
        .to_owned();
    let url = url_for_database(&database);
    let pool: PgPool = pool_options
        .connect_with(connect_options)
        .await
        .expect("connect");

    let migrated = run_hub(&["migrate"], &[("DATABASE_URL", &url)]);
    assert!(
        migrated.status.success(),
        "migrate failed: {}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let tenants_table: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('public.tenants')::text")
            .fetch_one(&pool)
            .await
            .expect("query the catalog");
    assert_eq!(
        tenants_table.as_deref(),
        Some("tenants"),
        "migrate created the schema"
    );
    let again = run_hub(&["migrate"], &[("DATABASE_URL", &url)]);
    assert!(
        again.status.success(),
        "migrating twice is a no-op, not an error"
    );

    let server = start_server(&url, &[]);
    let base = server.base.clone();

    let client = reqwest::Client::new();
    for path in ["/health", "/ready"] {
        let response = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("the hub answers");
        assert_eq!(response.status(), 200, "{path} over a real socket");
    }

    // SIGTERM is how service managers stop the hub; it must exit cleanly.
    let status = server.terminate();
    assert!(status.success(), "graceful shutdown exits 0, got {status}");
}

#[sqlx::test(migrations = false)]
async fn serve_refuses_a_database_that_was_never_migrated(
    _pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let database = connect_options
        .get_database()
        .expect("sqlx::test names its database")
        .to_owned();
    // Serving here would answer every request with a database error; and a serve that
    // kept the owner's connection instead of switching to the runtime role would start.
    check_refusal(
        &["serve"],
        &[
            ("DATABASE_URL", &url_for_database(&database)),
            ("FFLOW_HUB_LISTEN", "127.0.0.1:0"),
        ],
        "run `fflow-hub migrate` first",
    );
}
