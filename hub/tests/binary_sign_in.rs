//! The whole path as deployed: the real binary creates a tenant from the command line,
//! `serve` answers over a real socket, and its owner signs in and reads `/v1/me`. This is
//! the only test where the client address comes from a real connection.

mod common;

use common::binary::{HUB, SERVE_KEYS, start_server, url_for_database};

use std::io::Write;
use std::process::{Command, Stdio};

use fflow_protocol::{ErrorBody, Me, SessionTokens};
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

const PASSWORD: &str = "correct horse battery staple";

fn hub(arguments: &[&str], url: &str) -> Command {
    let mut command = Command::new(HUB);
    command
        .args(arguments)
        .env("DATABASE_URL", url)
        .envs(SERVE_KEYS)
        .env("FFLOW_HUB_LISTEN", "127.0.0.1:0");
    command
}

#[sqlx::test(migrations = false)]
async fn a_tenant_created_on_the_command_line_signs_in_over_http(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let url = url_for_database(connect_options.get_database().expect("named database"));
    let migrated = hub(&["migrate"], &url).output().expect("migrate runs");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );

    let mut create = hub(
        &[
            "tenant",
            "create",
            "--name",
            "Padaria Alfa",
            "--cnpj",
            "11.222.333/0001-81",
            "--owner-email",
            "dona@alfa.example",
            "--owner-password-stdin",
        ],
        &url,
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("tenant create runs");
    create
        .stdin
        .take()
        .expect("piped")
        .write_all(PASSWORD.as_bytes())
        .expect("write password");
    let created = create.wait_with_output().expect("tenant create exits");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let tenant_id = String::from_utf8_lossy(&created.stdout).trim().to_owned();

    let server = start_server(&url, &[]);
    let base = server.base.clone();

    let client = reqwest::Client::new();
    let sign_in = |password: &'static str| {
        client
            .post(format!("{base}/v1/auth/sign-in"))
            .json(&json!({ "tenant": "11222333000181", "email": "dona@alfa.example", "password": password }))
            .send()
    };
    let refused = sign_in("not the password").await.expect("the hub answers");
    assert_eq!(refused.status(), 401);
    assert!(
        refused.headers().contains_key("x-request-id"),
        "every answer names its request"
    );
    let body: ErrorBody = refused.json().await.expect("{code, message}");
    assert_eq!(body.code, "invalid_credentials");

    let tokens: SessionTokens = sign_in(PASSWORD)
        .await
        .expect("the hub answers")
        .json()
        .await
        .expect("session tokens");
    let me: Me = client
        .get(format!("{base}/v1/me"))
        .bearer_auth(&tokens.access_token)
        .send()
        .await
        .expect("the hub answers")
        .json()
        .await
        .expect("me");
    assert_eq!(
        (
            me.tenant_id.to_string(),
            me.email.as_str(),
            me.role.as_str()
        ),
        (tenant_id, "dona@alfa.example", "owner"),
        "the owner created on the command line is who the token speaks for"
    );
}
