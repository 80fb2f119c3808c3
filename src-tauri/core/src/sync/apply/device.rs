//! Commands about this device's standing: a renewed license, installed through the same
//! path as any license (verified with the trusted keys, for this device, not older than
//! the installed one), and a support reset, which turns the store `deactivated` and keeps
//! every row.

use fflow_protocol::commands::{DeviceReset, LicenseRenewed};
use rusqlite::Transaction;
use uuid::Uuid;

use super::{CommandFailure, Refusal};
use crate::CoreError;
use crate::licensing::{
    InstanceStatus, install_license_in, license_snapshot, licensing_now, record_hub_contact_in,
};

pub(crate) fn install_renewed_license(
    transaction: &Transaction<'_>,
    renewal: &LicenseRenewed,
) -> Result<(), CommandFailure> {
    match install_license_in(transaction, &renewal.token) {
        Ok(_) => Ok(()),
        // The heartbeat already brought a newer license: this one has nothing to add.
        Err(CoreError::LicenseOlderThanInstalled) => Ok(()),
        Err(error @ (CoreError::LicenseRejected(_) | CoreError::DeviceIdentityMissing)) => Err(
            CommandFailure::Refused(Refusal::new("license_invalid", error.to_string())),
        ),
        Err(error) => Err(error.into()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResetOutcome {
    Deactivated,
    /// The installed license was issued after the reset (the store was activated again
    /// since), so the reset is history and changes nothing.
    OlderThanLicense,
}

/// Applies a reset sent as command `command_id` (a UUIDv7, stamped by the hub's clock).
pub(crate) fn reset_device(
    transaction: &Transaction<'_>,
    command_id: Uuid,
    reset: &DeviceReset,
) -> Result<ResetOutcome, CommandFailure> {
    let reset_at = command_id
        .get_timestamp()
        .map(|stamp| i64::try_from(stamp.to_unix().0).unwrap_or(i64::MAX));
    let license_issued_at = license_snapshot(transaction, licensing_now())?
        .claims
        .map(|claims| claims.iat);
    if let (Some(reset_at), Some(issued_at)) = (reset_at, license_issued_at)
        && issued_at > reset_at
    {
        return Ok(ResetOutcome::OlderThanLicense);
    }
    tracing::warn!(reason = %reset.reason, "support reset this device; it stops selling");
    // As the heartbeat does when the hub refuses a reset device: no hub time comes with
    // the answer, so the status is stamped with the store's own clock.
    record_hub_contact_in(
        transaction,
        licensing_now(),
        Some(InstanceStatus::Deactivated),
    )?;
    Ok(ResetOutcome::Deactivated)
}
