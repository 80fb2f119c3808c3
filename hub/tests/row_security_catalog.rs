//! Checks on the database catalog that keep row-level security from being forgotten: every
//! table with a `tenant_id` has it enabled, forced and a policy, and the runtime role is
//! one RLS applies to.

mod common;

use common::{TENANT_TABLES, owner_pool, runtime_pool};
use fflow_hub::database::{self, RUNTIME_ROLE};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[derive(Debug, sqlx::FromRow)]
struct TableSecurity {
    table_name: String,
    row_security: bool,
    forced_row_security: bool,
    policies: i64,
}

#[sqlx::test]
async fn every_table_with_tenant_id_has_forced_row_security_and_a_policy(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let owner = owner_pool(&connect_options).await;
    let tables: Vec<TableSecurity> = sqlx::query_as(
        "SELECT c.relname::text AS table_name,
                c.relrowsecurity AS row_security,
                c.relforcerowsecurity AS forced_row_security,
                (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public'
           AND c.relkind IN ('r', 'p')
           AND (c.relname = 'tenants'
                OR EXISTS (SELECT FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'
                             AND NOT a.attisdropped))
         ORDER BY 1",
    )
    .fetch_all(&owner)
    .await
    .expect("query the catalog");

    assert!(
        tables.len() >= 4,
        "the catalog query found the tenant tables: {tables:?}"
    );
    for table in &tables {
        assert!(
            table.row_security && table.forced_row_security && table.policies > 0,
            "{table:?}: every table holding tenant data needs RLS enabled, forced and a \
             policy, or a query that forgets WHERE tenant_id leaks it"
        );
        assert!(
            TENANT_TABLES
                .iter()
                .any(|(name, _)| *name == table.table_name),
            "{} holds tenant data but is not in TENANT_TABLES, so the isolation tests skip it",
            table.table_name
        );
    }
}

#[sqlx::test]
async fn the_runtime_role_is_subject_to_row_security_and_owns_nothing(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let role = database::effective_role(&runtime).await.expect("read role");
    assert_eq!(
        role.name, RUNTIME_ROLE,
        "serve's connections act as the runtime role"
    );
    assert!(
        !role.is_superuser && !role.bypasses_row_security && role.owned_relations == 0,
        "{role:?}: RLS only protects tenants from a role it applies to"
    );
}

#[sqlx::test]
async fn start_up_refuses_a_role_that_skips_row_security(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    // The test cluster's owner is a superuser: exactly the mistake the check is for.
    let owner = owner_pool(&connect_options).await;
    let role = database::effective_role(&owner).await.expect("read role");
    assert!(
        database::refuse_if_not_subject_to_row_security(&role).is_err(),
        "{role:?}: serving as a superuser would ignore every tenant policy"
    );
}

#[sqlx::test]
async fn the_runtime_role_may_only_read_plans(_: PgPoolOptions, connect_options: PgConnectOptions) {
    let runtime = runtime_pool(&connect_options).await;
    sqlx::query("SELECT count(*) FROM plans")
        .execute(&runtime)
        .await
        .expect("the price list is readable by every request");
    let error = sqlx::query(
        "INSERT INTO plans (code, name, price_cents, billing_cycle, max_devices, max_users, max_products)
         VALUES ('free', 'Free', 0, 'monthly', 1, 1, 1)",
    )
    .execute(&runtime)
    .await
    .expect_err("plans are changed by operators as owner, never by a request");
    assert_eq!(
        common::sqlstate(&error).as_deref(),
        Some(common::INSUFFICIENT_PRIVILEGE)
    );
}

#[sqlx::test]
async fn start_up_refuses_a_user_that_cannot_act_as_the_runtime_role(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let owner = owner_pool(&connect_options).await;
    // Roles are global to the cluster and tests run in parallel: create it idempotently.
    sqlx::raw_sql(
        "DO $$ BEGIN
             CREATE ROLE fflow_test_outsider LOGIN NOINHERIT;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
         END $$",
    )
    .execute(&owner)
    .await
    .expect("create a login role that is not a member of the runtime role");
    let outsider = connect_options.clone().username("fflow_test_outsider");
    let refused = database::connect_as_runtime_role(outsider).await;
    assert!(
        matches!(
            refused,
            Err(database::DatabaseError::RuntimeRoleUnavailable { .. })
        ),
        "serve must stop with advice to migrate or grant the role, got {refused:?}"
    );
}

#[sqlx::test(migrations = false)]
async fn start_up_refuses_a_database_that_was_never_migrated(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    // The runtime role may exist already (roles are global to the cluster and other tests
    // migrate), so the refusal is either "no such role" or "schema behind"; both must send
    // the operator to `fflow-hub migrate` rather than serve requests that will fail.
    let refused = database::connect_as_runtime_role(connect_options).await;
    match refused {
        Err(
            error @ (database::DatabaseError::SchemaBehind { applied: 0, .. }
            | database::DatabaseError::RuntimeRoleUnavailable { .. }),
        ) => assert!(
            error.to_string().contains("run `fflow-hub migrate` first"),
            "the refusal says what to do: {error}"
        ),
        other => panic!("serve must refuse an unmigrated database, got {other:?}"),
    }
}
