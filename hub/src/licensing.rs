//! Issuing licenses: the claims DESIGN.md lists, read from the tenant's plan, overrides and
//! standing, signed with the hub's Ed25519 key from configuration.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::SigningKey;
use fflow_protocol::license::{
    Entitlements, LICENSE_ISSUER, LicenseClaims, LicenseSigningKey, LicenseStatus,
};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::plans::tenant_entitlements;
use crate::tenancy::TenantId;

const DAY_SECONDS: i64 = 24 * 60 * 60;

/// Days after expiry during which a store keeps selling with a visible countdown.
pub const GRACE_DAYS: u32 = 7;

/// A validity period when configuration names none.
pub const DEFAULT_VALIDITY_DAYS: u32 = 30;

/// How the hub signs licenses and for how long they hold. Built once from configuration.
pub struct Licensing {
    signing_key: LicenseSigningKey,
    validity_seconds: i64,
    /// A heartbeat renews the license once this little of its validity remains: a third,
    /// so a store that calls in daily renews many times before it ever reaches grace.
    renewal_window_seconds: i64,
}

impl fmt::Debug for Licensing {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Licensing")
            .field("kid", &self.signing_key.kid())
            .field("validity_seconds", &self.validity_seconds)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenseKeyError {
    #[error("it is not base64")]
    NotBase64,
    #[error("it holds {found} bytes; an Ed25519 seed is exactly 32")]
    WrongLength { found: usize },
    #[error("the key id must be 1 to 64 letters, digits, '.', '_' or '-', not {0:?}")]
    BadKeyId(String),
}

impl Licensing {
    pub fn new(signing_key: LicenseSigningKey, validity_days: u32) -> Self {
        let validity_seconds = i64::from(validity_days.max(1)) * DAY_SECONDS;
        Licensing {
            signing_key,
            validity_seconds,
            renewal_window_seconds: validity_seconds / 3,
        }
    }

    /// Reads the key as configured: a 32-byte Ed25519 seed in standard base64 and its
    /// `kid`, which stores use to pick the public key.
    pub fn key_from_base64(kid: &str, seed: &str) -> Result<LicenseSigningKey, LicenseKeyError> {
        let kid = kid.trim();
        let kid_is_plain = (1..=64).contains(&kid.len())
            && kid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !kid_is_plain {
            return Err(LicenseKeyError::BadKeyId(kid.to_owned()));
        }
        let bytes = STANDARD
            .decode(seed.trim())
            .map_err(|_| LicenseKeyError::NotBase64)?;
        let seed: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| LicenseKeyError::WrongLength { found: bytes.len() })?;
        Ok(LicenseSigningKey::new(kid, SigningKey::from_bytes(&seed)))
    }

    /// A hub with a random key of its own, whose licenses no store trusts: for tests,
    /// which read the public key from [`Licensing::signing_key`].
    pub fn with_random_key(validity_days: u32) -> Self {
        let mut seed = [0_u8; 32];
        OsRng.fill_bytes(&mut seed);
        let key = LicenseSigningKey::new("random", SigningKey::from_bytes(&seed));
        Licensing::new(key, validity_days)
    }

    pub fn signing_key(&self) -> &LicenseSigningKey {
        &self.signing_key
    }

    /// Whether a license expiring at `expires_at` should be replaced at `now`.
    pub fn is_due_for_renewal(&self, expires_at: i64, now: i64) -> bool {
        expires_at <= self.renews_licenses_expiring_by(now)
    }

    /// The same rule as [`Licensing::is_due_for_renewal`] as one instant: at `now`, a
    /// license is due exactly when it expires at or before this. The heartbeat hands it to
    /// the database, which decides in the statement that also records the visit.
    pub fn renews_licenses_expiring_by(&self, now: i64) -> i64 {
        now.saturating_add(self.renewal_window_seconds)
    }

    /// When a license issued at `now` expires.
    pub fn expiry_of_license_issued_at(&self, now: i64) -> i64 {
        now.saturating_add(self.validity_seconds)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// Licenses name a plan; a tenant must be put on one before its devices can work.
    #[error("the tenant has no plan yet; put it on a plan before activating devices")]
    NoPlan,
    #[error("the license could not be signed: {0}")]
    Signing(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// A signed license and when it expires (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedLicense {
    pub token: String,
    pub expires_at: i64,
}

/// What a license says of its tenant, read from the tenant's row and its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LicenseTerms {
    pub plan: String,
    /// The tenant's stored status: `active`, `pending_payment` or `suspended`.
    pub tenant_status: String,
    pub entitlements: Entitlements,
}

/// Signs a license for `device` of the tenant of `transaction`, valid from `now`.
pub async fn issue_license(
    transaction: &mut Transaction<'static, Postgres>,
    licensing: &Licensing,
    tenant: TenantId,
    device: Uuid,
    now: i64,
) -> Result<IssuedLicense, IssueError> {
    let standing: Option<(Option<String>, String)> = sqlx::query_as(
        "SELECT p.code, t.status FROM tenants t LEFT JOIN plans p ON p.id = t.plan_id
         WHERE t.id = $1",
    )
    .bind(tenant.0)
    .fetch_optional(&mut **transaction)
    .await?;
    let (Some(plan), tenant_status) = standing.ok_or(IssueError::NoPlan)? else {
        return Err(IssueError::NoPlan);
    };
    let entitlements = tenant_entitlements(transaction, tenant)
        .await?
        .ok_or(IssueError::NoPlan)?;
    let terms = LicenseTerms {
        plan,
        tenant_status,
        entitlements,
    };
    sign_license_for(licensing, &terms, tenant, device, now)
}

/// Signs a license on `terms` already read (the heartbeat reads them with the visit),
/// valid from `now` until [`Licensing::expiry_of_license_issued_at`].
pub(crate) fn sign_license_for(
    licensing: &Licensing,
    terms: &LicenseTerms,
    tenant: TenantId,
    device: Uuid,
    now: i64,
) -> Result<IssuedLicense, IssueError> {
    let status = match terms.tenant_status.as_str() {
        "pending_payment" => LicenseStatus::PendingPayment,
        "suspended" => LicenseStatus::Suspended,
        _ => LicenseStatus::Active,
    };
    let expires_at = licensing.expiry_of_license_issued_at(now);
    let claims = LicenseClaims {
        iss: LICENSE_ISSUER.to_owned(),
        device,
        tenant: tenant.0,
        plan: terms.plan.clone(),
        seats: terms.entitlements.max_devices,
        entitlements: terms.entitlements.clone(),
        iat: now,
        nbf: now,
        exp: expires_at,
        grace_days: GRACE_DAYS,
        status,
    };
    let token = fflow_protocol::license::sign_license(&claims, &licensing.signing_key)
        .map_err(|error| IssueError::Signing(error.to_string()))?;
    Ok(IssuedLicense { token, expires_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_byte_seeds_with_a_plain_kid() {
        let seed = STANDARD.encode([9_u8; 32]);
        assert!(Licensing::key_from_base64("2026-11", &seed).is_ok());
        let cases = [
            (
                "k",
                STANDARD.encode([9_u8; 31]),
                LicenseKeyError::WrongLength { found: 31 },
            ),
            ("k", "not base64!".to_owned(), LicenseKeyError::NotBase64),
            ("", seed.clone(), LicenseKeyError::BadKeyId(String::new())),
            (
                "a b",
                seed.clone(),
                LicenseKeyError::BadKeyId("a b".to_owned()),
            ),
        ];
        for (kid, seed, expected) in cases {
            assert_eq!(
                Licensing::key_from_base64(kid, &seed).err(),
                Some(expected.clone()),
                "({kid:?}, {seed:?}) must be refused as {expected:?}"
            );
        }
    }

    #[test]
    fn renewal_starts_when_a_third_of_the_validity_remains() {
        let key = Licensing::key_from_base64("k", &STANDARD.encode([1_u8; 32])).expect("key");
        let licensing = Licensing::new(key, 30);
        let expires_at = 100 * DAY_SECONDS;
        let cases = [
            (expires_at - 11 * DAY_SECONDS, false),
            (expires_at - 10 * DAY_SECONDS, true),
            (expires_at, true),
            (expires_at + DAY_SECONDS, true),
        ];
        for (now, due) in cases {
            assert_eq!(
                licensing.is_due_for_renewal(expires_at, now),
                due,
                "{} days before expiry",
                (expires_at - now) / DAY_SECONDS
            );
        }
        let edge = licensing.renews_licenses_expiring_by(expires_at - 10 * DAY_SECONDS);
        assert_eq!(edge, expires_at, "the edge is the last expiry still due");
        assert!(
            !format!("{licensing:?}").contains("SigningKey {"),
            "the key never reaches a log"
        );
    }
}
