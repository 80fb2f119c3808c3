//! `fflow-hub tenant set-overrides`: replaces a tenant's overrides of its plan, with a
//! reason, audited with the entitlements before and after, and renews the licenses of its
//! active devices so they carry the new limits.

use super::device::uuid_flag;
use super::flags::Flags;
use super::tenant::{renewal_note, require_tenant};
use super::{OperatorContext, OperatorError};
use crate::audit::ActorKind;
use crate::auth::unix_now;
use crate::entitlement_overrides::set_overrides as store_overrides;
use crate::license_renewal::renew_licenses_after_change;
use crate::plans::EntitlementOverrides;
use crate::tenancy::{TenantId, begin_for_tenant};

/// What `tenant set-overrides` was asked to do.
#[derive(Debug)]
pub(super) struct OverridesChange {
    tenant: TenantId,
    overrides: EntitlementOverrides,
    reason: String,
}

pub(super) fn parse(arguments: &[String]) -> Result<OverridesChange, OperatorError> {
    let flags = Flags::parse(
        arguments,
        &[
            "--tenant",
            "--reason",
            "--max-devices",
            "--max-users",
            "--max-products",
            "--grant",
            "--revoke",
        ],
        &[],
    )?;
    Ok(OverridesChange {
        tenant: TenantId(uuid_flag(&flags, "--tenant")?),
        overrides: EntitlementOverrides {
            max_devices: flags.optional_positive("--max-devices")?,
            max_users: flags.optional_positive("--max-users")?,
            max_products: flags.optional_positive("--max-products")?,
            features_granted: flags.all("--grant"),
            features_revoked: flags.all("--revoke"),
        },
        reason: flags.required("--reason")?.to_owned(),
    })
}

pub(super) async fn set_overrides(
    arguments: &[String],
    context: &OperatorContext<'_>,
) -> Result<String, OperatorError> {
    let change = parse(arguments)?;
    let tenant = change.tenant;
    let mut transaction = begin_for_tenant(context.pool, tenant).await?;
    require_tenant(&mut transaction, tenant).await?;
    store_overrides(
        &mut transaction,
        tenant,
        &change.overrides,
        ActorKind::Operator,
        context.actor,
        &change.reason,
    )
    .await?;
    let renewal =
        renew_licenses_after_change(&mut transaction, tenant, context.licensing, unix_now())
            .await?;
    transaction.commit().await?;
    Ok(format!("{tenant} overrides set{}", renewal_note(renewal)))
}
