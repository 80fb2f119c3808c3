//! Fixtures shared by the hub's database tests: the runtime pool `serve` uses, and two
//! tenants with a row in every tenant table, so isolation can be checked table by table.

#![allow(dead_code)] // Each test file uses a different part of this module.

pub mod api;
pub mod binary;
pub mod devices;
pub mod feed;
pub mod operator;

use fflow_hub::accounts::{NewTenant, NewUser, TenantMode, UserRole, create_tenant, create_user};
use fflow_hub::audit::ActorKind;
use fflow_hub::database;
use fflow_hub::passwords::Password;
use fflow_hub::tenancy::{TenantId, begin_for_tenant};
use fflow_protocol::Cnpj;
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;

/// Every tenant table with the column that names its tenant. The catalog test checks that
/// this list is complete, so a new tenant table cannot dodge the isolation tests.
pub const TENANT_TABLES: &[(&str, &str)] = &[
    ("tenants", "id"),
    ("users", "tenant_id"),
    ("tenant_entitlement_overrides", "tenant_id"),
    ("audit_log", "tenant_id"),
    ("refresh_tokens", "tenant_id"),
    ("sign_in_failures", "tenant_id"),
    ("devices", "tenant_id"),
    ("activation_codes", "tenant_id"),
    ("device_challenges", "tenant_id"),
    ("sync_events", "tenant_id"),
    ("command_cursors", "tenant_id"),
    ("sync_commands", "tenant_id"),
    ("payment_methods", "tenant_id"),
    ("product_prices", "tenant_id"),
    ("sales", "tenant_id"),
    ("sale_payments", "tenant_id"),
    ("daily_sales", "tenant_id"),
];

/// A `sale.completed` payload as the store's outbox writes it (src-tauri/core/src/sale/
/// complete.rs), paid in cash.
pub fn sale_payload(sale_id: uuid::Uuid, total_cents: i64, completed_at: i64) -> serde_json::Value {
    serde_json::json!({
        "id": sale_id, "code": format!("V-{sale_id}"), "number": 1,
        "session_id": "s", "cashier_id": "c", "customer_id": null,
        "gross_cents": total_cents, "discount_cents": 0, "tax_cents": 0,
        "total_cents": total_cents, "tendered_cents": total_cents, "change_cents": 0,
        "completed_at": completed_at,
        "lines": [{ "product_id": "p", "sku": "CAFE-1", "quantity_milli": 1000,
                    "total_cents": total_cents, "tax_cents": 0 }],
        "payments": [{ "method_code": "cash", "kind": "cash", "amount_cents": total_cents }],
    })
}

/// The commands each fixture tenant's feed starts with (a price and a payment method).
pub const FIXTURE_COMMANDS: i64 = 2;

/// A pool as `serve` has it: every connection acting as the runtime role.
pub async fn runtime_pool(connect_options: &PgConnectOptions) -> PgPool {
    database::connect_as_runtime_role(connect_options.clone())
        .await
        .expect("the migrated database has a runtime role subject to RLS")
}

/// A pool as the owner that ran the migrations (in tests, the cluster's superuser).
pub async fn owner_pool(connect_options: &PgConnectOptions) -> PgPool {
    PgPool::connect_with(connect_options.clone())
        .await
        .expect("connect as owner")
}

/// Creates a tenant, its owner user and an entitlement override, all through the runtime
/// role, so each tenant table holds a row of this tenant.
pub async fn tenant_with_rows(runtime: &PgPool, name: &str, cnpj: &str) -> TenantId {
    let tenant = create_tenant(
        runtime,
        &NewTenant {
            name: name.to_owned(),
            cnpj: Cnpj::parse(cnpj).expect("a valid test CNPJ"),
            mode: TenantMode::Live,
        },
        ActorKind::Operator,
        "test",
    )
    .await
    .expect("create tenant");
    let mut transaction = begin_for_tenant(runtime, tenant).await.expect("begin");
    let owner = create_user(
        &mut transaction,
        tenant,
        &NewUser {
            email: format!("owner@{}.example", name.to_lowercase()),
            cpf: None,
            password: Password::new("a long enough password"),
            role: UserRole::Owner,
        },
        ActorKind::Operator,
        "test",
    )
    .await
    .expect("create user");
    sqlx::query(
        "INSERT INTO tenant_entitlement_overrides (tenant_id, max_devices, reason)
         VALUES ($1, 5, 'test fixture')",
    )
    .bind(tenant.0)
    .execute(&mut *transaction)
    .await
    .expect("insert override");
    sqlx::query(
        "INSERT INTO refresh_tokens (tenant_id, token_hash, family_id, user_id, issued_at, expires_at)
         VALUES ($1, sha256('fixture'::bytea), gen_random_uuid(), $2, now(), now() + interval '1 day')",
    )
    .bind(tenant.0)
    .bind(owner.0)
    .execute(&mut *transaction)
    .await
    .expect("insert refresh token");
    sqlx::query(
        "INSERT INTO sign_in_failures (tenant_id, email, at) VALUES ($1, 'guess@x.example', now())",
    )
    .bind(tenant.0)
    .execute(&mut *transaction)
    .await
    .expect("insert sign-in failure");
    device_rows(&mut transaction, tenant).await;
    transaction.commit().await.expect("commit");
    tenant
}

/// A device, an activation code and a challenge of `tenant`, written as the runtime role.
async fn device_rows(
    transaction: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    tenant: TenantId,
) {
    let device = uuid::Uuid::now_v7();
    sqlx::query(
        "INSERT INTO devices (tenant_id, id, name, fingerprint_hash, public_key, status, epoch,
                              activated_at, license_expires_at)
         VALUES ($1, $2, 'Caixa fixture', md5($2::text), sha256($2::text::bytea), 'active', 1,
                 now(), now() + interval '30 days')",
    )
    .bind(tenant.0)
    .bind(device)
    .execute(&mut **transaction)
    .await
    .expect("insert device");
    sqlx::query(
        "INSERT INTO activation_codes (tenant_id, code_hash, created_by, created_at, expires_at)
         VALUES ($1, sha256($1::text::bytea), 'fixture', now(), now() + interval '1 day')",
    )
    .bind(tenant.0)
    .execute(&mut **transaction)
    .await
    .expect("insert activation code");
    sqlx::query(
        "INSERT INTO device_challenges (tenant_id, nonce_hash, device_id, expires_at)
         VALUES ($1, sha256($2::text::bytea), $2, now() + interval '1 minute')",
    )
    .bind(tenant.0)
    .bind(device)
    .execute(&mut **transaction)
    .await
    .expect("insert device challenge");
    sqlx::query(
        "INSERT INTO sync_events (tenant_id, device_id, epoch, seq, event_id, aggregate, kind,
                                  occurred_at, payload)
         VALUES ($1, $2, 1, 1, gen_random_uuid(), 'sale', 'sale.completed', 0, '{}')",
    )
    .bind(tenant.0)
    .bind(device)
    .execute(&mut **transaction)
    .await
    .expect("insert sync event");
    sqlx::query(
        "INSERT INTO sales (tenant_id, sale_id, device_id, epoch, seq, code, number, gross_cents,
                            discount_cents, tax_cents, total_cents, completed_at)
         VALUES ($1, $2, $3, 1, 1, 'V-1', 1, 100, 0, 0, 100, 0)",
    )
    .bind(tenant.0)
    .bind(uuid::Uuid::now_v7())
    .bind(device)
    .execute(&mut **transaction)
    .await
    .expect("insert sale");
    sqlx::query(
        "INSERT INTO sale_payments (tenant_id, sale_id, line, method_code, kind, amount_cents)
         SELECT tenant_id, sale_id, 1, 'cash', 'cash', 100 FROM sales WHERE device_id = $1",
    )
    .bind(device)
    .execute(&mut **transaction)
    .await
    .expect("insert sale payment");
    sqlx::query(
        "INSERT INTO daily_sales (tenant_id, device_id, day, sales_count, gmv_cents)
         VALUES ($1, $2, DATE '1970-01-01', 1, 100)",
    )
    .bind(tenant.0)
    .bind(device)
    .execute(&mut **transaction)
    .await
    .expect("insert daily sales");
    fflow_hub::master_data::set_product_price(transaction, tenant, "FIXTURE-1", 100)
        .await
        .expect("set a price, emitting a command");
    let method = fflow_protocol::master_data::PaymentMethodChange {
        label: "Dinheiro".to_owned(),
        kind: fflow_protocol::master_data::PaymentKind::Cash,
        active: true,
        position: 1,
    };
    fflow_hub::master_data::upsert_payment_method(transaction, tenant, "cash", &method)
        .await
        .expect("upsert a payment method");
}

/// Two tenants, A and B, with rows in every tenant table.
pub async fn two_tenants(runtime: &PgPool) -> (TenantId, TenantId) {
    let a = tenant_with_rows(runtime, "Alpha", "11.222.333/0001-81").await;
    let b = tenant_with_rows(runtime, "Beta", "12.ABC.345/01DE-35").await;
    (a, b)
}

/// The SQLSTATE of a failed statement, to tell a refusal by RLS or grants from any other
/// failure.
pub fn sqlstate(error: &sqlx::Error) -> Option<String> {
    error
        .as_database_error()
        .and_then(|error| error.code())
        .map(|code| code.into_owned())
}

/// SQLSTATE of "permission denied", "must be owner" and "violates row-level security".
pub const INSUFFICIENT_PRIVILEGE: &str = "42501";

/// Events numbered `seqs`, each a sale whose id and payload derive from its number.
pub fn sale_events(seqs: std::ops::RangeInclusive<i64>) -> serde_json::Value {
    let events: Vec<serde_json::Value> = seqs
        .map(|seq| {
            serde_json::json!({
                "seq": seq,
                "id": uuid::Uuid::from_u128(u128::try_from(seq).expect("positive")),
                "aggregate": "sale",
                "kind": "sale.completed",
                "occurred_at": 1_790_000_000_000_i64 + seq,
                "payload": sale_payload(
                    uuid::Uuid::from_u128(u128::try_from(seq).expect("positive")),
                    seq * 100,
                    1_790_000_000_000_i64 + seq,
                ),
            })
        })
        .collect();
    serde_json::json!({ "events": events })
}
