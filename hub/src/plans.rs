//! Plans (the price list) and a tenant's entitlements: its plan's limits and features,
//! changed by the tenant's overrides. Entitlements are what licenses carry to the store.

use std::collections::BTreeSet;

use fflow_protocol::license::Entitlements;
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::tenancy::TenantId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillingCycle {
    Monthly,
    Yearly,
}

impl BillingCycle {
    pub fn as_str(self) -> &'static str {
        match self {
            BillingCycle::Monthly => "monthly",
            BillingCycle::Yearly => "yearly",
        }
    }
}

/// A plan as an operator defines it. Money is integer cents of BRL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan {
    /// Stable name used by licenses and scripts, for example `pro-monthly`.
    pub code: String,
    pub name: String,
    pub price_cents: i64,
    pub billing_cycle: BillingCycle,
    pub limits: PlanLimits,
}

/// What a plan grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLimits {
    pub max_devices: u32,
    pub max_users: u32,
    pub max_products: u32,
    pub features: Vec<String>,
}

/// A tenant's changes to its plan; `None` keeps the plan's limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntitlementOverrides {
    pub max_devices: Option<u32>,
    pub max_users: Option<u32>,
    pub max_products: Option<u32>,
    pub features_granted: Vec<String>,
    pub features_revoked: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("no plan has the code {0:?}")]
    UnknownPlan(String),
    #[error("a plan with the code {0:?} already exists")]
    CodeTaken(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Adds a plan to the price list. Plans are global, so this runs as the owner (the
/// operator's command line), on its pool or in its transaction; the runtime role may only
/// read them.
pub async fn create_plan(
    owner: impl sqlx::PgExecutor<'_>,
    plan: &NewPlan,
) -> Result<Uuid, PlanError> {
    sqlx::query_scalar(
        "INSERT INTO plans (code, name, price_cents, billing_cycle, max_devices, max_users,
                            max_products, features)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id",
    )
    .bind(&plan.code)
    .bind(&plan.name)
    .bind(plan.price_cents)
    .bind(plan.billing_cycle.as_str())
    .bind(i64::from(plan.limits.max_devices))
    .bind(i64::from(plan.limits.max_users))
    .bind(i64::from(plan.limits.max_products))
    .bind(&plan.limits.features)
    .fetch_one(owner)
    .await
    .map_err(|error| {
        let taken = error
            .as_database_error()
            .is_some_and(|error| error.is_unique_violation());
        if taken {
            PlanError::CodeTaken(plan.code.clone())
        } else {
            PlanError::Database(error)
        }
    })
}

/// Puts the tenant of `transaction` on the plan `plan_code`, recording the change with the
/// plan before and after in the audit log. Support staff must give a `reason`; the audit
/// log's constraint refuses their change without one.
pub async fn assign_plan(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    plan_code: &str,
    actor_kind: ActorKind,
    actor: &str,
    reason: Option<&str>,
) -> Result<(), PlanError> {
    let before: Option<String> = sqlx::query_scalar(
        "SELECT p.code FROM tenants t LEFT JOIN plans p ON p.id = t.plan_id WHERE t.id = $1",
    )
    .bind(tenant.0)
    .fetch_optional(&mut **transaction)
    .await?
    .flatten();
    let updated = sqlx::query(
        "UPDATE tenants SET plan_id = (SELECT id FROM plans WHERE code = $2)
         WHERE id = $1 AND EXISTS (SELECT FROM plans WHERE code = $2)",
    )
    .bind(tenant.0)
    .bind(plan_code)
    .execute(&mut **transaction)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(PlanError::UnknownPlan(plan_code.to_owned()));
    }
    append_audit(
        transaction,
        AuditEntry {
            tenant,
            actor_kind,
            actor,
            action: "tenant.plan_change",
            reason,
            before: Some(json!({ "plan": before })),
            after: Some(json!({ "plan": plan_code })),
        },
    )
    .await?;
    Ok(())
}

/// A tenant's plan limits and overrides as one row holds them: what
/// [`tenant_entitlements`] reads, and what the heartbeat reads in its own statement.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct EntitlementRow {
    pub max_devices: i32,
    pub max_users: i32,
    pub max_products: i32,
    pub features: Vec<String>,
    pub override_max_devices: Option<i32>,
    pub override_max_users: Option<i32>,
    pub override_max_products: Option<i32>,
    pub features_granted: Option<Vec<String>>,
    pub features_revoked: Option<Vec<String>>,
}

impl EntitlementRow {
    pub(crate) fn entitlements(self) -> Entitlements {
        // The database's CHECKs keep every limit positive, so these never fall back.
        let limit = |value: i32| u32::try_from(value).unwrap_or(0);
        let plan = PlanLimits {
            max_devices: limit(self.max_devices),
            max_users: limit(self.max_users),
            max_products: limit(self.max_products),
            features: self.features,
        };
        let overrides = EntitlementOverrides {
            max_devices: self.override_max_devices.map(limit),
            max_users: self.override_max_users.map(limit),
            max_products: self.override_max_products.map(limit),
            features_granted: self.features_granted.unwrap_or_default(),
            features_revoked: self.features_revoked.unwrap_or_default(),
        };
        entitlements_of(&plan, &overrides)
    }
}

/// The tenant's entitlements now, or `None` while it has no plan.
pub async fn tenant_entitlements(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
) -> Result<Option<Entitlements>, sqlx::Error> {
    let row: Option<EntitlementRow> = sqlx::query_as(
        "SELECT p.max_devices, p.max_users, p.max_products, p.features,
                o.max_devices AS override_max_devices, o.max_users AS override_max_users,
                o.max_products AS override_max_products, o.features_granted, o.features_revoked
         FROM tenants t
         JOIN plans p ON p.id = t.plan_id
         LEFT JOIN tenant_entitlement_overrides o ON o.tenant_id = t.id
         WHERE t.id = $1",
    )
    .bind(tenant.0)
    .fetch_optional(&mut **transaction)
    .await?;
    Ok(row.map(EntitlementRow::entitlements))
}

/// Plan, then overrides: an override's limit replaces the plan's; features are the plan's
/// plus those granted, minus those revoked (a revocation wins over a grant), sorted so
/// that equal entitlements serialize equally in licenses.
pub fn entitlements_of(plan: &PlanLimits, overrides: &EntitlementOverrides) -> Entitlements {
    let features: BTreeSet<&String> = plan
        .features
        .iter()
        .chain(&overrides.features_granted)
        .filter(|feature| !overrides.features_revoked.contains(feature))
        .collect();
    Entitlements {
        features: features.into_iter().cloned().collect(),
        max_users: overrides.max_users.unwrap_or(plan.max_users),
        max_products: overrides.max_products.unwrap_or(plan.max_products),
        max_devices: overrides.max_devices.unwrap_or(plan.max_devices),
    }
}

#[cfg(test)]
#[path = "plans_tests.rs"]
mod tests;
