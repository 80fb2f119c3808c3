//! The operator's command line as tests drive it: the real binary with the password on
//! stdin, against a `#[sqlx::test]` database it migrated itself.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::binary::{HUB, url_for_database};

pub const PASSWORD: &str = "correct horse battery staple";

/// Runs the hub with `arguments`, `stdin` piped in, `DATABASE_URL` set to `url` if given.
pub fn run_hub(arguments: &[&str], stdin: &str, url: Option<&str>) -> Output {
    run_hub_with(arguments, stdin, url, &[])
}

/// [`run_hub`] with `environment` set as well (the license key, say).
pub fn run_hub_with(
    arguments: &[&str],
    stdin: &str,
    url: Option<&str>,
    environment: &[(&str, &str)],
) -> Output {
    let mut command = Command::new(HUB);
    command
        .args(arguments)
        .env_remove("DATABASE_URL")
        .env("USER", "ana")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    command.envs(environment.iter().copied());
    let mut child = command.spawn().expect("the hub binary runs");
    let written = child
        .stdin
        .take()
        .expect("piped")
        .write_all(stdin.as_bytes());
    // A command that refuses its arguments exits before reading the password, and the
    // write then meets a closed pipe; its exit status and stderr are what tests check.
    if let Err(error) = written {
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::BrokenPipe,
            "write stdin: {error}"
        );
    }
    child.wait_with_output().expect("the hub exits")
}

pub async fn migrated_database(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) -> (String, PgPool) {
    let database = connect_options
        .get_database()
        .expect("sqlx::test names its database")
        .to_owned();
    let url = url_for_database(&database);
    let migrated = run_hub(&["migrate"], "", Some(&url));
    assert!(
        migrated.status.success(),
        "migrate: {}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let pool = pool_options
        .connect_with(connect_options)
        .await
        .expect("connect");
    (url, pool)
}

pub fn tenant_create<'a>(cnpj: &'a str, email: &'a str) -> Vec<&'a str> {
    vec![
        "tenant",
        "create",
        "--name",
        "Padaria Alfa",
        "--cnpj",
        cnpj,
        "--owner-email",
        email,
        "--owner-password-stdin",
    ]
}

/// Creates a tenant (printing its id, which this answers) and a `pro` plan of 2 devices,
/// 10 users and 500 products, without putting the tenant on it.
pub fn tenant_with_pro_plan_listed(url: &str) -> String {
    let created = run_hub(
        &tenant_create("11.222.333/0001-81", "dona@alfa.example"),
        &format!("{PASSWORD}\n"),
        Some(url),
    );
    assert!(created.status.success(), "tenant create: {created:?}");
    let plan = [
        "plan",
        "create",
        "--code",
        "pro",
        "--name",
        "Pro",
        "--price-cents",
        "14990",
        "--cycle",
        "monthly",
        "--max-devices",
        "2",
        "--max-users",
        "10",
        "--max-products",
        "500",
    ];
    let listed = run_hub(&plan, "", Some(url));
    assert!(listed.status.success(), "plan create: {listed:?}");
    String::from_utf8_lossy(&created.stdout).trim().to_owned()
}
