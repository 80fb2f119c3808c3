//! Device wire types: activating a store with an activation code, proving possession of
//! the device key to get a short-lived device token, and the heartbeat that reports the
//! tenant's and the device's standing and hands out renewed licenses.
//!
//! Every answer carries the hub's time in Unix milliseconds, so the store can raise its
//! trusted-time high-water mark on every contact.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The text a device signs to trade a challenge for a device token. Domain-separated (a
/// fixed prefix, the device and the nonce), so the signature can mean nothing else and
/// works only for that device and that challenge.
pub fn device_token_message(device_id: Uuid, nonce: &str) -> Vec<u8> {
    format!("fflow-device-token-v1\n{device_id}\n{nonce}").into_bytes()
}

/// `POST /v1/devices/activate`: a store asks for a seat with a single-use activation code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivationRequest {
    /// The code the owner created on the hub, as shown there (case and dashes ignored).
    pub code: String,
    /// A keyed hash of the machine's id, so the same machine is recognized on re-activation
    /// without the hub learning the id itself.
    pub fingerprint_hash: String,
    /// The device's fresh Ed25519 public key, 32 bytes in base64url without padding.
    pub public_key: String,
    /// A name people recognize, for example "Caixa 1".
    pub device_name: String,
    /// The event-stream epoch the store held before, 0 for a first install. The hub
    /// answers with a higher one, so a reinstalled or restored store starts a new stream.
    pub epoch: i64,
}

/// Hand-written so that the activation code never reaches a log.
impl fmt::Debug for ActivationRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ActivationRequest")
            .field("fingerprint_hash", &self.fingerprint_hash)
            .field("public_key", &self.public_key)
            .field("device_name", &self.device_name)
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

/// The answer to an activation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationResponse {
    pub tenant_id: Uuid,
    pub device_id: Uuid,
    /// The epoch this device's event stream now uses; sync keys events by it.
    pub epoch: i64,
    /// The signed license (compact JWS), see `crate::license`.
    pub license: String,
    pub server_time_ms: i64,
}

/// `POST /v1/devices/token/challenge`. The device names its tenant (from its activation
/// or its license) so the hub finds it without searching every tenant; a wrong tenant
/// finds no device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenChallengeRequest {
    pub tenant_id: Uuid,
    pub device_id: Uuid,
}

/// A single-use nonce to sign with the device key, valid for `expires_in` seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenChallenge {
    pub nonce: String,
    pub expires_in: i64,
    pub server_time_ms: i64,
}

/// `POST /v1/devices/token`: the signature (base64url, no padding) by the device key over
/// [`device_token_message`] of the device and the nonce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenExchangeRequest {
    pub tenant_id: Uuid,
    pub device_id: Uuid,
    pub nonce: String,
    pub signature: String,
}

/// A short-lived bearer token for the device endpoints (heartbeat, sync).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceToken {
    pub access_token: String,
    pub expires_in: i64,
    pub server_time_ms: i64,
}

impl fmt::Debug for DeviceToken {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DeviceToken")
            .field("expires_in", &self.expires_in)
            .field("server_time_ms", &self.server_time_ms)
            .finish_non_exhaustive()
    }
}

/// `POST /v1/devices/heartbeat`, sent with a device token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HeartbeatRequest {
    /// The store app's version, for example `0.1.0`.
    pub app_version: String,
    /// What the store holds now; stores older than the counters send none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<UsageCounters>,
}

/// A device's use, as its heartbeat reports it. Every figure is a total as of the
/// heartbeat, never a difference since the last one, so a heartbeat sent twice (its answer
/// lost) counts nothing twice; the hub derives "since last" from two reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UsageCounters {
    /// Active till users, as the license's user limit counts them.
    pub till_users: u32,
    /// Products in the catalog, as the license's product limit counts them.
    pub products: u32,
    /// Sales completed on this store since it was installed.
    pub sales_completed: u64,
}

/// The tenant's standing as the hub sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TenantStatus {
    Active,
    PendingPayment,
    Suspended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingStatus {
    Paid,
    Overdue,
}

/// What the store checks at start-up, on a schedule and on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceStatus {
    pub tenant_status: TenantStatus,
    pub billing_status: BillingStatus,
}

/// Whether a device may keep working: `reset` asks for a new activation, `revoked` means
/// the device is shut out for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Active,
    Reset,
    Revoked,
}

impl DeviceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Active => "active",
            DeviceStatus::Reset => "reset",
            DeviceStatus::Revoked => "revoked",
        }
    }

    /// The status as the hub's database stores it.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(DeviceStatus::Active),
            "reset" => Some(DeviceStatus::Reset),
            "revoked" => Some(DeviceStatus::Revoked),
            _ => None,
        }
    }
}

/// The answer to a heartbeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeartbeatResponse {
    pub instance: InstanceStatus,
    pub device_status: DeviceStatus,
    /// A fresh license when the current one is within the renewal window of its expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed_license: Option<String>,
    pub server_time_ms: i64,
}

/// `POST /v1/devices/activation-codes` (owner or admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivationCodeRequest {
    /// How long the code works, in hours; the hub's default when absent.
    #[serde(default)]
    pub valid_for_hours: Option<u32>,
}

/// A new activation code, shown this once: the hub keeps only its hash.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationCode {
    pub code: String,
    /// Unix seconds after which the code is refused.
    pub expires_at: i64,
}

impl fmt::Debug for ActivationCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ActivationCode")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// One device in `GET /v1/devices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSummary {
    pub device_id: Uuid,
    pub name: String,
    pub status: DeviceStatus,
    pub epoch: i64,
    /// Unix seconds of the last heartbeat, if any.
    pub last_seen_at: Option<i64>,
    pub app_version: Option<String>,
    /// What the last heartbeat that carried counters reported, and when (Unix seconds).
    pub usage: Option<UsageCounters>,
    pub usage_reported_at: Option<i64>,
}

/// `POST /v1/devices/{id}/reset` and `/revoke`: why, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceChangeRequest {
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_travel_in_snake_case() {
        let response = HeartbeatResponse {
            instance: InstanceStatus {
                tenant_status: TenantStatus::PendingPayment,
                billing_status: BillingStatus::Overdue,
            },
            device_status: DeviceStatus::Reset,
            renewed_license: None,
            server_time_ms: 1,
        };
        let json = serde_json::to_value(&response).expect("encode");
        assert_eq!(
            json,
            serde_json::json!({
                "instance": {"tenant_status": "pending_payment", "billing_status": "overdue"},
                "device_status": "reset",
                "server_time_ms": 1
            }),
            "the store and the hub must agree on every byte, and the database stores the \
             same words"
        );
        for status in [
            DeviceStatus::Active,
            DeviceStatus::Reset,
            DeviceStatus::Revoked,
        ] {
            assert_eq!(DeviceStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn the_signed_message_names_the_device_and_the_nonce() {
        let device = Uuid::from_u128(7);
        let message = device_token_message(device, "abc");
        assert_ne!(
            message,
            device_token_message(Uuid::from_u128(8), "abc"),
            "a signature for one device must not serve another"
        );
        assert_ne!(message, device_token_message(device, "abd"));
        assert!(message.starts_with(b"fflow-device-token-v1\n"));
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let request = ActivationRequest {
            code: "SECRET-CODE".to_owned(),
            fingerprint_hash: "f".to_owned(),
            public_key: "k".to_owned(),
            device_name: "Caixa 1".to_owned(),
            epoch: 0,
        };
        let token = DeviceToken {
            access_token: "fd1.secret".to_owned(),
            expires_in: 1,
            server_time_ms: 1,
        };
        let shown = format!("{request:?} {token:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("fd1."),
            "{shown}"
        );
    }
}
