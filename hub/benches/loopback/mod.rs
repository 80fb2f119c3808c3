//! What the hub benchmarks share: a fresh database migrated on the server in
//! `DATABASE_URL`, the hub's real router served over loopback TCP (as `serve` does), and
//! many tenants on a plan, each with activated devices holding device tokens.

#![allow(dead_code)] // Each benchmark uses a different part of this module.

use std::net::SocketAddr;

use fflow_hub::accounts::{NewTenant, TenantMode, create_tenant};
use fflow_hub::audit::ActorKind;
use fflow_hub::auth::access_token::AccessTokenKey;
use fflow_hub::database::{MIGRATOR, parse_url, pool_options};
use fflow_hub::licensing::Licensing;
use fflow_hub::tenancy::TenantId;
use fflow_hub::{AppState, app};
use fflow_protocol::Cnpj;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection, PgPool};
use uuid::Uuid;

use crate::common::devices::{TestDevice, access_token, give_plan};
use crate::common::{binary, runtime_pool};

/// A migrated database of its own, dropped by [`BenchDatabase::drop_now`].
pub struct BenchDatabase {
    admin: PgConnection,
    name: String,
    pub options: PgConnectOptions,
    /// The migrating owner: the cluster's superuser in the bench's throwaway cluster, so
    /// it bypasses row-level security.
    pub owner: PgPool,
}

impl BenchDatabase {
    pub async fn create(label: &str) -> Self {
        let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names a PostgreSQL server");
        let name = format!("fflow_bench_{label}_{}", std::process::id());
        let mut admin = PgConnection::connect(&url).await.expect("connect");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create the bench database");
        let options = parse_url(&binary::url_for_database(&name)).expect("url");
        // Pooled as the hub pools its runtime role, so the RLS comparison differs in the
        // role alone.
        let owner = pool_options()
            .connect_with(options.clone())
            .await
            .expect("connect");
        MIGRATOR.run(&owner).await.expect("migrate");
        BenchDatabase {
            admin,
            name,
            options,
            owner,
        }
    }

    pub async fn drop_now(mut self, runtime: PgPool) {
        runtime.close().await;
        self.owner.close().await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut self.admin)
        .await
        .expect("drop the bench database");
    }
}

/// The hub as `serve` runs it, listening on a loopback port.
pub struct LoopbackHub {
    pub base_url: String,
    pub state: AppState,
    pub runtime: PgPool,
}

impl LoopbackHub {
    pub async fn start(database: &BenchDatabase) -> Self {
        let runtime = runtime_pool(&database.options).await;
        let state = AppState::new(
            runtime.clone(),
            AccessTokenKey::generate(),
            Licensing::with_random_key(30),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let address = listener.local_addr().expect("its address");
        let service = app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        LoopbackHub {
            base_url: format!("http://{address}"),
            state,
            runtime,
        }
    }
}

/// One device of a bench tenant, with its token.
#[derive(Clone)]
pub struct BenchDevice {
    pub tenant: TenantId,
    pub device: Uuid,
    pub token: String,
}

/// A valid CNPJ for tenant number `n`: its twelve-digit base with the check digits found by
/// trying each (the parser is the judge, so this cannot drift from it).
fn cnpj_for(n: usize) -> Cnpj {
    let base = format!("{:012}", 10_000_000_000 + n);
    (0..100)
        .find_map(|digits| Cnpj::parse(&format!("{base}{digits:02}")).ok())
        .expect("one pair of check digits fits")
}

/// `tenants` tenants on a plan, each with `devices_each` devices activated the way the
/// activation endpoint leaves them, and a device token for each.
pub async fn tenants_with_devices(
    database: &BenchDatabase,
    hub: &LoopbackHub,
    tenants: usize,
    devices_each: usize,
) -> Vec<BenchDevice> {
    assert!(tenants * devices_each <= 255, "one key seed per device");
    let router = app(hub.state.clone());
    let mut devices = Vec::new();
    for n in 0..tenants {
        let tenant = create_tenant(
            &hub.runtime,
            &NewTenant {
                name: format!("Loja {n}"),
                cnpj: cnpj_for(n),
                mode: TenantMode::Live,
            },
            ActorKind::Operator,
            "bench",
        )
        .await
        .expect("create tenant");
        give_plan(
            &database.owner,
            &hub.runtime,
            tenant,
            u32::try_from(devices_each).expect("few"),
        )
        .await;
        for d in 0..devices_each {
            let seed = u8::try_from(devices.len() + 1).expect("checked above");
            let machine = TestDevice::new(seed);
            let device = Uuid::now_v7();
            sqlx::query(
                "INSERT INTO devices (tenant_id, id, name, fingerprint_hash, public_key, status,
                                      epoch, activated_at, license_expires_at)
                 VALUES ($1, $2, $3, $4, $5, 'active', 1, now(), now() + interval '30 days')",
            )
            .bind(tenant.0)
            .bind(device)
            .bind(format!("Caixa {d}"))
            .bind(&machine.fingerprint)
            .bind(machine.key.verifying_key().to_bytes().to_vec())
            .execute(&database.owner)
            .await
            .expect("a device");
            let token = access_token(&machine.token(&router, tenant.0, device).await);
            devices.push(BenchDevice {
                tenant,
                device,
                token,
            });
        }
    }
    devices
}

/// The `q` quantile (0 to 1) of `samples`, sorted in place.
pub fn quantile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let rank = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples[rank.min(samples.len() - 1)]
}
