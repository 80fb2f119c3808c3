//! The stored license: installing a token the hub sent, and validating it offline against
//! the trusted keys, this device's id, the reported instance status and trusted time.
//!
//! The token is verified again whenever it is used, so editing the database grants
//! nothing. The last verification is remembered in memory by token and device (a sale
//! then pays a string comparison, not a signature check); time is applied on every use.

use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fflow_protocol::license::{
    Entitlements, LicenseClaims, LicenseError, LicenseExpectations, LicenseVerifyingKeys,
    UnixSeconds, verify_license,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::clock::licensing_now;
use super::device_identity::recorded_device_id;
use super::state::{InstanceStatus, LicenseFacts, LicenseState, ReportedStatus, evaluate_license};
use super::trusted_keys::trusted_license_keys;
use super::trusted_time::{TrustedClock, raise_high_water_mark, trusted_clock};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// The `iss` every license must carry: the hub's, from the shared wire types.
pub use fflow_protocol::license::LICENSE_ISSUER;

/// What the license screen and the banner show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenseReport {
    pub state: LicenseState,
    /// The system clock was turned back (see `trusted_time`); shown until the next hub
    /// contact.
    pub clock_tampering: bool,
    pub trusted_now: UnixSeconds,
    pub device_id: Option<Uuid>,
    pub plan: Option<String>,
    pub entitlements: Option<Entitlements>,
}

/// Verifies `token` with this build's keys and stores it as this device's license,
/// replacing the one before. Refused, with nothing changed: a token that does not verify
/// (another device's, tampered, unknown key, expired), and one issued before the license
/// already installed. A license installed after a device reset re-activates the device.
pub fn install_license(database: &StoreDatabase, token: &str) -> Result<LicenseReport, CoreError> {
    database.write(|transaction| install_license_in(transaction, token))
}

/// [`install_license`] inside the caller's write transaction (a pulled `license.renewed`
/// command is installed in the transaction that records it in the inbox).
pub(crate) fn install_license_in(
    transaction: &Transaction<'_>,
    token: &str,
) -> Result<LicenseReport, CoreError> {
    let device = recorded_device_id(transaction)?.ok_or(CoreError::DeviceIdentityMissing)?;
    let clock = trusted_clock(transaction, licensing_now())?;
    let verified = verify_license(
        token,
        trusted_license_keys(),
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(device),
            now: clock.now,
        },
    )
    .map_err(CoreError::LicenseRejected)?;
    if let Some(installed) = stored_token(transaction)?
        && let Ok(installed) =
            verified_claims(&installed, trusted_license_keys(), device, clock.now)
        && verified.claims.iat < installed.iat
    {
        return Err(CoreError::LicenseOlderThanInstalled);
    }
    transaction.execute(
        "INSERT INTO license (id, token, installed_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET token = excluded.token,
             installed_at = excluded.installed_at",
        params![token, now_millis()],
    )?;
    raise_high_water_mark(transaction, verified.claims.iat)?;
    transaction.execute(
        "DELETE FROM license_instance_status WHERE status = ?1",
        [InstanceStatus::Deactivated.as_str()],
    )?;
    let snapshot = license_snapshot(transaction, licensing_now())?;
    Ok(snapshot.report(Some(device)))
}

/// The license as it stands now. Runs as a (short) write so that a clock found turned
/// back is remembered.
pub fn license_report(database: &StoreDatabase) -> Result<LicenseReport, CoreError> {
    database.write(|transaction| {
        let device = recorded_device_id(transaction)?;
        Ok(license_snapshot(transaction, licensing_now())?.report(device))
    })
}

/// The license state with what it rests on, inside a write transaction.
#[derive(Debug)]
pub(crate) struct LicenseSnapshot {
    pub state: LicenseState,
    pub claims: Option<LicenseClaims>,
    pub clock: TrustedClock,
}

impl LicenseSnapshot {
    fn report(self, device_id: Option<Uuid>) -> LicenseReport {
        LicenseReport {
            state: self.state,
            clock_tampering: self.clock.tampering,
            trusted_now: self.clock.now,
            device_id,
            plan: self.claims.as_ref().map(|claims| claims.plan.clone()),
            entitlements: self.claims.map(|claims| claims.entitlements),
        }
    }
}

pub(crate) fn license_snapshot(
    transaction: &Transaction<'_>,
    system_now: UnixSeconds,
) -> Result<LicenseSnapshot, CoreError> {
    let clock = trusted_clock(transaction, system_now)?;
    let reported = reported_status(transaction)?;
    let token = stored_token(transaction)?;
    let device = recorded_device_id(transaction)?;
    let verified = match (&token, device) {
        (None, _) => None,
        // A license without a device identity cannot be this device's.
        (Some(_), None) => Some(Err(LicenseError::Malformed(
            "this device has no identity to check the license against",
        ))),
        (Some(token), Some(device)) => Some(cached_verified_claims(token, device, clock.now)),
    };
    let state = evaluate_license(&LicenseFacts {
        license: verified.as_ref().map(Result::as_ref),
        reported,
        now: clock.now,
    });
    Ok(LicenseSnapshot {
        state,
        claims: verified.and_then(Result::ok),
        clock,
    })
}

/// Full offline validation of `token` for `device` at `now`, without the database: what
/// the P6 benchmark measures.
pub fn validate_license(
    token: &str,
    keys: &LicenseVerifyingKeys,
    device: Uuid,
    reported: Option<ReportedStatus>,
    now: UnixSeconds,
) -> LicenseState {
    let verified = verified_claims(token, keys, device, now);
    evaluate_license(&LicenseFacts {
        license: Some(verified.as_ref()),
        reported,
        now,
    })
}

struct CachedVerification {
    token: String,
    device: Uuid,
    outcome: Result<LicenseClaims, LicenseError>,
}

static LAST_VERIFICATION: Mutex<Option<CachedVerification>> = Mutex::new(None);

fn cached_verified_claims(
    token: &str,
    device: Uuid,
    now: UnixSeconds,
) -> Result<LicenseClaims, LicenseError> {
    let mut cache = LAST_VERIFICATION
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(cached) = cache.as_ref()
        && cached.device == device
        && cached.token == token
    {
        return cached.outcome.clone();
    }
    let outcome = verified_claims(token, trusted_license_keys(), device, now);
    *cache = Some(CachedVerification {
        token: token.to_owned(),
        device,
        outcome: outcome.clone(),
    });
    outcome
}

/// The claims of `token` once its signature, issuer and device are proven, whatever the
/// time: time is the state's business, and an expired license still tells what it was.
fn verified_claims(
    token: &str,
    keys: &LicenseVerifyingKeys,
    device: Uuid,
    now: UnixSeconds,
) -> Result<LicenseClaims, LicenseError> {
    // `verify_license` checks time last, after signature, issuer and device, so a time
    // error means the token is proven and its payload may be read.
    match verify_license(
        token,
        keys,
        &LicenseExpectations {
            issuer: LICENSE_ISSUER,
            device: Some(device),
            now,
        },
    ) {
        Ok(verified) => Ok(verified.claims),
        Err(LicenseError::Expired { .. } | LicenseError::NotYetValid { .. }) => {
            claims_of_proven_token(token)
        }
        Err(error) => Err(error),
    }
}

/// Reads the payload of a token whose signature `verify_license` has already proven.
fn claims_of_proven_token(token: &str) -> Result<LicenseClaims, LicenseError> {
    let payload = token.split('.').nth(1).ok_or(LicenseError::Malformed(
        "a compact JWS has exactly three parts",
    ))?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| LicenseError::Malformed("the payload is not base64url"))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| LicenseError::Malformed("the payload is not license claims"))
}

fn stored_token(connection: &Connection) -> Result<Option<String>, CoreError> {
    Ok(connection
        .prepare_cached("SELECT token FROM license WHERE id = 1")?
        .query_row([], |row| row.get(0))
        .optional()?)
}

fn reported_status(connection: &Connection) -> Result<Option<ReportedStatus>, CoreError> {
    let row: Option<(String, i64)> = connection
        .prepare_cached("SELECT status, hub_time FROM license_instance_status WHERE id = 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    Ok(row.and_then(|(status, hub_time)| {
        InstanceStatus::parse(&status).map(|status| ReportedStatus { status, hub_time })
    }))
}
