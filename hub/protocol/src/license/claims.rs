//! What a license says: whose it is, what it grants, and when it holds.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The `iss` of every license the hub signs; stores refuse licenses naming another.
pub const LICENSE_ISSUER: &str = "fflow-hub";

/// Seconds since the Unix epoch, as JWT "NumericDate" claims are written.
pub type UnixSeconds = i64;

/// The standing of the tenant when the license was issued; the store shows it and
/// restricts itself when the tenant is suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LicenseStatus {
    Active,
    PendingPayment,
    Suspended,
}

/// What the tenant's plan, with its overrides, lets it use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlements {
    /// Modules switched on, for example `grooming` or `nfce`.
    pub features: Vec<String>,
    pub max_users: u32,
    pub max_products: u32,
    pub max_devices: u32,
}

/// The claims of a license token. Unknown claims are ignored when reading, so a newer hub
/// can add claims without locking out older stores; they are covered by the signature all
/// the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseClaims {
    /// Who issued it, for example `https://hub.fflow.com.br`.
    pub iss: String,
    /// The device the license is bound to.
    pub device: Uuid,
    pub tenant: Uuid,
    /// The plan's code, for example `pro-monthly`.
    pub plan: String,
    pub entitlements: Entitlements,
    /// Devices the tenant may have active at once.
    pub seats: u32,
    pub iat: UnixSeconds,
    pub nbf: UnixSeconds,
    pub exp: UnixSeconds,
    /// Days after `exp` during which the store keeps selling, with a visible countdown.
    pub grace_days: u32,
    pub status: LicenseStatus,
}

impl LicenseClaims {
    /// The end of the grace period: after this the store may only look up and export.
    pub fn grace_ends_at(&self) -> UnixSeconds {
        self.exp
            .saturating_add(i64::from(self.grace_days).saturating_mul(24 * 60 * 60))
    }
}
