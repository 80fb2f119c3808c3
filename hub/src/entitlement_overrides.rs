//! A tenant's overrides of its plan: a bigger device limit for a season, a feature on
//! trial, a module taken away. Setting them replaces the tenant's overrides whole (a limit
//! left out means "as the plan says"), is audited with the entitlements before and after,
//! and requires a reason, which the audit log and the overrides row both keep.

use serde_json::json;
use sqlx::{Postgres, Transaction};

use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::plans::{EntitlementOverrides, PlanError, tenant_entitlements};
use crate::tenancy::TenantId;

/// The longest feature name an override may carry; plans' features are short words.
const MAXIMUM_FEATURE_LENGTH: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("a reason is required, for example the support ticket or the deal it answers")]
    MissingReason,
    #[error("the tenant has no plan yet; put it on a plan before overriding it")]
    NoPlan,
    #[error("{0:?} is not a feature name: use 1 to 50 lowercase letters, digits, - or _")]
    BadFeature(String),
    #[error("{0:?} is both granted and revoked; say which")]
    FeatureGrantedAndRevoked(String),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Replaces the overrides of the tenant of `transaction` with `overrides`, recording who
/// did it and why. The caller renews the devices' licenses and commits.
pub async fn set_overrides(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    overrides: &EntitlementOverrides,
    actor_kind: ActorKind,
    actor: &str,
    reason: &str,
) -> Result<(), OverrideError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(OverrideError::MissingReason);
    }
    check_features(overrides)?;
    let before = tenant_entitlements(transaction, tenant)
        .await?
        .ok_or(OverrideError::NoPlan)?;
    let limit = |value: Option<u32>| value.map(|limit| i32::try_from(limit).unwrap_or(i32::MAX));
    sqlx::query(
        "INSERT INTO tenant_entitlement_overrides AS o
             (tenant_id, max_devices, max_users, max_products, features_granted,
              features_revoked, reason, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (tenant_id) DO UPDATE SET
             max_devices = excluded.max_devices, max_users = excluded.max_users,
             max_products = excluded.max_products,
             features_granted = excluded.features_granted,
             features_revoked = excluded.features_revoked,
             reason = excluded.reason, updated_at = excluded.updated_at",
    )
    .bind(tenant.0)
    .bind(limit(overrides.max_devices))
    .bind(limit(overrides.max_users))
    .bind(limit(overrides.max_products))
    .bind(&overrides.features_granted)
    .bind(&overrides.features_revoked)
    .bind(reason)
    .execute(&mut **transaction)
    .await?;
    let after = tenant_entitlements(transaction, tenant)
        .await?
        .ok_or(OverrideError::NoPlan)?;
    append_audit(
        transaction,
        AuditEntry {
            tenant,
            actor_kind,
            actor,
            action: "tenant.entitlements_override",
            reason: Some(reason),
            before: Some(json!({ "entitlements": before })),
            after: Some(json!({ "entitlements": after })),
        },
    )
    .await?;
    Ok(())
}

fn check_features(overrides: &EntitlementOverrides) -> Result<(), OverrideError> {
    let well_formed = |feature: &String| {
        (1..=MAXIMUM_FEATURE_LENGTH).contains(&feature.len())
            && feature.bytes().all(|byte| {
                byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"-_".contains(&byte)
            })
    };
    let all = overrides
        .features_granted
        .iter()
        .chain(&overrides.features_revoked);
    if let Some(bad) = all.clone().find(|feature| !well_formed(feature)) {
        return Err(OverrideError::BadFeature(bad.clone()));
    }
    if let Some(both) = overrides
        .features_granted
        .iter()
        .find(|feature| overrides.features_revoked.contains(feature))
    {
        return Err(OverrideError::FeatureGrantedAndRevoked(both.clone()));
    }
    Ok(())
}
