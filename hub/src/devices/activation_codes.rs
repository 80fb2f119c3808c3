//! Activation codes: 16 characters of Crockford base32 (80 random bits), shown once as
//! `XXXX-XXXX-XXXX-XXXX` and stored only as a SHA-256 of their normalized form.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use fflow_protocol::ActivationCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Transaction};

use super::DeviceError;
use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::tenancy::TenantId;

/// How long a code works when its creator does not say.
pub const ACTIVATION_CODE_DEFAULT_HOURS: u32 = 72;
/// Codes are meant to be typed soon; a month-old code lying around is a risk.
pub const ACTIVATION_CODE_MAXIMUM_HOURS: u32 = 30 * 24;

/// Crockford's base32: no I, L, O or U, so what people read aloud or retype survives.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH: usize = 16;

/// A fresh code, grouped in fours for reading.
fn generate_code() -> String {
    let mut bytes = [0_u8; CODE_LENGTH];
    OsRng.fill_bytes(&mut bytes);
    let characters: Vec<char> = bytes
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(byte % 32)]))
        .collect();
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as typed, made canonical: case, dashes and spaces ignored, and the letters
/// Crockford reads as digits (O as 0, I and L as 1) mapped to them.
pub(super) fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

pub(super) fn code_hash(typed: &str) -> Vec<u8> {
    Sha256::digest(normalize_code(typed).as_bytes()).to_vec()
}

/// Creates a code for the tenant of `transaction`, valid for `valid_for_hours` from `now`
/// (Unix seconds), records who made it (never the code) and returns the code to show once.
pub async fn create_activation_code(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    valid_for_hours: Option<u32>,
    actor_kind: ActorKind,
    actor: &str,
    now: i64,
) -> Result<ActivationCode, DeviceError> {
    let hours = valid_for_hours.unwrap_or(ACTIVATION_CODE_DEFAULT_HOURS);
    if !(1..=ACTIVATION_CODE_MAXIMUM_HOURS).contains(&hours) {
        return Err(DeviceError::InvalidRequest(format!(
            "valid_for_hours must be from 1 to {ACTIVATION_CODE_MAXIMUM_HOURS}, not {hours}"
        )));
    }
    let code = generate_code();
    let expires_at = now + i64::from(hours) * 60 * 60;
    sqlx::query(
        "INSERT INTO activation_codes (tenant_id, code_hash, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5))",
    )
    .bind(tenant.0)
    .bind(code_hash(&code))
    .bind(actor)
    .bind(now as f64)
    .bind(expires_at as f64)
    .execute(&mut **transaction)
    .await?;
    append_audit(
        transaction,
        AuditEntry {
            tenant,
            actor_kind,
            actor,
            action: "device.activation_code_create",
            reason: None,
            before: None,
            after: Some(json!({ "expires_at": expires_at })),
        },
    )
    .await?;
    Ok(ActivationCode { code, expires_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_crockford_and_survive_retyping() {
        let code = generate_code();
        assert_eq!(
            code.len(),
            19,
            "{code}: four groups of four and three dashes"
        );
        assert!(
            normalize_code(&code)
                .bytes()
                .all(|byte| ALPHABET.contains(&byte)),
            "{code}"
        );
        assert_ne!(code, generate_code(), "each code is fresh");
        let cases = [
            ("ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"),
            (" abcd efgh-jkmn-pqrs ", "ABCDEFGHJKMNPQRS"),
            ("O0IL-1111-0000-0000", "0011111100000000"),
        ];
        for (typed, canonical) in cases {
            assert_eq!(normalize_code(typed), canonical, "{typed:?}");
            assert_eq!(code_hash(typed), code_hash(canonical));
        }
    }
}
