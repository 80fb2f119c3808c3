//! The operator subcommands as support staff and scripts run them: the real `fflow-hub`
//! binary against a real, freshly migrated PostgreSQL database, with the password on stdin.

mod common;

use common::operator::{
    PASSWORD, migrated_database, run_hub, tenant_create, tenant_with_pro_plan_listed,
};

use fflow_hub::passwords::{Password, password_matches};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = false)]
async fn tenant_create_makes_the_tenant_and_its_owner_and_audits_both(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (url, pool) = migrated_database(pool_options, connect_options).await;
    let output = run_hub(
        &tenant_create("11.222.333/0001-81", "Dona@Alfa.example"),
        &format!("{PASSWORD}\n"),
        Some(&url),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let tenant: uuid::Uuid = printed
        .parse()
        .expect("stdout is the new tenant's id, for scripts");

    let (email, role, hash): (String, String, String) =
        sqlx::query_as("SELECT email, role, password_hash FROM users WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(&pool)
            .await
            .expect("the owner user exists");
    assert_eq!(
        (email.as_str(), role.as_str()),
        ("dona@alfa.example", "owner")
    );
    assert_eq!(
        password_matches(&Password::new(PASSWORD), &hash),
        Ok(true),
        "the password from stdin, without its line break, is the owner's password"
    );
    let audited: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT actor_kind, actor, action FROM audit_log WHERE tenant_id = $1 ORDER BY id",
    )
    .bind(tenant)
    .fetch_all(&pool)
    .await
    .expect("read audit log");
    let expected = [
        ("operator", "operator:ana", "tenant.create"),
        ("operator", "operator:ana", "user.create"),
    ];
    assert_eq!(
        audited
            .iter()
            .map(|(k, a, c)| (k.as_str(), a.as_str(), c.as_str()))
            .collect::<Vec<_>>(),
        expected,
        "both creations are recorded with the operator who ran them"
    );
}

#[sqlx::test(migrations = false)]
async fn tenant_create_refusals_say_why_and_change_nothing(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (url, pool) = migrated_database(pool_options, connect_options).await;
    let first = run_hub(
        &tenant_create("11222333000181", "a@alfa.example"),
        PASSWORD,
        Some(&url),
    );
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );

    let password_on_argv = [
        "tenant",
        "create",
        "--name",
        "X",
        "--cnpj",
        "11444777000161",
        "--owner-email",
        "a@b.c",
        "--owner-password",
        PASSWORD,
    ];
    let missing_cnpj = [
        "tenant",
        "create",
        "--name",
        "X",
        "--owner-email",
        "a@b.c",
        "--owner-password-stdin",
    ];
    let url = Some(url.as_str());
    let cases = [
        (
            password_on_argv.to_vec(),
            "",
            url,
            2,
            "unknown argument \"--owner-password\"",
        ),
        (
            missing_cnpj.to_vec(),
            PASSWORD,
            url,
            2,
            "--cnpj is required",
        ),
        (
            tenant_create("11444777000161", "a@b.c"),
            PASSWORD,
            None,
            2,
            "DATABASE_URL is not set",
        ),
        (
            tenant_create("11444777000161", "a@b.c"),
            "",
            url,
            2,
            "no password on stdin",
        ),
        (
            tenant_create("11.222.333/0001-00", "a@b.c"),
            PASSWORD,
            url,
            3,
            "--cnpj",
        ),
        (
            tenant_create("11222333000181", "b@alfa.example"),
            PASSWORD,
            url,
            3,
            "already exists",
        ),
        (
            tenant_create("11444777000161", "a@b.c"),
            "short",
            url,
            3,
            "at least 10 characters",
        ),
        (
            tenant_create("11444777000161", "not an email"),
            PASSWORD,
            url,
            3,
            "not an email address",
        ),
    ];
    for (arguments, stdin, url, expected_code, expected_message) in cases {
        let output = run_hub(&arguments, stdin, url);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(expected_code),
            "{arguments:?}: {stderr}"
        );
        assert!(
            stderr.contains(expected_message),
            "{arguments:?} should say {expected_message:?}: {stderr}"
        );
        assert!(
            !stderr.contains(PASSWORD),
            "{arguments:?}: a password must never be echoed: {stderr}"
        );
    }
    let tenants: i64 = sqlx::query_scalar("SELECT count(*) FROM tenants")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(tenants, 1, "a refused owner must not leave a tenant behind");
}

#[sqlx::test(migrations = false)]
async fn plan_create_adds_a_plan_and_logs_it(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (url, pool) = migrated_database(pool_options, connect_options).await;
    let plan =
        |code: &'static str, price: &'static str, cycle: &'static str, devices: &'static str| {
            vec![
                "plan",
                "create",
                "--code",
                code,
                "--name",
                "Pro",
                "--price-cents",
                price,
                "--cycle",
                cycle,
                "--max-devices",
                devices,
                "--max-users",
                "10",
                "--max-products",
                "50000",
                "--feature",
                "nfce",
                "--feature",
                "reports",
            ]
        };
    let created = run_hub(
        &plan("pro-monthly", "14990", "monthly", "3"),
        "",
        Some(&url),
    );
    assert_eq!(
        created.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let (price, features): (i64, Vec<String>) =
        sqlx::query_as("SELECT price_cents, features FROM plans WHERE code = 'pro-monthly'")
            .fetch_one(&pool)
            .await
            .expect("the plan exists");
    assert_eq!(
        (price, features),
        (14_990, vec!["nfce".to_owned(), "reports".to_owned()])
    );
    let logged: Vec<(String, String)> = sqlx::query_as("SELECT actor, action FROM operator_log")
        .fetch_all(&pool)
        .await
        .expect("read operator log");
    assert_eq!(
        logged,
        vec![("operator:ana".to_owned(), "plan.create".to_owned())]
    );

    let cases = [
        (
            plan("pro-monthly", "14990", "monthly", "3"),
            3,
            "already exists",
        ),
        (plan("cheap", "-1", "monthly", "3"), 3, "--price-cents"),
        (plan("cheap", "9.90", "monthly", "3"), 3, "--price-cents"),
        (plan("cheap", "990", "weekly", "3"), 3, "--cycle"),
        (plan("cheap", "990", "monthly", "0"), 3, "--max-devices"),
        (plan("Cheap Plan", "990", "monthly", "1"), 3, "--code"),
    ];
    for (arguments, expected_code, expected_message) in cases {
        let output = run_hub(&arguments, "", Some(&url));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(expected_code),
            "{arguments:?}: {stderr}"
        );
        assert!(
            stderr.contains(expected_message),
            "{arguments:?} should say {expected_message:?}: {stderr}"
        );
    }
    let plans: i64 = sqlx::query_scalar("SELECT count(*) FROM plans")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(plans, 1, "refused plans are not stored");
    let changed = sqlx::query("DELETE FROM operator_log").execute(&pool).await;
    assert!(
        changed.is_err(),
        "the operator log is append-only, even for the owner"
    );
}

#[sqlx::test(migrations = false)]
async fn tenant_set_plan_puts_the_tenant_on_a_plan_and_audits_the_change(
    pool_options: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let (url, pool) = migrated_database(pool_options, connect_options).await;
    let tenant = tenant_with_pro_plan_listed(&url);
    let plan_of_tenant = || async {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT p.code FROM tenants t LEFT JOIN plans p ON p.id = t.plan_id WHERE t.id = $1",
        )
        .bind(tenant.parse::<uuid::Uuid>().expect("a tenant id"))
        .fetch_one(&pool)
        .await
        .expect("read the tenant's plan")
    };

    let refusals = [
        (
            vec!["--tenant", tenant.as_str(), "--plan", "gold"],
            3,
            "gold",
        ),
        (
            vec![
                "--tenant",
                "7b0f9d9e-34a5-4c54-9f55-6d1a7f3f2c11",
                "--plan",
                "pro",
            ],
            3,
            "no tenant",
        ),
        (
            vec!["--tenant", "not-a-uuid", "--plan", "pro"],
            3,
            "--tenant",
        ),
        (vec!["--tenant", tenant.as_str()], 2, "--plan"),
    ];
    for (flags, exit_code, said) in refusals {
        let arguments: Vec<&str> = ["tenant", "set-plan"].into_iter().chain(flags).collect();
        let refused = run_hub(&arguments, "", Some(&url));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(
            refused.status.code(),
            Some(exit_code),
            "{arguments:?}: {stderr}"
        );
        assert!(stderr.contains(said), "{arguments:?} says why: {stderr}");
    }
    assert_eq!(
        plan_of_tenant().await,
        None,
        "a refused command changes nothing"
    );

    let set = run_hub(
        &["tenant", "set-plan", "--tenant", &tenant, "--plan", "pro"],
        "",
        Some(&url),
    );
    assert_eq!(
        set.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert_eq!(plan_of_tenant().await.as_deref(), Some("pro"));
    let audited: (String, String, serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT actor, action, before, after FROM audit_log
         WHERE tenant_id = $1 AND action = 'tenant.plan_change'",
    )
    .bind(tenant.parse::<uuid::Uuid>().expect("a tenant id"))
    .fetch_one(&pool)
    .await
    .expect("the plan change is audited once");
    assert_eq!(
        audited,
        (
            "operator:ana".to_owned(),
            "tenant.plan_change".to_owned(),
            serde_json::json!({ "plan": null }),
            serde_json::json!({ "plan": "pro" }),
        ),
        "the audit log names the operator and the plan before and after"
    );
}
