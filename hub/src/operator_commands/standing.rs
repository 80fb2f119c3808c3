//! `fflow-hub tenant set-status`: the tenant's status and billing status, with a reason,
//! audited, and the licenses of its active devices renewed to carry the new standing.

use super::device::uuid_flag;
use super::flags::Flags;
use super::tenant::renewal_note;
use super::{OperatorContext, OperatorError};
use crate::audit::ActorKind;
use crate::auth::unix_now;
use crate::license_renewal::renew_licenses_after_change;
use crate::tenancy::{TenantId, begin_for_tenant};
use crate::tenant_standing::{StandingChange, StandingError, set_standing};

/// What `tenant set-status` was asked to do.
#[derive(Debug)]
pub(super) struct SetStatus {
    tenant: TenantId,
    change: StandingChange,
    reason: String,
}

pub(super) fn parse(arguments: &[String]) -> Result<SetStatus, OperatorError> {
    let flags = Flags::parse(
        arguments,
        &["--tenant", "--status", "--billing", "--reason"],
        &[],
    )?;
    Ok(SetStatus {
        tenant: TenantId(uuid_flag(&flags, "--tenant")?),
        change: StandingChange {
            status: flags.optional("--status")?.map(str::to_owned),
            billing_status: flags.optional("--billing")?.map(str::to_owned),
        },
        reason: flags.required("--reason")?.to_owned(),
    })
}

pub(super) async fn set_status(
    arguments: &[String],
    context: &OperatorContext<'_>,
) -> Result<String, OperatorError> {
    let command = parse(arguments)?;
    let tenant = command.tenant;
    let mut transaction = begin_for_tenant(context.pool, tenant).await?;
    set_standing(
        &mut transaction,
        tenant,
        &command.change,
        ActorKind::Operator,
        context.actor,
        &command.reason,
    )
    .await?;
    let renewal =
        renew_licenses_after_change(&mut transaction, tenant, context.licensing, unix_now())
            .await?;
    transaction.commit().await?;
    Ok(format!("{tenant} standing set{}", renewal_note(renewal)))
}

impl From<StandingError> for OperatorError {
    fn from(error: StandingError) -> Self {
        match error {
            StandingError::Database(error) => error.into(),
            StandingError::NothingToChange => OperatorError::Usage(error.to_string()),
            StandingError::MissingReason
            | StandingError::UnknownStatus(_)
            | StandingError::UnknownBillingStatus(_)
            | StandingError::UnknownTenant => OperatorError::Refused(error.to_string()),
        }
    }
}
