//! When what a tenant's licenses say changes (another plan, an override, its standing:
//! suspended, pending payment, active again), every license its active devices hold is
//! out of date. Each such device is marked
//! `license_renewal_due`, so its next heartbeat signs a fresh license whatever the expiry;
//! where this process holds the license key, it also signs them now and queues each as a
//! `license.renewed` command for its device, so a store that pulls before its next
//! heartbeat learns at once. Both run in the caller's transaction: the change and its
//! renewals commit together or not at all.

use fflow_protocol::commands::{LICENSE_RENEWED, LicenseRenewed};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::command_feed::{NewCommand, emit_command};
use crate::devices::record_renewal;
use crate::licensing::{IssueError, Licensing, issue_license};
use crate::tenancy::TenantId;

/// What became of the tenant's active devices after its entitlements changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenewalOutcome {
    /// Devices sent a renewed license as a command now.
    pub sent: usize,
    /// Devices that get theirs at their next heartbeat (no license key here).
    pub at_next_heartbeat: usize,
}

/// Renews, or marks for renewal, the licenses of `tenant`'s active devices in
/// `transaction`, stamped `now` (Unix seconds). `licensing` is `None` where the process
/// has no license key (the operator's command line without it).
pub async fn renew_licenses_after_change(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    licensing: Option<&Licensing>,
    now: i64,
) -> Result<RenewalOutcome, IssueError> {
    // By tenant as well as by policy: the operator may run as a superuser.
    let devices: Vec<Uuid> = sqlx::query_scalar(
        "UPDATE devices SET license_renewal_due = true
         WHERE tenant_id = $1 AND status = 'active'
         RETURNING id",
    )
    .bind(tenant.0)
    .fetch_all(&mut **transaction)
    .await?;
    let Some(licensing) = licensing else {
        return Ok(RenewalOutcome {
            sent: 0,
            at_next_heartbeat: devices.len(),
        });
    };
    for &device in &devices {
        let license = issue_license(transaction, licensing, tenant, device, now).await?;
        record_renewal(transaction, device, license.expires_at).await?;
        let payload = serde_json::to_value(LicenseRenewed {
            token: license.token,
        })
        .map_err(|error| IssueError::Signing(error.to_string()))?;
        emit_command(
            transaction,
            tenant,
            NewCommand {
                kind: LICENSE_RENEWED,
                payload,
                device: Some(device),
            },
        )
        .await?;
    }
    Ok(RenewalOutcome {
        sent: devices.len(),
        at_next_heartbeat: 0,
    })
}
