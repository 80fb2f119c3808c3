//! The heartbeat: a device reports in, and learns its tenant's standing, its own status
//! and, near expiry, gets a renewed license. The hub's time comes with every answer.

use fflow_protocol::{
    BillingStatus, DeviceStatus, HeartbeatRequest, HeartbeatResponse, InstanceStatus, TenantStatus,
};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{DeviceError, stored_status};
use crate::licensing::{Licensing, issue_license};
use crate::tenancy::TenantId;

#[derive(Debug, sqlx::FromRow)]
struct Standing {
    tenant_status: String,
    billing_status: String,
    device_status: String,
    license_expires_at: i64,
}

/// Records the heartbeat of `device` (already authenticated, in `transaction` for its
/// tenant) at `now`; the caller commits.
pub async fn heartbeat(
    transaction: &mut Transaction<'static, Postgres>,
    licensing: &Licensing,
    tenant: TenantId,
    device: Uuid,
    request: &HeartbeatRequest,
    now: i64,
    server_time_ms: i64,
) -> Result<HeartbeatResponse, DeviceError> {
    let app_version = request.app_version.trim();
    if app_version.is_empty() || app_version.len() > 50 {
        return Err(DeviceError::InvalidRequest(
            "app_version must have 1 to 50 characters".to_owned(),
        ));
    }
    sqlx::query(
        "UPDATE devices SET last_seen_at = to_timestamp($2), app_version = $3 WHERE id = $1",
    )
    .bind(device)
    .bind(now as f64)
    .bind(app_version)
    .execute(&mut **transaction)
    .await?;
    let standing: Standing = sqlx::query_as(
        "SELECT t.status AS tenant_status, t.billing_status, d.status AS device_status,
                floor(extract(epoch FROM d.license_expires_at))::bigint AS license_expires_at
         FROM devices d JOIN tenants t ON t.id = d.tenant_id
         WHERE d.id = $1",
    )
    .bind(device)
    .fetch_optional(&mut **transaction)
    .await?
    .ok_or(DeviceError::DeviceUnknown)?;
    let device_status = stored_status(&standing.device_status);
    let renewed_license = if device_status == DeviceStatus::Active
        && licensing.is_due_for_renewal(standing.license_expires_at, now)
    {
        let license = issue_license(transaction, licensing, tenant, device, now).await?;
        sqlx::query("UPDATE devices SET license_expires_at = to_timestamp($2) WHERE id = $1")
            .bind(device)
            .bind(license.expires_at as f64)
            .execute(&mut **transaction)
            .await?;
        Some(license.token)
    } else {
        None
    };
    Ok(HeartbeatResponse {
        instance: InstanceStatus {
            tenant_status: match standing.tenant_status.as_str() {
                "pending_payment" => TenantStatus::PendingPayment,
                "suspended" => TenantStatus::Suspended,
                _ => TenantStatus::Active,
            },
            billing_status: match standing.billing_status.as_str() {
                "overdue" => BillingStatus::Overdue,
                _ => BillingStatus::Paid,
            },
        },
        device_status,
        renewed_license,
        server_time_ms,
    })
}
