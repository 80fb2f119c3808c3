//! The status check: a heartbeat that tells the store its tenant's standing and its own,
//! hands it a renewed license near expiry, and gives it the hub's time. Every check,
//! answered or not, goes to the status-check log.

use std::time::Instant;

use fflow_protocol::{
    BillingStatus, DeviceStatus, HeartbeatRequest, HeartbeatResponse, TenantStatus, UsageCounters,
};
use rusqlite::Connection;

use super::HubClient;
use crate::licensing::{
    CheckKind, InstanceStatus, LicenseCheck, install_license, record_hub_contact,
    record_license_check,
};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// What a status check learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusCheck {
    pub status: InstanceStatus,
    /// The hub sent a newer license and it was installed.
    pub license_renewed: bool,
}

/// What this store holds now, counted as the license limits count it. Sales are numbered
/// gap-free from 1 on this device, so the highest number is how many were completed.
pub(crate) fn usage_counters(connection: &Connection) -> Result<UsageCounters, CoreError> {
    let (till_users, products, sales_completed): (i64, i64, i64) = connection
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM till_users WHERE active = 1),
                    (SELECT COUNT(*) FROM products),
                    (SELECT COALESCE(MAX(number), 0) FROM sales)",
        )?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    let count = |value: i64| u32::try_from(value).unwrap_or(u32::MAX);
    Ok(UsageCounters {
        till_users: count(till_users),
        products: count(products),
        sales_completed: u64::try_from(sales_completed).unwrap_or(0),
    })
}

/// Checks in with the hub and applies what it says. A device that support reset (or
/// revoked) becomes `deactivated`, keeping all its data, until it is activated again.
pub async fn check_status(
    client: &HubClient,
    database: &StoreDatabase,
    kind: CheckKind,
) -> Result<StatusCheck, CoreError> {
    let started = Instant::now();
    let request = HeartbeatRequest {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        usage: Some(database.read(usage_counters)?),
    };
    let answer = client
        .post_as_device(database, "/v1/devices/heartbeat", &request)
        .await
        .and_then(|answer| answer.decode::<HeartbeatResponse>());
    let response_time_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let mut check = LicenseCheck {
        kind,
        success: false,
        status_received: None,
        error: None,
        response_time_ms: Some(response_time_ms),
        checked_at: now_millis(),
    };
    let outcome = match answer {
        Ok(beat) => {
            let status = instance_status(&beat);
            record_hub_contact(database, beat.server_time_ms / 1000, Some(status))?;
            let license_renewed = match beat.renewed_license.as_deref() {
                Some(token) => match install_license(database, token) {
                    Ok(_) => true,
                    Err(error) => {
                        // The old license still holds; the next check brings another.
                        check.error = Some(format!("the renewed license was refused: {error}"));
                        false
                    }
                },
                None => false,
            };
            check.success = true;
            check.status_received = Some(status);
            Ok(StatusCheck {
                status,
                license_renewed,
            })
        }
        // A reset or revoked device is refused a token: that refusal is the hub's word
        // that this install must be activated again. No hub time comes with it, so the
        // status is stamped with the store's own clock.
        Err(CoreError::HubRefused {
            code: code @ ("device_reset" | "device_revoked"),
            message,
        }) => {
            client.forget_token();
            record_hub_contact(
                database,
                database.clock_now(),
                Some(InstanceStatus::Deactivated),
            )?;
            check.success = true;
            check.status_received = Some(InstanceStatus::Deactivated);
            check.error = Some(format!("{code}: {message}"));
            Ok(StatusCheck {
                status: InstanceStatus::Deactivated,
                license_renewed: false,
            })
        }
        Err(error) => {
            if matches!(
                error,
                CoreError::HubUnreachable { .. } | CoreError::HubNotLinked
            ) {
                check.response_time_ms = None;
            }
            check.error = Some(error.to_string());
            Err(error)
        }
    };
    record_license_check(database, &check)?;
    outcome
}

/// The hub's answer as one instance status: the device's own standing first, then the
/// tenant's, then billing.
fn instance_status(beat: &HeartbeatResponse) -> InstanceStatus {
    match (
        beat.device_status,
        beat.instance.tenant_status,
        beat.instance.billing_status,
    ) {
        (DeviceStatus::Reset | DeviceStatus::Revoked, _, _) => InstanceStatus::Deactivated,
        (_, TenantStatus::Suspended, _) => InstanceStatus::Suspended,
        (_, TenantStatus::PendingPayment, _) | (_, _, BillingStatus::Overdue) => {
            InstanceStatus::PendingPayment
        }
        (DeviceStatus::Active, TenantStatus::Active, BillingStatus::Paid) => InstanceStatus::Active,
    }
}
