//! Access tokens: short-lived bearer tokens naming a tenant, a user and a role, signed with
//! HMAC-SHA256 under a key from configuration. Only the hub issues and checks them, so a
//! symmetric key suffices; the time is always passed in, so expiry is tested without
//! waiting.
//!
//! Form: `fa1.<claims>.<mac>`, both parts base64url without padding, the MAC over
//! `fa1.<claims>`. The version prefix lets a later format be told apart.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

/// How long an access token works. Short, because it cannot be revoked: ending a session
/// revokes its refresh token, and the access token dies within this time.
pub const ACCESS_TOKEN_LIFETIME_SECONDS: i64 = 15 * 60;

const PREFIX: &str = "fa1.";

/// A key shorter than SHA-256's output would make the MAC weaker than its hash.
pub const MINIMUM_KEY_BYTES: usize = 32;

/// Bounds the work done on input before the MAC is checked.
const MAXIMUM_TOKEN_BYTES: usize = 4 * 1024;

/// The secret that signs access tokens. `Debug` never shows it.
#[derive(Clone)]
pub struct AccessTokenKey(Vec<u8>);

impl fmt::Debug for AccessTokenKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("AccessTokenKey(<hidden>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenKeyError {
    #[error("it is not base64")]
    NotBase64,
    #[error("it holds {found} bytes; at least {MINIMUM_KEY_BYTES} are needed")]
    TooShort { found: usize },
}

impl AccessTokenKey {
    /// Reads a key written as standard base64, as `openssl rand -base64 32` prints it.
    pub fn from_base64(text: &str) -> Result<Self, AccessTokenKeyError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| AccessTokenKeyError::NotBase64)?;
        if bytes.len() < MINIMUM_KEY_BYTES {
            return Err(AccessTokenKeyError::TooShort { found: bytes.len() });
        }
        Ok(AccessTokenKey(bytes))
    }

    /// A fresh random key, for tests and for a hub that must not share tokens with any
    /// other process.
    pub fn generate() -> Self {
        let mut bytes = vec![0_u8; MINIMUM_KEY_BYTES];
        OsRng.fill_bytes(&mut bytes);
        AccessTokenKey(bytes)
    }

    fn mac_of(&self, signed_part: &str) -> Hmac<Sha256> {
        // HMAC takes keys of any length, and ours has at least 32 bytes.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
        mac.update(signed_part.as_bytes());
        mac
    }
}

/// What an access token says. Times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessClaims {
    pub tenant: Uuid,
    pub user: Uuid,
    pub role: String,
    pub issued_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenError {
    #[error("the access token is malformed")]
    Malformed,
    #[error("the access token's signature does not match")]
    BadSignature,
    #[error("the access token expired; refresh the session")]
    Expired,
}

/// Signs `claims` into a token.
pub fn issue_access_token(key: &AccessTokenKey, claims: &AccessClaims) -> String {
    seal(key, PREFIX, claims)
}

/// Checks `token`'s signature and that it has not expired at `now` (Unix seconds), and
/// returns its claims.
pub fn verify_access_token(
    key: &AccessTokenKey,
    token: &str,
    now: i64,
) -> Result<AccessClaims, AccessTokenError> {
    let claims: AccessClaims = open(key, PREFIX, token)?;
    if now >= claims.expires_at {
        return Err(AccessTokenError::Expired);
    }
    Ok(claims)
}

/// Signs `claims` as `<prefix><claims>.<mac>`. Other hub tokens (device tokens) use this
/// form with their own prefix; the prefix is under the MAC, so one kind of token can never
/// pass for another.
pub(crate) fn seal<C: Serialize>(key: &AccessTokenKey, prefix: &str, claims: &C) -> String {
    // Serializing a struct of strings and numbers cannot fail.
    let json = serde_json::to_vec(claims).unwrap_or_default();
    let signed_part = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(json));
    let mac = key.mac_of(&signed_part).finalize().into_bytes();
    format!("{signed_part}.{}", URL_SAFE_NO_PAD.encode(mac))
}

/// Checks a token sealed with `prefix` and returns its claims; expiry is the caller's.
pub(crate) fn open<C: DeserializeOwned>(
    key: &AccessTokenKey,
    prefix: &str,
    token: &str,
) -> Result<C, AccessTokenError> {
    if token.len() > MAXIMUM_TOKEN_BYTES || !token.starts_with(prefix) {
        return Err(AccessTokenError::Malformed);
    }
    let (signed_part, mac_text) = token.rsplit_once('.').ok_or(AccessTokenError::Malformed)?;
    let mac = URL_SAFE_NO_PAD
        .decode(mac_text)
        .map_err(|_| AccessTokenError::Malformed)?;
    // Checked before the claims are even decoded: nothing an attacker wrote is parsed
    // unless we signed it. `verify_slice` compares in constant time.
    key.mac_of(signed_part)
        .verify_slice(&mac)
        .map_err(|_| AccessTokenError::BadSignature)?;
    let claims_text = &signed_part[prefix.len()..];
    let json = URL_SAFE_NO_PAD
        .decode(claims_text)
        .map_err(|_| AccessTokenError::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| AccessTokenError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> AccessClaims {
        AccessClaims {
            tenant: Uuid::now_v7(),
            user: Uuid::now_v7(),
            role: "admin".to_owned(),
            issued_at: 1_000,
            expires_at: 1_000 + ACCESS_TOKEN_LIFETIME_SECONDS,
        }
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let key = AccessTokenKey::generate();
        let token = issue_access_token(&key, &claims());
        let expires_at = claims().expires_at;
        let cases = [
            (1_000, Ok(claims())),
            (expires_at - 1, Ok(claims())),
            (expires_at, Err(AccessTokenError::Expired)),
        ];
        for (now, expected) in cases {
            let got = verify_access_token(&key, &token, now).map(|mut got| {
                // The ids are fresh per call of `claims()`; compare the rest.
                got.tenant = Uuid::nil();
                got.user = Uuid::nil();
                got
            });
            let expected = expected.map(|mut claims| {
                claims.tenant = Uuid::nil();
                claims.user = Uuid::nil();
                claims
            });
            assert_eq!(got, expected, "at {now}");
        }
    }

    #[test]
    fn forged_and_altered_tokens_are_refused() {
        let key = AccessTokenKey::generate();
        let token = issue_access_token(&key, &claims());
        let (signed_part, mac) = token.rsplit_once('.').expect("three parts");
        let mut owner_claims = claims();
        owner_claims.role = "owner".to_owned();
        let promoted = format!(
            "{PREFIX}{}.{mac}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&owner_claims).expect("json"))
        );
        let cases = [
            (
                issue_access_token(&AccessTokenKey::generate(), &claims()),
                AccessTokenError::BadSignature,
            ),
            (promoted, AccessTokenError::BadSignature),
            (
                format!("{signed_part}.AAAA"),
                AccessTokenError::BadSignature,
            ),
            (
                token.replacen("fa1.", "fa2.", 1),
                AccessTokenError::Malformed,
            ),
            ("not a token".to_owned(), AccessTokenError::Malformed),
            (String::new(), AccessTokenError::Malformed),
        ];
        for (forged, expected) in cases {
            assert_eq!(
                verify_access_token(&key, &forged, 1_000),
                Err(expected.clone()),
                "{forged:?} must be refused as {expected:?}"
            );
        }
    }

    #[test]
    fn keys_come_from_base64_of_at_least_32_bytes() {
        assert!(AccessTokenKey::from_base64(&STANDARD.encode([7_u8; 32])).is_ok());
        assert_eq!(
            AccessTokenKey::from_base64(&STANDARD.encode([7_u8; 16])).err(),
            Some(AccessTokenKeyError::TooShort { found: 16 })
        );
        assert_eq!(
            AccessTokenKey::from_base64("not base64!").err(),
            Some(AccessTokenKeyError::NotBase64)
        );
        assert_eq!(
            format!("{:?}", AccessTokenKey::generate()),
            "AccessTokenKey(<hidden>)",
            "the key must never reach a log"
        );
    }
}
