//! The keys that sign and verify licenses, named by `kid` so the hub can rotate its key
//! while tokens signed with the previous one stay valid.

use std::collections::BTreeMap;
use std::fmt;

use ed25519_dalek::{SigningKey, VerifyingKey};

/// The hub's private signing key and the `kid` its tokens carry. `Debug` shows only the
/// `kid`, so the key never reaches a log.
pub struct LicenseSigningKey {
    kid: String,
    key: SigningKey,
}

impl LicenseSigningKey {
    pub fn new(kid: impl Into<String>, key: SigningKey) -> Self {
        LicenseSigningKey {
            kid: kid.into(),
            key,
        }
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }
}

impl fmt::Debug for LicenseSigningKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("LicenseSigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// The public keys a verifier trusts, by `kid`: the current one and those being retired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LicenseVerifyingKeys {
    by_kid: BTreeMap<String, VerifyingKey>,
}

impl LicenseVerifyingKeys {
    pub fn new() -> Self {
        Self::default()
    }

    /// Trusts `key` for tokens whose header names `kid`, replacing any key of that name.
    pub fn insert(&mut self, kid: impl Into<String>, key: VerifyingKey) {
        self.by_kid.insert(kid.into(), key);
    }

    pub fn get(&self, kid: &str) -> Option<&VerifyingKey> {
        self.by_kid.get(kid)
    }
}
