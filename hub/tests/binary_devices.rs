//! A store's whole device flow against the real binary over a real socket: a code from
//! the command line, activation, a license signed with the key and kid `serve` was given
//! (and the validity it was told), a device token, a heartbeat and a push.

mod common;

use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::binary::{
    HUB, TEST_LICENSE_KEY_ID, TEST_LICENSE_SIGNING_KEY, start_server, url_for_database,
};
use common::devices::{TestDevice, give_plan};
use common::{owner_pool, runtime_pool, two_tenants};
use ed25519_dalek::SigningKey;
use fflow_hub::auth::unix_now;
use fflow_protocol::license::{
    LICENSE_ISSUER, LicenseExpectations, LicenseVerifyingKeys, verify_license,
};
use fflow_protocol::{ActivationResponse, DeviceToken, HeartbeatResponse, TokenChallenge};
use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// What a store ships with: the public half of the test hub's license key, by its kid.
fn trusted_keys() -> LicenseVerifyingKeys {
    let seed: [u8; 32] = STANDARD
        .decode(TEST_LICENSE_SIGNING_KEY)
        .expect("base64")
        .try_into()
        .expect("32 bytes");
    let mut trusted = LicenseVerifyingKeys::new();
    trusted.insert(
        TEST_LICENSE_KEY_ID,
        SigningKey::from_bytes(&seed).verifying_key(),
    );
    trusted
}

async fn post(client: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> Value {
    let mut request = client.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the hub answers");
    let status = response.status();
    let body: Value = response.json().await.expect("a JSON answer");
    assert_eq!(status, 200, "{body}");
    body
}

#[sqlx::test]
async fn a_store_activates_gets_a_device_token_reports_in_and_pushes_over_http(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let owner = owner_pool(&connect_options).await;
    let (alpha, _) = two_tenants(&runtime).await;
    give_plan(&owner, &runtime, alpha, 3).await;
    let url = url_for_database(connect_options.get_database().expect("named database"));
    let created = Command::new(HUB)
        .args(["activation-code", "create", "--tenant", &alpha.to_string()])
        .env("DATABASE_URL", &url)
        .output()
        .expect("activation-code create runs");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let code = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    let server = start_server(&url, &[("FFLOW_HUB_LICENSE_VALIDITY_DAYS", "7")]);
    let base = &server.base;
    let client = reqwest::Client::new();
    let machine = TestDevice::new(1);

    let activation: ActivationResponse = serde_json::from_value(
        post(
            &client,
            format!("{base}/v1/devices/activate"),
            None,
            json!({
                "code": code.to_lowercase(),
                "fingerprint_hash": machine.fingerprint,
                "public_key": machine.public_key(),
                "device_name": "Caixa 1",
                "epoch": 0,
            }),
        )
        .await,
    )
    .expect("an activation");
    let license = verify_license(
        &activation.license,
        &trusted_keys(),
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(activation.device_id),
            now: unix_now(),
        },
    )
    .expect("the store verifies the license with the public key it ships with");
    assert_eq!(license.kid, TEST_LICENSE_KEY_ID);
    assert_eq!(
        license.claims.exp - license.claims.iat,
        7 * 24 * 60 * 60,
        "FFLOW_HUB_LICENSE_VALIDITY_DAYS sets the validity"
    );

    let ids = json!({ "tenant_id": activation.tenant_id, "device_id": activation.device_id });
    let challenge: TokenChallenge = serde_json::from_value(
        post(
            &client,
            format!("{base}/v1/devices/token/challenge"),
            None,
            ids.clone(),
        )
        .await,
    )
    .expect("a challenge");
    let mut exchange = ids;
    exchange["nonce"] = json!(challenge.nonce);
    exchange["signature"] = json!(machine.sign(activation.device_id, &challenge.nonce));
    let token: DeviceToken = serde_json::from_value(
        post(&client, format!("{base}/v1/devices/token"), None, exchange).await,
    )
    .expect("a device token");
    let beat: HeartbeatResponse = serde_json::from_value(
        post(
            &client,
            format!("{base}/v1/devices/heartbeat"),
            Some(&token.access_token),
            json!({ "app_version": "0.1.0" }),
        )
        .await,
    )
    .expect("a heartbeat answer");
    assert!(
        beat.server_time_ms >= activation.server_time_ms,
        "the hub's clock runs on"
    );
    let pushed = post(
        &client,
        format!("{base}/v1/sync/push"),
        Some(&token.access_token),
        json!({ "events": [{
            "seq": 1, "id": uuid::Uuid::now_v7(), "aggregate": "sale",
            "kind": "sale.completed", "occurred_at": 1,
            "payload": common::sale_payload(uuid::Uuid::now_v7(), 990, 1)
        }]}),
    )
    .await;
    assert_eq!(pushed, json!({ "acked_through": 1 }));
}
