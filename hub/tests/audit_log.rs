//! The audit log is append-only by the database's own rules, and each tenant reads only
//! its own entries; support work on a tenant always leaves an entry saying who and why.

mod common;

use common::{INSUFFICIENT_PRIVILEGE, owner_pool, runtime_pool, sqlstate, two_tenants};
use fflow_hub::tenancy::{SupportActor, SupportReason, begin_for_tenant, begin_support_access};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};

/// Statements that would rewrite history, whoever runs them.
const CHANGES: &[&str] = &[
    "UPDATE audit_log SET actor = 'someone else'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
];

async fn entry_count(owner: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(owner)
        .await
        .expect("count audit rows")
}

#[sqlx::test]
async fn the_runtime_role_cannot_change_or_delete_audit_rows(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let owner = owner_pool(&connect_options).await;
    let (a, _) = two_tenants(&runtime).await;
    let before = entry_count(&owner).await;
    for &change in CHANGES {
        let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
        let error = sqlx::query(change)
            .execute(&mut *transaction)
            .await
            .expect_err(&format!(
                "`{change}` as the runtime role must fail: a compromised request must not \
                 be able to erase its tracks"
            ));
        assert_eq!(
            sqlstate(&error).as_deref(),
            Some(INSUFFICIENT_PRIVILEGE),
            "`{change}`: refused for lack of privilege: {error}"
        );
    }
    assert_eq!(entry_count(&owner).await, before, "no audit row changed");
}

#[sqlx::test]
async fn even_the_owner_cannot_change_or_delete_audit_rows(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let owner = owner_pool(&connect_options).await;
    two_tenants(&runtime).await;
    let before = entry_count(&owner).await;
    assert!(before > 0, "the fixtures wrote audit rows");
    for &change in CHANGES {
        let error = sqlx::query(AssertSqlSafe(change))
            .execute(&owner)
            .await
            .expect_err(&format!(
                "`{change}` as the owner (a superuser here) must fail: only the trigger \
                 stands between a privileged account and the history"
            ));
        assert!(
            error.to_string().contains("audit_log is append-only"),
            "`{change}` refused by the append-only trigger, not something else: {error}"
        );
    }
    assert_eq!(entry_count(&owner).await, before, "no audit row changed");
}

#[sqlx::test]
async fn a_tenant_reads_only_its_own_audit_rows(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let owner = owner_pool(&connect_options).await;
    let (a, b) = two_tenants(&runtime).await;
    let rows_of_b: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE tenant_id = $1")
        .bind(b.0)
        .fetch_one(&owner)
        .await
        .expect("count as owner");
    assert!(rows_of_b > 0, "B has audit rows for A to try to read");

    let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
    let seen_by_a: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE tenant_id = $1")
        .bind(b.0)
        .fetch_one(&mut *transaction)
        .await
        .expect("count as A");
    assert_eq!(
        seen_by_a, 0,
        "asking for B's audit rows by id as A must return nothing: the log shows who did \
         what at B"
    );
}

#[sqlx::test]
async fn support_access_records_who_which_tenant_and_why(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, b) = two_tenants(&runtime).await;
    let actor = SupportActor {
        actor: "support:maria".to_owned(),
    };
    let reason = SupportReason::new("ticket 4312: printer settings").expect("a reason");
    let mut transaction = begin_support_access(&runtime, b, &actor, &reason)
        .await
        .expect("support access opens");
    let visible_tenants: Vec<uuid::Uuid> = sqlx::query_scalar("SELECT id FROM tenants")
        .fetch_all(&mut *transaction)
        .await
        .expect("read tenants");
    assert_eq!(
        visible_tenants,
        vec![b.0],
        "support works inside the one tenant it named, not across all of them"
    );
    transaction.commit().await.expect("commit");

    let mut transaction = begin_for_tenant(&runtime, b).await.expect("begin");
    let recorded: (String, String, String, Option<String>) = sqlx::query_as(
        "SELECT actor_kind, actor, action, reason FROM audit_log WHERE action = 'support.access'",
    )
    .fetch_one(&mut *transaction)
    .await
    .expect("the support access was recorded");
    assert_eq!(
        recorded,
        (
            "support".to_owned(),
            "support:maria".to_owned(),
            "support.access".to_owned(),
            Some("ticket 4312: printer settings".to_owned())
        ),
        "the tenant can see who of F-Flow looked at its data and why"
    );
    drop(transaction);

    let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
    let error = sqlx::query(
        "INSERT INTO audit_log (tenant_id, actor_kind, actor, action) \
         VALUES ($1, 'support', 'support:maria', 'support.access')",
    )
    .bind(a.0)
    .execute(&mut *transaction)
    .await
    .expect_err("the database itself refuses support entries without a reason");
    assert_eq!(
        sqlstate(&error).as_deref(),
        Some("23514"),
        "refused by the support_states_a_reason check: {error}"
    );
    assert!(
        SupportReason::new("   ").is_err(),
        "a blank reason is no reason: the Rust path refuses it before the database does"
    );
}
