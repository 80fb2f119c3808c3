//! Licensed stores for tests, behind the `test-support` feature: a fixed signing key that
//! such builds trust, and functions that activate a store's database with it.
//!
//! The key's private half is in this file, so a build with this feature accepts licenses
//! anyone can make: the feature is for tests and benchmarks only (it is switched on by
//! dev-dependencies, never by a normal build). A debug app that was built without it can
//! be told to trust the key with `FFLOW_DEV_LICENSE_PUBLIC_KEYS`; see
//! [`test_license_public_key_base64`].

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::SigningKey;
use fflow_protocol::license::{
    Entitlements, LicenseClaims, LicenseSigningKey, LicenseStatus, sign_license,
};
use uuid::Uuid;

use super::device_identity::{DeviceKeyLocation, open_device_identity};
use super::storage::{LICENSE_ISSUER, LicenseReport, install_license};
use super::trusted_time::system_now;
use crate::{CoreError, StoreDatabase};

/// The `kid` of the test key.
pub const TEST_LICENSE_KID: &str = "fflow-test";
const TEST_SIGNING_SEED: [u8; 32] = *b"fflow-test-license-signing-key!!";
const DAY: i64 = 24 * 60 * 60;

/// The test signing key.
pub fn test_license_signing_key() -> LicenseSigningKey {
    LicenseSigningKey::new(TEST_LICENSE_KID, SigningKey::from_bytes(&TEST_SIGNING_SEED))
}

/// `kid:base64pubkey` of the test key, the form `FFLOW_DEV_LICENSE_PUBLIC_KEYS` takes.
pub fn test_license_public_key_entry() -> String {
    format!("{TEST_LICENSE_KID}:{}", test_license_public_key_base64())
}

/// The test key's public half, base64.
pub fn test_license_public_key_base64() -> String {
    STANDARD.encode(test_license_signing_key().verifying_key().to_bytes())
}

/// Claims of a year-long active license for `device`, issued a minute ago, with room for
/// 50 till users and a million products.
pub fn test_license_claims(device: Uuid) -> LicenseClaims {
    let now = system_now();
    LicenseClaims {
        iss: LICENSE_ISSUER.to_owned(),
        device,
        tenant: Uuid::nil(),
        plan: "test".to_owned(),
        entitlements: Entitlements {
            features: vec![],
            max_users: 50,
            max_products: 1_000_000,
            max_devices: 1,
        },
        seats: 1,
        iat: now - 60,
        nbf: now - 60,
        exp: now + 365 * DAY,
        grace_days: 7,
        status: LicenseStatus::Active,
    }
}

/// `claims` signed with the test key.
pub fn sign_test_license(claims: &LicenseClaims) -> Result<String, CoreError> {
    sign_license(claims, &test_license_signing_key()).map_err(CoreError::LicenseRejected)
}

/// Activates the store of `database`: makes its device identity (key in a file in the
/// database's folder, never the OS keyring) and installs a test license.
pub fn install_license_for_tests(database: &StoreDatabase) -> Result<LicenseReport, CoreError> {
    install_test_license_with(database, |_| {})
}

/// Like [`install_license_for_tests`], with the claims changed by `adjust` first.
pub fn install_test_license_with(
    database: &StoreDatabase,
    adjust: impl FnOnce(&mut LicenseClaims),
) -> Result<LicenseReport, CoreError> {
    let data_folder = database.path().parent().unwrap_or(Path::new("."));
    let identity = open_device_identity(
        database,
        DeviceKeyLocation {
            data_folder,
            use_os_keyring: false,
        },
    )?;
    let mut claims = test_license_claims(identity.device_id);
    adjust(&mut claims);
    install_license(database, &sign_test_license(&claims)?)
}
