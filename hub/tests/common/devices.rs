//! Playing a store against the hub's router: a plan with a number of seats for a fixture
//! tenant, the owner's access token, activation codes, and a device with its own Ed25519
//! key that activates, trades challenges for device tokens and sends heartbeats.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use fflow_hub::audit::ActorKind;
use fflow_hub::licensing::Licensing;
use fflow_hub::plans::{BillingCycle, NewPlan, PlanLimits, assign_plan, create_plan};
use fflow_hub::tenancy::{TenantId, begin_for_tenant};
use fflow_protocol::device_token_message;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use super::api::{
    ALPHA_CNPJ, ALPHA_OWNER, Answer, PASSWORD, address, call, hub_with_licensing, sign_in_as,
};
use super::{owner_pool, two_tenants};
use fflow_protocol::license::LicenseVerifyingKeys;
use sqlx::postgres::PgConnectOptions;

/// A hub with the two fixture tenants, Alpha on a plan of `seats` devices (its fixture
/// device holds one), and Alpha's owner signed in.
pub struct DeviceHub {
    pub runtime: PgPool,
    pub owner: PgPool,
    pub router: Router,
    pub trusted: LicenseVerifyingKeys,
    pub licensing: Arc<Licensing>,
    pub alpha: TenantId,
    pub owner_token: String,
}

impl DeviceHub {
    pub async fn start(connect_options: &PgConnectOptions, seats: u32, validity_days: u32) -> Self {
        let (runtime, router, _, trusted, licensing) =
            hub_with_licensing(connect_options, validity_days).await;
        let owner = owner_pool(connect_options).await;
        let (alpha, _) = two_tenants(&runtime).await;
        give_plan(&owner, &runtime, alpha, seats).await;
        let owner_token = alpha_owner_token(&router).await;
        DeviceHub {
            runtime,
            owner,
            router,
            trusted,
            licensing,
            alpha,
            owner_token,
        }
    }

    pub async fn code(&self) -> String {
        create_code(&self.router, &self.owner_token).await
    }

    /// Activates `machine` with a fresh code: its tenant and device ids.
    pub async fn activate(&self, machine: &TestDevice) -> (Uuid, Uuid) {
        activated(&machine.activate(&self.router, &self.code().await, 0).await)
    }

    /// Activates `machine` and trades a challenge for its device token: the tenant and
    /// device ids and the token.
    pub async fn activate_with_token(&self, machine: &TestDevice) -> (Uuid, Uuid, String) {
        let (tenant, device) = self.activate(machine).await;
        let token = access_token(&machine.token(&self.router, tenant, device).await);
        (tenant, device, token)
    }

    pub async fn change(&self, device: Uuid, change: &str, reason: &str) -> Answer {
        change_device(&self.router, &self.owner_token, device, change, reason).await
    }

    pub async fn active_devices(&self) -> i64 {
        active_devices(&self.owner, self.alpha).await
    }

    /// `device` as `GET /v1/devices` lists it to Alpha's owner.
    pub async fn listed(&self, device: Uuid) -> Value {
        let answer = call(
            &self.router,
            "GET",
            "/v1/devices",
            Some(&self.owner_token),
            None,
            address(1),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer
            .body
            .as_array()
            .and_then(|devices| {
                devices
                    .iter()
                    .find(|listed| listed["device_id"] == device.to_string().as_str())
            })
            .cloned()
            .unwrap_or_else(|| panic!("{device} is listed: {}", answer.body))
    }
}

/// Puts `tenant` on a plan of 10 devices and overrides it down to `seats`, so the seat
/// limit tested is the one entitlements compute (plan, then overrides).
pub async fn give_plan(owner: &PgPool, runtime: &PgPool, tenant: TenantId, seats: u32) {
    let code = format!("pro-{}", tenant.0.simple());
    create_plan(
        owner,
        &NewPlan {
            code: code.clone(),
            name: "Pro".to_owned(),
            price_cents: 14_990,
            billing_cycle: BillingCycle::Monthly,
            limits: PlanLimits {
                max_devices: 10,
                max_users: 10,
                max_products: 50_000,
                features: vec!["grooming".to_owned()],
            },
        },
    )
    .await
    .expect("create plan");
    let mut transaction = begin_for_tenant(runtime, tenant).await.expect("begin");
    assign_plan(
        &mut transaction,
        tenant,
        &code,
        ActorKind::Operator,
        "test",
        None,
    )
    .await
    .expect("assign plan");
    sqlx::query("UPDATE tenant_entitlement_overrides SET max_devices = $1")
        .bind(i32::try_from(seats).expect("few seats"))
        .execute(&mut *transaction)
        .await
        .expect("override seats");
    transaction.commit().await.expect("commit");
}

/// An access token of Alpha's owner.
pub async fn alpha_owner_token(router: &Router) -> String {
    sign_in_as(router, ALPHA_CNPJ, ALPHA_OWNER, PASSWORD, address(1))
        .await
        .tokens()
        .access_token
}

pub async fn create_code(router: &Router, owner_token: &str) -> String {
    let answer = call(
        router,
        "POST",
        "/v1/devices/activation-codes",
        Some(owner_token),
        Some(json!({})),
        address(1),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["code"].as_str().expect("a code").to_owned()
}

/// A store installation: its machine fingerprint and its device key.
pub struct TestDevice {
    pub fingerprint: String,
    pub key: SigningKey,
    /// The address it calls from: each machine its own, as tills of different shops,
    /// so the per-address limits of tests do not add up across machines.
    pub address: IpAddr,
}

impl TestDevice {
    pub fn new(machine: u8) -> Self {
        TestDevice {
            fingerprint: format!("fingerprint-of-machine-{machine:03}"),
            key: SigningKey::from_bytes(&[machine; 32]),
            address: IpAddr::V4(Ipv4Addr::new(198, 51, 100, machine)),
        }
    }

    /// The same machine after a reinstall: same fingerprint, a fresh key.
    pub fn reinstalled(&self, new_key_seed: u8) -> Self {
        TestDevice {
            fingerprint: self.fingerprint.clone(),
            key: SigningKey::from_bytes(&[new_key_seed; 32]),
            address: self.address,
        }
    }

    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.verifying_key().to_bytes())
    }

    pub async fn activate(&self, router: &Router, code: &str, epoch: i64) -> Answer {
        let body = json!({
            "code": code,
            "fingerprint_hash": self.fingerprint,
            "public_key": self.public_key(),
            "device_name": "Caixa 1",
            "epoch": epoch,
        });
        call(
            router,
            "POST",
            "/v1/devices/activate",
            None,
            Some(body),
            self.address,
        )
        .await
    }

    pub async fn challenge(&self, router: &Router, tenant: Uuid, device: Uuid) -> Answer {
        let body = json!({ "tenant_id": tenant, "device_id": device });
        call(
            router,
            "POST",
            "/v1/devices/token/challenge",
            None,
            Some(body),
            self.address,
        )
        .await
    }

    pub fn sign(&self, device: Uuid, nonce: &str) -> String {
        let signature = self.key.sign(&device_token_message(device, nonce));
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    }

    pub async fn exchange(
        &self,
        router: &Router,
        tenant: Uuid,
        device: Uuid,
        nonce: &str,
        signature: &str,
    ) -> Answer {
        let body = json!({
            "tenant_id": tenant,
            "device_id": device,
            "nonce": nonce,
            "signature": signature,
        });
        call(
            router,
            "POST",
            "/v1/devices/token",
            None,
            Some(body),
            self.address,
        )
        .await
    }

    /// Challenge, signature and exchange: the answer of the exchange.
    pub async fn token(&self, router: &Router, tenant: Uuid, device: Uuid) -> Answer {
        let challenge = self.challenge(router, tenant, device).await;
        assert_eq!(challenge.status, StatusCode::OK, "{}", challenge.body);
        let nonce = challenge.body["nonce"]
            .as_str()
            .expect("a nonce")
            .to_owned();
        let signature = self.sign(device, &nonce);
        self.exchange(router, tenant, device, &nonce, &signature)
            .await
    }
}

/// The device and tenant ids of a successful activation.
pub fn activated(answer: &Answer) -> (Uuid, Uuid) {
    assert_eq!(answer.status, StatusCode::OK, "activation: {}", answer.body);
    let id = |field: &str| {
        answer.body[field]
            .as_str()
            .and_then(|text| Uuid::parse_str(text).ok())
            .unwrap_or_else(|| panic!("{field} in {}", answer.body))
    };
    (id("tenant_id"), id("device_id"))
}

pub async fn heartbeat(router: &Router, device_token: &str) -> Answer {
    call(
        router,
        "POST",
        "/v1/devices/heartbeat",
        Some(device_token),
        Some(json!({ "app_version": "0.1.0" })),
        address(2),
    )
    .await
}

pub async fn change_device(
    router: &Router,
    owner_token: &str,
    device: Uuid,
    change: &str,
    reason: &str,
) -> Answer {
    call(
        router,
        "POST",
        &format!("/v1/devices/{device}/{change}"),
        Some(owner_token),
        Some(json!({ "reason": reason })),
        address(1),
    )
    .await
}

pub fn access_token(answer: &Answer) -> String {
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "device token: {}",
        answer.body
    );
    answer.body["access_token"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no access_token in {}", answer.body))
}

/// The number of the tenant's devices holding a seat, read as the owner.
pub async fn active_devices(owner: &PgPool, tenant: TenantId) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM devices WHERE tenant_id = $1 AND status = 'active'")
        .bind(tenant.0)
        .fetch_one(owner)
        .await
        .expect("count devices")
}

pub fn field<'a>(answer: &'a Answer, name: &str) -> &'a Value {
    &answer.body[name]
}
