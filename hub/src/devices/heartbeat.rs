//! The heartbeat: a device reports in with its usage counters, and learns its tenant's
//! standing, its own status and, near expiry or after its entitlements changed, gets a
//! renewed license. The hub's time comes with every answer.

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
    license_renewal_due: bool,
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
    record_visit(transaction, device, request, app_version, now).await?;
    let standing: Standing = sqlx::query_as(
        "SELECT t.status AS tenant_status, t.billing_status, d.status AS device_status,
                floor(extract(epoch FROM d.license_expires_at))::bigint AS license_expires_at,
                d.license_renewal_due
         FROM devices d JOIN tenants t ON t.id = d.tenant_id
         WHERE d.id = $1",
    )
    .bind(device)
    .fetch_optional(&mut **transaction)
    .await?
    .ok_or(DeviceError::DeviceUnknown)?;
    let device_status = stored_status(&standing.device_status);
    let renewed_license = if device_status == DeviceStatus::Active
        && (standing.license_renewal_due
            || licensing.is_due_for_renewal(standing.license_expires_at, now))
    {
        let license = issue_license(transaction, licensing, tenant, device, now).await?;
        record_renewal(transaction, device, license.expires_at).await?;
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

/// Stamps the visit and, when the store sent them, its usage counters. The counters are
/// totals, so storing the latest is all a resent heartbeat can do: it changes nothing.
async fn record_visit(
    transaction: &mut Transaction<'static, Postgres>,
    device: Uuid,
    request: &HeartbeatRequest,
    app_version: &str,
    now: i64,
) -> Result<(), DeviceError> {
    let usage = request.usage;
    // Out-of-range figures are refused here, not left to a CHECK, so the store hears why.
    let as_integer = |value: u32| i32::try_from(value).ok();
    let (till_users, products, sales) = match usage {
        Some(counters) => (
            Some(as_integer(counters.till_users).ok_or_else(out_of_range)?),
            Some(as_integer(counters.products).ok_or_else(out_of_range)?),
            Some(i64::try_from(counters.sales_completed).map_err(|_| out_of_range())?),
        ),
        None => (None, None, None),
    };
    sqlx::query(
        "UPDATE devices SET last_seen_at = to_timestamp($2), app_version = $3,
                usage_till_users = coalesce($4, usage_till_users),
                usage_products = coalesce($5, usage_products),
                usage_sales_completed = coalesce($6, usage_sales_completed),
                usage_reported_at = CASE WHEN $4::integer IS NULL THEN usage_reported_at
                                         ELSE to_timestamp($2) END
         WHERE id = $1",
    )
    .bind(device)
    .bind(now as f64)
    .bind(app_version)
    .bind(till_users)
    .bind(products)
    .bind(sales)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

fn out_of_range() -> DeviceError {
    DeviceError::InvalidRequest("a usage counter is larger than the hub can record".to_owned())
}

/// Records that `device` now holds a license valid until `expires_at` with the tenant's
/// current entitlements.
pub(crate) async fn record_renewal(
    transaction: &mut Transaction<'static, Postgres>,
    device: Uuid,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE devices SET license_expires_at = to_timestamp($2), license_renewal_due = false
         WHERE id = $1",
    )
    .bind(device)
    .bind(expires_at as f64)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
