//! `fflow-hub tenant set-overrides` as support runs it: refusals change nothing; a good
//! change is stored with its reason and audited; with the license key in its environment
//! the command signs every active device a license with the new limits and queues it as a
//! `license.renewed` command, without the key it leaves that to the next heartbeat.

mod common;

use common::binary::{SERVE_KEYS, TEST_LICENSE_KEY_ID};
use common::operator::{migrated_database, run_hub, run_hub_with, tenant_with_pro_plan_listed};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

/// A tenant on a plan, with one active device written as activation would leave it.
async fn tenant_with_a_device(url: &str, pool: &PgPool) -> (String, Uuid) {
    let tenant = tenant_with_pro_plan_listed(url);
    let set_plan = ["tenant", "set-plan", "--tenant", &tenant, "--plan", "pro"];
    assert!(run_hub(&set_plan, "", Some(url)).status.success());
    let device = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO devices (tenant_id, id, name, fingerprint_hash, public_key, status, epoch,
                              activated_at, license_expires_at)
         VALUES ($1::uuid, $2, 'Caixa 1', 'fingerprint-of-the-counter', $3, 'active', 1,
                 now(), now() + interval '30 days')",
    )
    .bind(&tenant)
    .bind(device)
    .bind(vec![7_u8; 32])
    .execute(pool)
    .await
    .expect("a device");
    (tenant, device)
}

async fn renewal_tokens(pool: &PgPool, device: Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT payload->>'token' FROM sync_commands
         WHERE device_id = $1 AND kind = 'license.renewed' ORDER BY cursor",
    )
    .bind(device)
    .fetch_all(pool)
    .await
    .expect("read commands")
}

#[sqlx::test(migrations = false)]
async fn set_overrides_refuses_bad_input_and_renews_licenses_when_it_holds_the_key(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (url, pool) = migrated_database(pool_options, connect_options).await;
    let (tenant, device) = tenant_with_a_device(&url, &pool).await;
    let unknown = Uuid::now_v7().to_string();
    let refusals: [(Vec<&str>, i32, &str); 5] = [
        (vec!["--tenant", &tenant, "--max-users", "3"], 2, "--reason"),
        (
            vec!["--tenant", &tenant, "--max-users", "0", "--reason", "trial"],
            3,
            "--max-users",
        ),
        (
            vec![
                "--tenant",
                &tenant,
                "--grant",
                "Banho & Tosa",
                "--reason",
                "trial",
            ],
            3,
            "feature name",
        ),
        (
            vec![
                "--tenant",
                &unknown,
                "--max-users",
                "3",
                "--reason",
                "trial",
            ],
            3,
            "no tenant",
        ),
        (vec!["--tenant", &tenant, "--seats", "3"], 2, "--seats"),
    ];
    for (flags, exit_code, said) in refusals {
        let arguments: Vec<&str> = ["tenant", "set-overrides"]
            .into_iter()
            .chain(flags)
            .collect();
        let refused = run_hub(&arguments, "", Some(&url));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(
            refused.status.code(),
            Some(exit_code),
            "{arguments:?}: {stderr}"
        );
        assert!(stderr.contains(said), "{arguments:?} says why: {stderr}");
    }
    let overridden: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'tenant.entitlements_override'",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(overridden, 0, "a refused command changes nothing");

    let change = [
        "tenant",
        "set-overrides",
        "--tenant",
        &tenant,
        "--max-users",
        "3",
        "--grant",
        "reports",
        "--reason",
        "ticket 812: trial of reports",
    ];
    let without_key = run_hub(&change, "", Some(&url));
    assert!(without_key.status.success(), "{without_key:?}");
    assert!(
        String::from_utf8_lossy(&without_key.stdout).contains("at their next heartbeat"),
        "{without_key:?}"
    );
    assert!(renewal_tokens(&pool, device).await.is_empty());
    let due: bool = sqlx::query_scalar("SELECT license_renewal_due FROM devices WHERE id = $1")
        .bind(device)
        .fetch_one(&pool)
        .await
        .expect("read");
    assert!(due, "the next heartbeat renews it");

    let with_key = run_hub_with(&change, "", Some(&url), &SERVE_KEYS[1..]);
    assert!(with_key.status.success(), "{with_key:?}");
    assert!(
        String::from_utf8_lossy(&with_key.stdout).contains("renewed licenses sent to 1"),
        "{with_key:?}"
    );
    let tokens = renewal_tokens(&pool, device).await;
    assert_eq!(tokens.len(), 1, "one command for the one active device");
    let header = tokens[0].split('.').next().expect("a JWS header");
    let header = String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header)
            .expect("base64url"),
    )
    .expect("utf-8");
    assert!(
        header.contains(TEST_LICENSE_KEY_ID),
        "signed with the configured key: {header}"
    );
    let due: bool = sqlx::query_scalar("SELECT license_renewal_due FROM devices WHERE id = $1")
        .bind(device)
        .fetch_one(&pool)
        .await
        .expect("read");
    assert!(!due, "the license sent is the renewal");
}
