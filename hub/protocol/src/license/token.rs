//! Signing and verifying the compact JWS form: `header.payload.signature`, each part
//! base64url without padding, the signature an Ed25519 signature over `header.payload`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::claims::{LicenseClaims, UnixSeconds};
use super::keys::{LicenseSigningKey, LicenseVerifyingKeys};

/// How far ahead of the verifier's clock a token's `nbf` may be: the hub and a store
/// rarely agree to the second, and a fresh license must not be refused for it.
pub const CLOCK_SKEW_LEEWAY_SECONDS: i64 = 5 * 60;

/// Far above any real license; refusing longer input bounds the work an attacker can
/// cause before the signature is checked.
const MAXIMUM_TOKEN_BYTES: usize = 16 * 1024;

/// The algorithm written when signing. `Ed25519` is accepted too when verifying: it is the
/// name newer JOSE specifications give the same algorithm.
const ALGORITHM: &str = "EdDSA";
const ACCEPTED_ALGORITHMS: [&str; 2] = ["EdDSA", "Ed25519"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenseError {
    #[error("the license token is malformed: {0}")]
    Malformed(&'static str),
    #[error("the license token uses algorithm {0:?}; only EdDSA (Ed25519) is accepted")]
    UnsupportedAlgorithm(String),
    #[error("the license token names no signing key (kid)")]
    MissingKeyId,
    #[error("the license token was signed with key {0:?}, which is not trusted here")]
    UnknownKey(String),
    #[error("the license token's signature does not match its contents")]
    BadSignature,
    #[error("the license was issued by {found:?}, not by {expected:?}")]
    WrongIssuer { expected: String, found: String },
    #[error("the license belongs to device {found}, not to this device ({expected})")]
    WrongDevice { expected: Uuid, found: Uuid },
    #[error("the license is not valid before {nbf} (now {now})")]
    NotYetValid { nbf: UnixSeconds, now: UnixSeconds },
    #[error("the license expired at {exp} and its grace period ended at {grace_ended_at}")]
    Expired {
        exp: UnixSeconds,
        grace_ended_at: UnixSeconds,
    },
    #[error("the license claims could not be encoded: {0}")]
    Encoding(String),
}

impl LicenseError {
    /// A stable code for `{code, message}` bodies and for the store's UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            LicenseError::Malformed(_) => "license_malformed",
            LicenseError::UnsupportedAlgorithm(_) => "license_unsupported_algorithm",
            LicenseError::MissingKeyId | LicenseError::UnknownKey(_) => "license_unknown_key",
            LicenseError::BadSignature => "license_bad_signature",
            LicenseError::WrongIssuer { .. } => "license_wrong_issuer",
            LicenseError::WrongDevice { .. } => "license_wrong_device",
            LicenseError::NotYetValid { .. } => "license_not_yet_valid",
            LicenseError::Expired { .. } => "license_expired",
            LicenseError::Encoding(_) => "license_encoding",
        }
    }
}

/// The JOSE header. Fields not listed are ignored, except `crit`: a token that demands an
/// extension we do not implement must be refused (RFC 7515, section 4.1.11).
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
    #[serde(default, skip_serializing)]
    crit: Option<serde_json::Value>,
}

/// What the verifier requires besides a good signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseExpectations<'a> {
    pub issuer: &'a str,
    /// The device verifying its own license passes its id, so a license copied from
    /// another device is refused. The hub, checking any device's token, passes `None`.
    pub device: Option<Uuid>,
    /// The verifier's idea of now; see the module documentation.
    pub now: UnixSeconds,
}

/// Where a verified license stands at the time it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Valid,
    /// Past `exp` but within the grace days: the store keeps selling and counts down.
    InGrace {
        grace_ends_at: UnixSeconds,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedLicense {
    pub kid: String,
    pub claims: LicenseClaims,
    pub standing: Standing,
}

/// Signs `claims` into a compact JWS with header `{"alg":"EdDSA","typ":"JWT","kid":...}`.
pub fn sign_license(
    claims: &LicenseClaims,
    key: &LicenseSigningKey,
) -> Result<String, LicenseError> {
    let header = Header {
        alg: ALGORITHM.to_owned(),
        typ: Some("JWT".to_owned()),
        kid: Some(key.kid().to_owned()),
        crit: None,
    };
    let header = serde_json::to_vec(&header).map_err(|e| LicenseError::Encoding(e.to_string()))?;
    let payload = serde_json::to_vec(claims).map_err(|e| LicenseError::Encoding(e.to_string()))?;
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = key.signing_key().sign(signing_input.as_bytes());
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature.to_bytes())
    ))
}

/// Verifies `token` against the trusted `keys` and `expected`, in an order that never
/// reads claims before their signature is proven: shape, header, key, signature, then
/// issuer, device and time.
pub fn verify_license(
    token: &str,
    keys: &LicenseVerifyingKeys,
    expected: &LicenseExpectations<'_>,
) -> Result<VerifiedLicense, LicenseError> {
    if token.len() > MAXIMUM_TOKEN_BYTES {
        return Err(LicenseError::Malformed("longer than any license"));
    }
    let mut parts = token.split('.');
    let (Some(header_part), Some(payload_part), Some(signature_part), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(LicenseError::Malformed(
            "a compact JWS has exactly three parts",
        ));
    };

    let header_bytes = decode_part(header_part, "the header is not base64url")?;
    let header: Header = serde_json::from_slice(&header_bytes)
        .map_err(|_| LicenseError::Malformed("the header is not a JOSE header"))?;
    if !ACCEPTED_ALGORITHMS.contains(&header.alg.as_str()) {
        return Err(LicenseError::UnsupportedAlgorithm(header.alg));
    }
    if header.crit.is_some() {
        return Err(LicenseError::Malformed(
            "the header demands unsupported extensions",
        ));
    }
    let kid = header.kid.ok_or(LicenseError::MissingKeyId)?;
    let key = keys
        .get(&kid)
        .ok_or_else(|| LicenseError::UnknownKey(kid.clone()))?;

    let signature_bytes = decode_part(signature_part, "the signature is not base64url")?;
    let signature = Signature::from_slice(&signature_bytes)
        .map_err(|_| LicenseError::Malformed("an Ed25519 signature is 64 bytes"))?;
    let signing_input = &token[..header_part.len() + 1 + payload_part.len()];
    // Strict verification also refuses malleable signatures and small-order keys.
    key.verify_strict(signing_input.as_bytes(), &signature)
        .map_err(|_| LicenseError::BadSignature)?;

    let payload_bytes = decode_part(payload_part, "the payload is not base64url")?;
    let claims: LicenseClaims = serde_json::from_slice(&payload_bytes)
        .map_err(|_| LicenseError::Malformed("the payload is not license claims"))?;
    check_claims(&claims, expected)?;
    let standing = standing_at(&claims, expected.now)?;
    Ok(VerifiedLicense {
        kid,
        claims,
        standing,
    })
}

fn decode_part(part: &str, problem: &'static str) -> Result<Vec<u8>, LicenseError> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| LicenseError::Malformed(problem))
}

fn check_claims(
    claims: &LicenseClaims,
    expected: &LicenseExpectations<'_>,
) -> Result<(), LicenseError> {
    if claims.iss != expected.issuer {
        return Err(LicenseError::WrongIssuer {
            expected: expected.issuer.to_owned(),
            found: claims.iss.clone(),
        });
    }
    if let Some(device) = expected.device
        && claims.device != device
    {
        return Err(LicenseError::WrongDevice {
            expected: device,
            found: claims.device,
        });
    }
    Ok(())
}

fn standing_at(claims: &LicenseClaims, now: UnixSeconds) -> Result<Standing, LicenseError> {
    if now.saturating_add(CLOCK_SKEW_LEEWAY_SECONDS) < claims.nbf {
        return Err(LicenseError::NotYetValid {
            nbf: claims.nbf,
            now,
        });
    }
    if now < claims.exp {
        return Ok(Standing::Valid);
    }
    let grace_ends_at = claims.grace_ends_at();
    if now < grace_ends_at {
        Ok(Standing::InGrace { grace_ends_at })
    } else {
        Err(LicenseError::Expired {
            exp: claims.exp,
            grace_ended_at: grace_ends_at,
        })
    }
}
