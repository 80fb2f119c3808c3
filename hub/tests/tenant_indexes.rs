//! Indexes on tenant tables lead with `tenant_id`, and the tenant policy is one PostgreSQL
//! can answer from them: without both, RLS turns every query into a scan of all tenants.

mod common;

use common::{TENANT_TABLES, owner_pool, runtime_pool, two_tenants};
use fflow_hub::tenancy::begin_for_tenant;
use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test]
async fn every_index_on_a_tenant_table_leads_with_tenant_id(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let owner = owner_pool(&connect_options).await;
    let misfits: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text
         FROM pg_index x
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public'
           AND EXISTS (SELECT FROM pg_attribute a
                       WHERE a.attrelid = t.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
           AND (x.indkey[0] = 0
                OR (SELECT a.attname FROM pg_attribute a
                    WHERE a.attrelid = t.oid AND a.attnum = x.indkey[0]) <> 'tenant_id')
         ORDER BY 1, 2",
    )
    .fetch_all(&owner)
    .await
    .expect("query the catalog");
    assert!(
        misfits.is_empty(),
        "these indexes do not lead with tenant_id: {misfits:?}; under RLS every query filters \
         by tenant first, and such an index would serve it only by scanning all tenants"
    );
}

#[sqlx::test]
async fn the_tenant_policy_is_answered_from_an_index(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, _) = two_tenants(&runtime).await;
    for &(table, tenant_column) in TENANT_TABLES {
        let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
        // The fixture's tables are tiny, so a scan would win on cost; forbid it to see
        // whether an index could answer the policy at all.
        sqlx::query("SET LOCAL enable_seqscan = off")
            .execute(&mut *transaction)
            .await
            .expect("plan setting");
        let plan: serde_json::Value = sqlx::query_scalar(AssertSqlSafe(format!(
            "EXPLAIN (FORMAT JSON) SELECT * FROM {table}"
        )))
        .fetch_one(&mut *transaction)
        .await
        .expect("explain");
        let plan = plan.to_string();
        let expected = format!("({tenant_column} = (NULLIF(current_setting('app.tenant_id'");
        assert!(
            plan.contains("Index Cond") && plan.contains(&expected),
            "{table}: the policy must be an index condition on {tenant_column}, got {plan}"
        );
    }
}
