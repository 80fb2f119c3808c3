//! Row-level security, table by table, as the runtime role `serve` uses: a tenant sees and
//! writes only its own rows even when a query forgets `WHERE tenant_id`, and no tenant set
//! means no rows at all.

mod common;

use common::{INSUFFICIENT_PRIVILEGE, TENANT_TABLES, runtime_pool, sqlstate, two_tenants};
use fflow_hub::tenancy::{TenantId, begin_for_tenant};
// Statements here are built from the table names and ids of this file, never from input.
use sqlx::AssertSqlSafe;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

#[sqlx::test]
async fn a_query_without_where_returns_only_the_current_tenants_rows(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, b) = two_tenants(&runtime).await;
    for &(table, tenant_column) in TENANT_TABLES {
        for tenant in [a, b] {
            let mut transaction = begin_for_tenant(&runtime, tenant).await.expect("begin");
            let seen: Vec<Uuid> = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT {tenant_column} FROM {table}"
            )))
            .fetch_all(&mut *transaction)
            .await
            .expect("select");
            assert!(
                !seen.is_empty(),
                "{table}: the fixture gave tenant {tenant} rows, it must see them"
            );
            assert!(
                seen.iter().all(|owner| *owner == tenant.0),
                "{table}: acting as {tenant} a query without WHERE returned rows of {seen:?}; \
                 a forgotten WHERE must never show another tenant's data"
            );
        }
    }
}

#[sqlx::test]
async fn with_no_tenant_set_every_tenant_table_looks_empty(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, _) = two_tenants(&runtime).await;
    let mut connection = runtime.acquire().await.expect("acquire");
    // First a transaction that sets the tenant and ends: afterwards the setting reads as ''
    // rather than NULL on this connection, and the policies must treat that as no tenant.
    let mut transaction = sqlx::Connection::begin(&mut *connection)
        .await
        .expect("begin");
    sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
        .bind(a.to_string())
        .execute(&mut *transaction)
        .await
        .expect("set tenant");
    transaction.commit().await.expect("commit");

    for &(table, _) in TENANT_TABLES {
        let count: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(&mut *connection)
            .await
            .unwrap_or_else(|error| panic!("{table}: no tenant must mean no rows, not {error}"));
        assert_eq!(
            count, 0,
            "{table}: code that forgets to set the tenant must see nothing, not everything"
        );
    }
}

/// For each tenant table, statements that would write a row belonging to `other` while
/// acting as `current`.
fn writes_for_another_tenant(current: TenantId, other: TenantId) -> Vec<(&'static str, String)> {
    let fresh = Uuid::now_v7();
    vec![
        (
            "tenants",
            format!(
                "INSERT INTO tenants (id, name, cnpj) VALUES ('{fresh}', 'Intruder', '11222333000181')"
            ),
        ),
        ("tenants", format!("UPDATE tenants SET id = '{fresh}'")),
        (
            "users",
            format!(
                "INSERT INTO users (tenant_id, id, email, password_hash, role) \
                 VALUES ('{other}', '{fresh}', 'x@y.z', '$argon2id$x', 'staff')"
            ),
        ),
        ("users", format!("UPDATE users SET tenant_id = '{other}'")),
        (
            "tenant_entitlement_overrides",
            format!(
                "UPDATE tenant_entitlement_overrides SET tenant_id = '{other}' WHERE tenant_id = '{current}'"
            ),
        ),
        (
            "audit_log",
            format!(
                "INSERT INTO audit_log (tenant_id, actor_kind, actor, action) \
                 VALUES ('{other}', 'user', 'intruder', 'tenant.read')"
            ),
        ),
        (
            "refresh_tokens",
            format!("UPDATE refresh_tokens SET tenant_id = '{other}'"),
        ),
        (
            "sign_in_failures",
            format!(
                "INSERT INTO sign_in_failures (tenant_id, email, at) \
                 VALUES ('{other}', 'victim@x.example', now())"
            ),
        ),
        (
            "devices",
            format!("UPDATE devices SET tenant_id = '{other}'"),
        ),
        (
            "devices",
            format!(
                "INSERT INTO devices (tenant_id, id, name, fingerprint_hash, public_key, status, \
                 epoch, activated_at, license_expires_at) VALUES ('{other}', '{fresh}', 'x', \
                 'planted-fingerprint-hash', sha256('k'::bytea), 'active', 1, now(), now())"
            ),
        ),
        (
            "activation_codes",
            format!(
                "INSERT INTO activation_codes (tenant_id, code_hash, created_by, created_at, \
                 expires_at) VALUES ('{other}', sha256('planted'::bytea), 'x', now(), now())"
            ),
        ),
        (
            "device_challenges",
            format!("UPDATE device_challenges SET tenant_id = '{other}'"),
        ),
        (
            "sync_events",
            format!(
                "INSERT INTO sync_events (tenant_id, device_id, epoch, seq, event_id, aggregate, \
                 kind, occurred_at, payload) SELECT '{other}', id, 1, 99, gen_random_uuid(), \
                 'sale', 'sale.completed', 0, '{{}}' FROM devices"
            ),
        ),
        (
            "command_cursors",
            format!("UPDATE command_cursors SET tenant_id = '{other}'"),
        ),
        (
            "sync_commands",
            format!(
                "INSERT INTO sync_commands (tenant_id, cursor, id, kind, payload) \
                 VALUES ('{other}', 99, gen_random_uuid(), 'planted', '{{}}')"
            ),
        ),
        (
            "payment_methods",
            format!("UPDATE payment_methods SET tenant_id = '{other}'"),
        ),
        (
            "product_prices",
            format!(
                "INSERT INTO product_prices (tenant_id, sku, price_cents) \
                 VALUES ('{other}', 'PLANTED', 1)"
            ),
        ),
        (
            "sales",
            format!(
                "INSERT INTO sales (tenant_id, sale_id, device_id, epoch, seq, code, number, \
                 gross_cents, discount_cents, tax_cents, total_cents, completed_at) \
                 SELECT '{other}', gen_random_uuid(), device_id, epoch, seq, code, number, \
                 gross_cents, discount_cents, tax_cents, total_cents, completed_at FROM sales"
            ),
        ),
        (
            "sale_payments",
            format!(
                "INSERT INTO sale_payments (tenant_id, sale_id, line, method_code, kind, \
                 amount_cents) SELECT '{other}', sale_id, 2, 'cash', 'cash', 1 FROM sales"
            ),
        ),
        (
            "daily_sales",
            format!("UPDATE daily_sales SET tenant_id = '{other}'"),
        ),
    ]
}

#[sqlx::test]
async fn writing_a_row_for_another_tenant_is_refused(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, b) = two_tenants(&runtime).await;
    let statements = writes_for_another_tenant(a, b);
    let covered: Vec<&str> = statements.iter().map(|(table, _)| *table).collect();
    for &(table, _) in TENANT_TABLES {
        assert!(
            covered.contains(&table),
            "{table} needs a cross-tenant write case"
        );
    }
    for (table, statement) in statements {
        let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
        let error = sqlx::query(AssertSqlSafe(statement.as_str()))
            .execute(&mut *transaction)
            .await
            .expect_err(&format!(
                "{table}: acting as A, `{statement}` must be refused, or A could plant or move \
                 rows into B"
            ));
        assert_eq!(
            sqlstate(&error).as_deref(),
            Some(INSUFFICIENT_PRIVILEGE),
            "{table}: `{statement}` must be refused by RLS, not fail by accident: {error}"
        );
    }
}

#[sqlx::test]
async fn another_tenants_rows_cannot_be_changed_or_deleted(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, b) = two_tenants(&runtime).await;
    let statements = [
        format!("UPDATE tenants SET name = 'Hacked' WHERE id = '{b}'"),
        format!("UPDATE users SET role = 'staff' WHERE tenant_id = '{b}'"),
        format!("DELETE FROM users WHERE tenant_id = '{b}'"),
        format!("DELETE FROM tenant_entitlement_overrides WHERE tenant_id = '{b}'"),
        format!("UPDATE devices SET status = 'revoked' WHERE tenant_id = '{b}'"),
        format!("UPDATE activation_codes SET expires_at = now() WHERE tenant_id = '{b}'"),
        format!("DELETE FROM device_challenges WHERE tenant_id = '{b}'"),
        format!("DELETE FROM sync_commands WHERE tenant_id = '{b}'"),
        format!("UPDATE product_prices SET price_cents = 0 WHERE tenant_id = '{b}'"),
    ];
    for statement in statements {
        let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
        let affected = sqlx::query(AssertSqlSafe(statement.as_str()))
            .execute(&mut *transaction)
            .await
            .expect("a statement RLS filters still runs")
            .rows_affected();
        assert_eq!(
            affected, 0,
            "acting as A, `{statement}` must not touch B's rows"
        );
    }
}

#[sqlx::test]
async fn the_runtime_role_cannot_switch_row_security_off(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, _) = two_tenants(&runtime).await;
    for &(table, _) in TENANT_TABLES {
        for change in ["DISABLE ROW LEVEL SECURITY", "NO FORCE ROW LEVEL SECURITY"] {
            let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
            let error = sqlx::query(AssertSqlSafe(format!("ALTER TABLE {table} {change}")))
                .execute(&mut *transaction)
                .await
                .expect_err(&format!(
                    "{table}: the runtime role must not be able to {change}, or one bug \
                     would expose every tenant"
                ));
            assert_eq!(
                sqlstate(&error).as_deref(),
                Some(INSUFFICIENT_PRIVILEGE),
                "{table}: {change} refused because the runtime role owns nothing: {error}"
            );
        }
    }
}

#[sqlx::test]
async fn the_tenant_setting_ends_with_its_transaction(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let (a, _) = two_tenants(&runtime).await;
    let mut connection = runtime.acquire().await.expect("acquire");
    for commit in [true, false] {
        let mut transaction = begin_for_tenant(&mut *connection, a).await.expect("begin");
        let inside: String = sqlx::query_scalar("SELECT current_setting('app.tenant_id')")
            .fetch_one(&mut *transaction)
            .await
            .expect("read inside");
        assert_eq!(inside, a.to_string(), "the transaction acts for A");
        if commit {
            transaction.commit().await.expect("commit");
        } else {
            transaction.rollback().await.expect("rollback");
        }
        let after: Option<String> =
            sqlx::query_scalar("SELECT current_setting('app.tenant_id', true)")
                .fetch_one(&mut *connection)
                .await
                .expect("read after");
        assert!(
            after.as_deref().unwrap_or("").is_empty(),
            "after {}, the pooled connection still says tenant {after:?}: the next request \
             served by it would act for A",
            if commit { "commit" } else { "rollback" }
        );
    }
}
