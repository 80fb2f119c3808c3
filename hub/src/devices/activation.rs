//! `activate`: a store trades a single-use activation code for a seat, a device id, an
//! epoch for its event stream and a signed license.
//!
//! Seats are counted under a lock on the tenant's row, so two activations racing for the
//! last seat run one after the other and the second sees the first one's device.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::VerifyingKey;
use fflow_protocol::{ActivationRequest, ActivationResponse, DeviceStatus};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use super::activation_codes::code_hash;
use super::{DeviceError, stored_status};
use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::licensing::{Licensing, issue_license};
use crate::plans::tenant_entitlements;
use crate::tenancy::{TenantId, begin_for_tenant};

/// The request's fields, checked before anything is read or written.
struct CheckedActivation {
    public_key: Vec<u8>,
    device_name: String,
    fingerprint_hash: String,
}

fn check(request: &ActivationRequest) -> Result<CheckedActivation, DeviceError> {
    let invalid = |message: &str| DeviceError::InvalidRequest(message.to_owned());
    let public_key = URL_SAFE_NO_PAD
        .decode(request.public_key.trim())
        .map_err(|_| invalid("public_key must be base64url without padding"))?;
    let key_bytes: [u8; 32] = public_key
        .as_slice()
        .try_into()
        .map_err(|_| invalid("public_key must be an Ed25519 public key of 32 bytes"))?;
    let key = VerifyingKey::from_bytes(&key_bytes)
        .map_err(|_| invalid("public_key is not a valid Ed25519 public key"))?;
    if key.is_weak() {
        return Err(invalid(
            "public_key is a weak Ed25519 key; generate a fresh one",
        ));
    }
    let device_name = request.device_name.trim().to_owned();
    if device_name.is_empty() || device_name.chars().count() > 100 {
        return Err(invalid("device_name must have 1 to 100 characters"));
    }
    let fingerprint_hash = request.fingerprint_hash.trim().to_owned();
    if !(16..=200).contains(&fingerprint_hash.len()) {
        return Err(invalid("fingerprint_hash must have 16 to 200 characters"));
    }
    if request.epoch < 0 {
        return Err(invalid("epoch must be 0 or more"));
    }
    Ok(CheckedActivation {
        public_key,
        device_name,
        fingerprint_hash,
    })
}

#[derive(Debug, sqlx::FromRow)]
struct StoredCode {
    expires_at: i64,
    used: bool,
}

#[derive(Debug, sqlx::FromRow)]
struct SameMachine {
    id: Uuid,
    status: String,
    epoch: i64,
}

/// Activates the device described by `request` at `now` (Unix seconds). Every refusal
/// leaves the code unused and the seats as they were.
pub async fn activate(
    pool: &PgPool,
    licensing: &Licensing,
    request: &ActivationRequest,
    now: i64,
    server_time_ms: i64,
) -> Result<ActivationResponse, DeviceError> {
    let checked = check(request)?;
    let hash = code_hash(&request.code);
    let tenant: Option<Uuid> = sqlx::query_scalar("SELECT tenant_id_for_activation_code($1)")
        .bind(&hash)
        .fetch_one(pool)
        .await?;
    let tenant = TenantId(tenant.ok_or(DeviceError::ActivationCodeInvalid)?);
    let mut transaction = begin_for_tenant(pool, tenant).await?;
    // The seat lock: every activation of this tenant queues here.
    let tenant_status: String =
        sqlx::query_scalar("SELECT status FROM tenants WHERE id = $1 FOR UPDATE")
            .bind(tenant.0)
            .fetch_one(&mut *transaction)
            .await?;
    // A tenant that does not pay takes no new seats; its devices keep their data.
    if tenant_status == "suspended" {
        return Err(DeviceError::TenantSuspended);
    }
    let code: StoredCode = sqlx::query_as(
        "SELECT floor(extract(epoch FROM expires_at))::bigint AS expires_at,
                used_at IS NOT NULL AS used
         FROM activation_codes WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(&hash)
    .fetch_optional(&mut *transaction)
    .await?
    .ok_or(DeviceError::ActivationCodeInvalid)?;
    if code.used {
        return Err(DeviceError::ActivationCodeUsed);
    }
    if now >= code.expires_at {
        return Err(DeviceError::ActivationCodeExpired);
    }
    let entitlements = tenant_entitlements(&mut transaction, tenant)
        .await?
        .ok_or(DeviceError::NoPlan)?;
    let same_machine: Option<SameMachine> =
        sqlx::query_as("SELECT id, status, epoch FROM devices WHERE fingerprint_hash = $1")
            .bind(&checked.fingerprint_hash)
            .fetch_optional(&mut *transaction)
            .await?;
    let previous_status = same_machine.as_ref().map(|row| stored_status(&row.status));
    if previous_status == Some(DeviceStatus::Revoked) {
        return Err(DeviceError::FingerprintRevoked);
    }
    // An active device of this machine being reinstalled keeps the seat it holds; any
    // other activation needs a free one.
    if previous_status != Some(DeviceStatus::Active) {
        let active: i64 =
            sqlx::query_scalar("SELECT count(*) FROM devices WHERE status = 'active'")
                .fetch_one(&mut *transaction)
                .await?;
        if active >= i64::from(entitlements.max_devices) {
            return Err(DeviceError::SeatsExhausted {
                max_devices: entitlements.max_devices,
            });
        }
    }
    let previous_epoch = same_machine.as_ref().map_or(0, |row| row.epoch);
    let epoch = previous_epoch.max(request.epoch) + 1;
    let device = same_machine
        .as_ref()
        .map_or_else(Uuid::now_v7, |row| row.id);
    let license = issue_license(&mut transaction, licensing, tenant, device, now).await?;
    sqlx::query(
        "INSERT INTO devices (tenant_id, id, name, fingerprint_hash, public_key, status, epoch,
                              activated_at, license_expires_at)
         VALUES ($1, $2, $3, $4, $5, 'active', $6, to_timestamp($7), to_timestamp($8))
         ON CONFLICT (tenant_id, id) DO UPDATE SET
             name = excluded.name, public_key = excluded.public_key, status = 'active',
             epoch = excluded.epoch, activated_at = excluded.activated_at,
             license_expires_at = excluded.license_expires_at",
    )
    .bind(tenant.0)
    .bind(device)
    .bind(&checked.device_name)
    .bind(&checked.fingerprint_hash)
    .bind(&checked.public_key)
    .bind(epoch)
    .bind(now as f64)
    .bind(license.expires_at as f64)
    .execute(&mut *transaction)
    .await?;
    sqlx::query(
        "UPDATE activation_codes SET used_at = to_timestamp($2), used_by = $3
         WHERE code_hash = $1",
    )
    .bind(&hash)
    .bind(now as f64)
    .bind(device)
    .execute(&mut *transaction)
    .await?;
    append_audit(
        &mut transaction,
        AuditEntry {
            tenant,
            actor_kind: ActorKind::Device,
            actor: &format!("device:{device}"),
            action: "device.activate",
            reason: None,
            before: previous_status
                .map(|status| json!({ "status": status.as_str(), "epoch": previous_epoch })),
            after: Some(json!({ "name": checked.device_name, "status": "active", "epoch": epoch })),
        },
    )
    .await?;
    transaction.commit().await?;
    Ok(ActivationResponse {
        tenant_id: tenant.0,
        device_id: device,
        epoch,
        license: license.token,
        server_time_ms,
    })
}
