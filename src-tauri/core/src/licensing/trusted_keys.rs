//! The public keys a license may be signed with, by `kid`.
//!
//! Release builds trust only the keys compiled in below. Debug builds also trust the keys
//! in `FFLOW_DEV_LICENSE_PUBLIC_KEYS` (a development hub signs with its own key), and a
//! build with the `test-support` feature trusts the fixed test key of
//! [`super::test_support`]. The set is read once per process.

use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::VerifyingKey;
use fflow_protocol::license::LicenseVerifyingKeys;

/// `(kid, base64 public key)` of the production license keys. Empty until the production
/// hub's key is made; a new key is added here before the hub starts signing with it, and
/// a retired one stays until every license it signed has expired.
const BUILT_IN_LICENSE_KEYS: &[(&str, &str)] = &[];

/// Debug builds only: extra trusted keys, `kid:base64pubkey,kid2:base64pubkey2`.
pub const DEV_LICENSE_KEYS_ENV: &str = "FFLOW_DEV_LICENSE_PUBLIC_KEYS";

static TRUSTED_KEYS: LazyLock<LicenseVerifyingKeys> = LazyLock::new(build_trusted_keys);

/// The keys this build trusts.
pub fn trusted_license_keys() -> &'static LicenseVerifyingKeys {
    &TRUSTED_KEYS
}

fn build_trusted_keys() -> LicenseVerifyingKeys {
    #[cfg(debug_assertions)]
    let development_list = std::env::var(DEV_LICENSE_KEYS_ENV).ok();
    #[cfg(not(debug_assertions))]
    let development_list: Option<String> = None;
    #[allow(unused_mut)] // Only builds with `test-support` add to it below.
    let mut keys = keys_from(BUILT_IN_LICENSE_KEYS, development_list.as_deref());
    #[cfg(feature = "test-support")]
    keys.insert(
        super::test_support::TEST_LICENSE_KID,
        super::test_support::test_license_signing_key().verifying_key(),
    );
    keys
}

/// The built-in keys plus the development list (which release builds never pass).
fn keys_from(built_in: &[(&str, &str)], development_list: Option<&str>) -> LicenseVerifyingKeys {
    let mut keys = LicenseVerifyingKeys::new();
    for (kid, key) in built_in {
        match parse_public_key(key) {
            Ok(key) => keys.insert(*kid, key),
            Err(problem) => tracing::error!(kid, problem, "a built-in license key is invalid"),
        }
    }
    for entry in development_list.map(parse_key_list).unwrap_or_default() {
        match entry {
            Ok((kid, key)) => {
                tracing::info!(kid, "trusting a development license key");
                keys.insert(kid, key);
            }
            Err(problem) => tracing::warn!(
                variable = DEV_LICENSE_KEYS_ENV,
                problem,
                "ignoring an entry"
            ),
        }
    }
    keys
}

/// Reads `kid:base64pubkey` entries separated by commas; each entry gives a key or the
/// reason it was refused (blank entries are skipped).
pub fn parse_key_list(list: &str) -> Vec<Result<(String, VerifyingKey), String>> {
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (kid, key) = entry
                .split_once(':')
                .ok_or_else(|| format!("{entry:?} is not kid:base64pubkey"))?;
            let kid = kid.trim();
            if kid.is_empty() {
                return Err(format!("{entry:?} has no kid"));
            }
            let key =
                parse_public_key(key.trim()).map_err(|problem| format!("{kid}: {problem}"))?;
            Ok((kid.to_owned(), key))
        })
        .collect()
}

fn parse_public_key(text: &str) -> Result<VerifyingKey, &'static str> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| "the public key is not base64")?;
    let bytes: [u8; 32] = bytes
        .try_into()
        .map_err(|_| "an Ed25519 public key is 32 bytes")?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| "not a valid Ed25519 public key")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(list: &str, expected_kids: &[Result<&str, &str>]) {
        let parsed = parse_key_list(list);
        assert_eq!(parsed.len(), expected_kids.len(), "entries of {list:?}");
        for (entry, expected) in parsed.iter().zip(expected_kids) {
            match (entry, expected) {
                (Ok((kid, _)), Ok(expected_kid)) => assert_eq!(kid, expected_kid),
                (Err(problem), Err(expected_problem)) => assert!(
                    problem.contains(expected_problem),
                    "{problem:?} should mention {expected_problem:?}"
                ),
                _ => panic!("{list:?}: got {entry:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn built_in_and_development_keys_are_trusted_by_kid() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
        let encoded = STANDARD.encode(key.to_bytes());
        let keys = keys_from(
            &[("prod-1", encoded.as_str()), ("broken", "AAAA")],
            Some(&format!("dev-1:{encoded},junk")),
        );
        assert_eq!(keys.get("prod-1"), Some(&key));
        assert_eq!(keys.get("dev-1"), Some(&key));
        assert_eq!(
            keys.get("broken"),
            None,
            "an invalid key is skipped, not trusted"
        );
        assert_eq!(
            keys_from(&[], None),
            LicenseVerifyingKeys::new(),
            "without a development list only built-in keys count"
        );
    }

    #[cfg(feature = "test-support")]
    #[test]
    fn test_support_builds_trust_the_test_key() {
        assert!(
            trusted_license_keys()
                .get(crate::licensing::test_support::TEST_LICENSE_KID)
                .is_some()
        );
    }

    #[test]
    fn the_development_key_list_is_read_entry_by_entry() {
        let key = STANDARD.encode(
            ed25519_dalek::SigningKey::from_bytes(&[7; 32])
                .verifying_key()
                .to_bytes(),
        );
        check(&format!("dev-1:{key}"), &[Ok("dev-1")]);
        check(
            &format!(" dev-1:{key} , dev-2:{key},"),
            &[Ok("dev-1"), Ok("dev-2")],
        );
        check("", &[]);
        check("no-colon", &[Err("is not kid:base64pubkey")]);
        check(&format!(":{key}"), &[Err("has no kid")]);
        check("dev-1:***", &[Err("not base64")]);
        check("dev-1:AAAA", &[Err("32 bytes")]);
        check(
            &format!("bad:AAAA,good:{key}"),
            &[Err("32 bytes"), Ok("good")],
        );
    }
}
