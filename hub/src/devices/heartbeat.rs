//! The heartbeat: a device reports in with its usage counters, and learns its tenant's
//! standing, its own status and, near expiry or after its entitlements changed, gets a
//! renewed license. The hub's time comes with every answer.

use fflow_protocol::{
    BillingStatus, HeartbeatRequest, HeartbeatResponse, InstanceStatus, TenantStatus,
};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::device_token::require_active;
use super::{DeviceError, stored_status};
use crate::licensing::{LicenseTerms, Licensing, sign_license_for};
use crate::plans::EntitlementRow;
use crate::tenancy::TenantId;

/// The device and its tenant as the heartbeat's statement leaves them locked: standing,
/// whether the statement renewed the license, and the terms a renewed license carries.
#[derive(Debug, sqlx::FromRow)]
struct Standing {
    tenant_status: String,
    billing_status: String,
    device_status: String,
    epoch: i64,
    renewing: bool,
    plan_code: Option<String>,
    max_devices: Option<i32>,
    max_users: Option<i32>,
    max_products: Option<i32>,
    features: Option<Vec<String>>,
    override_max_devices: Option<i32>,
    override_max_users: Option<i32>,
    override_max_products: Option<i32>,
    features_granted: Option<Vec<String>>,
    features_revoked: Option<Vec<String>>,
}

impl Standing {
    /// What a renewed license says, or `None` while the tenant has no plan.
    fn license_terms(self) -> Option<LicenseTerms> {
        let entitlements = EntitlementRow {
            max_devices: self.max_devices?,
            max_users: self.max_users?,
            max_products: self.max_products?,
            features: self.features?,
            override_max_devices: self.override_max_devices,
            override_max_users: self.override_max_users,
            override_max_products: self.override_max_products,
            features_granted: self.features_granted,
            features_revoked: self.features_revoked,
        }
        .entitlements();
        Some(LicenseTerms {
            plan: self.plan_code?,
            tenant_status: self.tenant_status,
            entitlements,
        })
    }
}

/// The whole heartbeat in one statement, so it costs one round trip whether or not the
/// license is renewed. `current` locks the device row (FOR UPDATE returns its latest
/// version, so two heartbeats of one device at once do not both renew: the second waits
/// and sees the first's renewal) and decides renewal from it; `visit` stamps the visit
/// and the usage and, when renewing, the new expiry, which is known before signing; the
/// license is signed afterwards, and a failure there rolls all of it back, as the caller
/// commits only on success. The plan and overrides a license needs are read only when
/// renewing (OFFSET 0 keeps the subquery whole, so its condition gates both scans), as
/// most heartbeats renew nothing. The tenant is named as well as the policy's filter,
/// and the update names its row by key, so each scan finds its row by the key whoever
/// runs it, rather than testing the policy against every row of the tenant.
const HEARTBEAT: &str = "
WITH current AS (
    SELECT d.status AS device_status, d.epoch, t.status AS tenant_status, t.billing_status,
           t.plan_id,
           d.status = 'active'
             AND (d.license_renewal_due
                  OR floor(extract(epoch FROM d.license_expires_at))::bigint <= $8)
             AS renewing
    FROM devices d
    JOIN tenants t ON t.id = d.tenant_id
    WHERE d.tenant_id = $1 AND d.id = $2
    FOR UPDATE OF d
), visit AS (
    UPDATE devices d SET last_seen_at = to_timestamp($3), app_version = $4,
           usage_till_users = coalesce($5, d.usage_till_users),
           usage_products = coalesce($6, d.usage_products),
           usage_sales_completed = coalesce($7, d.usage_sales_completed),
           usage_reported_at = CASE WHEN $5::integer IS NULL THEN d.usage_reported_at
                                    ELSE to_timestamp($3) END,
           license_expires_at = CASE WHEN c.renewing THEN to_timestamp($9)
                                     ELSE d.license_expires_at END,
           license_renewal_due = d.license_renewal_due AND NOT c.renewing
    FROM current c
    WHERE d.tenant_id = $1 AND d.id = $2
)
SELECT c.device_status, c.epoch, c.tenant_status, c.billing_status, c.renewing, terms.*
FROM current c
LEFT JOIN LATERAL (
    SELECT p.code AS plan_code, p.max_devices, p.max_users, p.max_products, p.features,
           o.max_devices AS override_max_devices, o.max_users AS override_max_users,
           o.max_products AS override_max_products, o.features_granted, o.features_revoked
    FROM plans p
    LEFT JOIN tenant_entitlement_overrides o ON o.tenant_id = $1
    WHERE c.renewing AND p.id = c.plan_id
    OFFSET 0
) terms ON true";

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
    let caller = Caller {
        tenant,
        device,
        token_epoch: None,
    };
    beat(
        transaction,
        licensing,
        caller,
        request,
        (now, server_time_ms),
    )
    .await
}

/// A device calling in with a token of activation `token_epoch`, whose stored standing
/// the heartbeat's own statement reads: the check a device session makes before the
/// handler (active, and of that activation) is made here on that row, so it costs no
/// statement of its own. A device that fails it is refused as the session would refuse
/// it, before anything is signed, and the caller's rollback undoes the visit. Request
/// errors come before the statement; a caller that wants the device's refusal to win
/// over them checks the session itself on that path.
pub async fn heartbeat_of_activation(
    transaction: &mut Transaction<'static, Postgres>,
    licensing: &Licensing,
    tenant: TenantId,
    device: Uuid,
    token_epoch: i64,
    request: &HeartbeatRequest,
    clock: (i64, i64),
) -> Result<HeartbeatResponse, DeviceError> {
    let caller = Caller {
        tenant,
        device,
        token_epoch: Some(token_epoch),
    };
    beat(transaction, licensing, caller, request, clock).await
}

struct Caller {
    tenant: TenantId,
    device: Uuid,
    /// The activation the caller's token names, when the session has not checked it.
    token_epoch: Option<i64>,
}

/// The heartbeat at `clock`: Unix seconds and the hub's time in milliseconds.
async fn beat(
    transaction: &mut Transaction<'static, Postgres>,
    licensing: &Licensing,
    caller: Caller,
    request: &HeartbeatRequest,
    (now, server_time_ms): (i64, i64),
) -> Result<HeartbeatResponse, DeviceError> {
    let Caller {
        tenant,
        device,
        token_epoch,
    } = caller;
    let app_version = request.app_version.trim();
    if app_version.is_empty() || app_version.len() > 50 {
        return Err(DeviceError::InvalidRequest(
            "app_version must have 1 to 50 characters".to_owned(),
        ));
    }
    let (till_users, products, sales) = usage_columns(request)?;
    let expires_at = licensing.expiry_of_license_issued_at(now);
    let standing: Standing = sqlx::query_as(HEARTBEAT)
        .bind(tenant.0)
        .bind(device)
        .bind(now as f64)
        .bind(app_version)
        .bind(till_users)
        .bind(products)
        .bind(sales)
        .bind(licensing.renews_licenses_expiring_by(now))
        .bind(expires_at as f64)
        .fetch_optional(&mut **transaction)
        .await?
        .ok_or(DeviceError::DeviceUnknown)?;
    let device_status = stored_status(&standing.device_status);
    if let Some(token_epoch) = token_epoch {
        require_active(device_status)?;
        // A token of an earlier activation: the device was reset and activated again
        // (perhaps on a restored copy), so this holder is not the current install.
        if standing.epoch != token_epoch {
            return Err(DeviceError::DeviceReset);
        }
    }
    let tenant_status = match standing.tenant_status.as_str() {
        "pending_payment" => TenantStatus::PendingPayment,
        "suspended" => TenantStatus::Suspended,
        _ => TenantStatus::Active,
    };
    let billing_status = match standing.billing_status.as_str() {
        "overdue" => BillingStatus::Overdue,
        _ => BillingStatus::Paid,
    };
    let renewed_license = if standing.renewing {
        // A tenant without a plan has nothing to license: the error rolls the visit back.
        let terms = standing.license_terms().ok_or(DeviceError::NoPlan)?;
        let license = sign_license_for(licensing, &terms, tenant, device, now)?;
        debug_assert_eq!(license.expires_at, expires_at, "stored as signed");
        Some(license.token)
    } else {
        None
    };
    Ok(HeartbeatResponse {
        instance: InstanceStatus {
            tenant_status,
            billing_status,
        },
        device_status,
        renewed_license,
        server_time_ms,
    })
}

/// Till users, products and sales completed, as the `devices` columns hold them.
type UsageColumns = (Option<i32>, Option<i32>, Option<i64>);

/// The usage counters as the database stores them, `None` when the store sent none. The
/// counters are totals, so storing the latest is all a resent heartbeat can do: it
/// changes nothing.
fn usage_columns(request: &HeartbeatRequest) -> Result<UsageColumns, DeviceError> {
    // Out-of-range figures are refused here, not left to a CHECK, so the store hears why.
    let as_integer = |value: u32| i32::try_from(value).ok();
    Ok(match request.usage {
        Some(counters) => (
            Some(as_integer(counters.till_users).ok_or_else(out_of_range)?),
            Some(as_integer(counters.products).ok_or_else(out_of_range)?),
            Some(i64::try_from(counters.sales_completed).map_err(|_| out_of_range())?),
        ),
        None => (None, None, None),
    })
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
