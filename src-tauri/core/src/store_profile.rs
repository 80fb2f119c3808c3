//! The store's own data, as its receipts and PIX codes carry it: name, CNPJ, address,
//! receipt footer, PIX key and city, and the store's UTC offset for receipt times. The
//! owner or a manager edits it; everything is checked first and saved in one
//! transaction with an audit row holding the before and after, so a refused edit
//! changes nothing and an accepted one is never half applied.

use fflow_protocol::tax_id::{Cnpj, Cpf};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::people::{TillUser, require_active_user};
use crate::receipt::{
    PIX_CITY, PIX_KEY, RECEIPT_FOOTER, STORE_ADDRESS, STORE_CNPJ, STORE_NAME, UTC_OFFSET_MINUTES,
};
use crate::records::{AuditEntry, append_to_audit_log, now_millis};
use crate::settings::{read_setting, set_setting};
use crate::{CoreError, StoreDatabase};

/// Brazil's offset (UTC−3) when none was set.
pub const DEFAULT_UTC_OFFSET_MINUTES: i32 = -180;
const LONGEST_NAME: usize = 60;
const LONGEST_ADDRESS: usize = 200;
const LONGEST_FOOTER: usize = 300;
/// The EMV merchant city field holds at most 15 characters.
const LONGEST_PIX_CITY: usize = 15;

/// The store's data; empty text means "not set".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreProfile {
    pub name: String,
    /// Normalized digits (or the 2026 alphanumeric form), or empty.
    pub cnpj: String,
    pub address: String,
    pub receipt_footer: String,
    /// CPF/CNPJ digits, e-mail, `+55…` phone or a random (EVP) key, or empty.
    pub pix_key: String,
    pub pix_city: String,
    pub utc_offset_minutes: i32,
}

/// The saved profile.
pub fn store_profile(database: &StoreDatabase) -> Result<StoreProfile, CoreError> {
    database.read(read_profile)
}

/// Checks `profile`, then saves it for `actor` (the owner or a manager) with an audit
/// row; answers the profile as stored (normalized).
pub fn save_store_profile(
    database: &StoreDatabase,
    actor_id: &str,
    profile: &StoreProfile,
) -> Result<StoreProfile, CoreError> {
    let checked = checked(profile)?;
    database.write(|transaction| {
        let actor: TillUser = require_active_user(transaction, actor_id)?;
        if !actor.role.approves() {
            return Err(CoreError::ManagerApprovalRequired {
                action: "changing the store's data",
            });
        }
        let before = read_profile(transaction)?;
        for (key, value) in [
            (STORE_NAME, checked.name.as_str()),
            (STORE_CNPJ, checked.cnpj.as_str()),
            (STORE_ADDRESS, checked.address.as_str()),
            (RECEIPT_FOOTER, checked.receipt_footer.as_str()),
            (PIX_KEY, checked.pix_key.as_str()),
            (PIX_CITY, checked.pix_city.as_str()),
        ] {
            set_setting(transaction, key, value)?;
        }
        set_setting(
            transaction,
            UTC_OFFSET_MINUTES,
            &checked.utc_offset_minutes.to_string(),
        )?;
        append_to_audit_log(
            transaction,
            &AuditEntry {
                actor_id: Some(&actor.id),
                approved_by: None,
                action: "store_profile.changed",
                entity: "store",
                entity_id: "profile",
                before: Some(json!(before)),
                after: Some(json!(checked)),
                occurred_at: now_millis(),
            },
        )?;
        Ok(checked.clone())
    })
}

fn read_profile(connection: &Connection) -> Result<StoreProfile, CoreError> {
    let text = |key: &str| Ok::<_, CoreError>(read_setting(connection, key)?.unwrap_or_default());
    Ok(StoreProfile {
        name: text(STORE_NAME)?,
        cnpj: text(STORE_CNPJ)?,
        address: text(STORE_ADDRESS)?,
        receipt_footer: text(RECEIPT_FOOTER)?,
        pix_key: text(PIX_KEY)?,
        pix_city: text(PIX_CITY)?,
        utc_offset_minutes: read_setting(connection, UTC_OFFSET_MINUTES)?
            .and_then(|minutes| minutes.trim().parse().ok())
            .unwrap_or(DEFAULT_UTC_OFFSET_MINUTES),
    })
}

fn invalid(field: &'static str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field,
        reason: reason.to_owned(),
    }
}

fn bounded(field: &'static str, text: &str, longest: usize) -> Result<String, CoreError> {
    let text = text.trim();
    if text.chars().count() > longest {
        return Err(invalid(
            field,
            &format!(
                "at most {longest} characters, this has {}",
                text.chars().count()
            ),
        ));
    }
    Ok(text.to_owned())
}

/// The profile trimmed and normalized, or the first thing wrong with it.
fn checked(profile: &StoreProfile) -> Result<StoreProfile, CoreError> {
    let name = bounded("store_name", &profile.name, LONGEST_NAME)?;
    if name.is_empty() {
        return Err(invalid(
            "store_name",
            "the store needs a name for its receipts",
        ));
    }
    let cnpj = match profile.cnpj.trim() {
        "" => String::new(),
        text => Cnpj::parse(text)?.as_str().to_owned(),
    };
    let pix_key = normalized_pix_key(&profile.pix_key)?;
    let pix_city = bounded("pix_city", &profile.pix_city, LONGEST_PIX_CITY)?;
    if !pix_key.is_empty() && pix_city.is_empty() {
        return Err(invalid(
            "pix_city",
            "a PIX code names the store's city; set it with the PIX key",
        ));
    }
    if !(-720..=840).contains(&profile.utc_offset_minutes) {
        return Err(invalid(
            "utc_offset_minutes",
            "an offset from UTC between -12:00 and +14:00",
        ));
    }
    Ok(StoreProfile {
        name,
        cnpj,
        address: bounded("store_address", &profile.address, LONGEST_ADDRESS)?,
        receipt_footer: bounded("receipt_footer", &profile.receipt_footer, LONGEST_FOOTER)?,
        pix_key,
        pix_city,
        utc_offset_minutes: profile.utc_offset_minutes,
    })
}

/// A PIX key in the form the BR Code carries: e-mail in lower case, `+55` and digits for
/// a phone, bare digits for CPF or CNPJ, a random key as its 36-character UUID.
pub fn normalized_pix_key(text: &str) -> Result<String, CoreError> {
    let key = text.trim();
    if key.is_empty() {
        return Ok(String::new());
    }
    if key.contains('@') {
        let (user, domain) = key.split_once('@').unwrap_or_default();
        if user.is_empty() || !domain.contains('.') || key.len() > 77 || key.contains(' ') {
            return Err(invalid(
                "pix_key",
                "this e-mail key does not look like an e-mail address",
            ));
        }
        return Ok(key.to_lowercase());
    }
    if let Some(number) = key.strip_prefix('+') {
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        if !digits.starts_with("55") || !(12..=13).contains(&digits.len()) {
            return Err(invalid(
                "pix_key",
                "a phone key is +55, the area code and the number, such as +5511912345678",
            ));
        }
        return Ok(format!("+{digits}"));
    }
    if uuid::Uuid::try_parse(key).is_ok() && key.len() == 36 {
        return Ok(key.to_lowercase());
    }
    let digits: String = key.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        11 => Ok(Cpf::parse(&digits)?.as_str().to_owned()),
        14 => Ok(Cnpj::parse(&digits)?.as_str().to_owned()),
        _ => Err(invalid(
            "pix_key",
            "a PIX key is a CPF, a CNPJ, an e-mail, a +55 phone or a random key",
        )),
    }
}
