//! `fflow-hub tenant create`: a tenant and its owner user, in one transaction, audited;
//! `fflow-hub tenant set-plan`: the tenant's plan, audited with the plan before and after,
//! and the licenses of its active devices renewed with the new entitlements.

use std::io::Read;

use fflow_protocol::Cnpj;
use sqlx::{PgPool, Postgres, Transaction};

use super::device::uuid_flag;
use super::flags::Flags;
use super::{OperatorContext, OperatorError};
use crate::accounts::{NewTenant, NewUser, TenantMode, UserRole, create_user, insert_tenant};
use crate::audit::ActorKind;
use crate::auth::unix_now;
use crate::license_renewal::{RenewalOutcome, renew_licenses_after_change};
use crate::passwords::Password;
use crate::plans::assign_plan;
use crate::tenancy::{TenantId, begin_for_tenant};

#[derive(Debug)]
pub(super) struct TenantCreate {
    tenant: NewTenant,
    owner_email: String,
}

pub(super) fn parse(arguments: &[String]) -> Result<TenantCreate, OperatorError> {
    let flags = Flags::parse(
        arguments,
        &["--name", "--cnpj", "--owner-email"],
        &["--owner-password-stdin", "--test"],
    )?;
    if !flags.has("--owner-password-stdin") {
        return Err(OperatorError::Usage(
            "--owner-password-stdin is required: the owner's password is read from stdin, \
             never from the command line"
                .to_owned(),
        ));
    }
    let cnpj = Cnpj::parse(flags.required("--cnpj")?)
        .map_err(|error| OperatorError::Refused(format!("--cnpj: {error}")))?;
    Ok(TenantCreate {
        tenant: NewTenant {
            name: flags.required("--name")?.to_owned(),
            cnpj,
            mode: if flags.has("--test") {
                TenantMode::Test
            } else {
                TenantMode::Live
            },
        },
        owner_email: flags.required("--owner-email")?.to_owned(),
    })
}

/// Reads the password: all of stdin less one trailing line break, so both `echo` and a
/// password file work.
fn read_password(mut stdin: impl Read) -> Result<Password, OperatorError> {
    let mut text = String::new();
    stdin.read_to_string(&mut text).map_err(|error| {
        OperatorError::Usage(format!("could not read the password from stdin: {error}"))
    })?;
    let password = text
        .strip_suffix('\n')
        .map(|rest| rest.strip_suffix('\r').unwrap_or(rest))
        .unwrap_or(&text);
    if password.is_empty() {
        return Err(OperatorError::Usage(
            "no password on stdin; pipe the owner's password in".to_owned(),
        ));
    }
    Ok(Password::new(password))
}

pub(super) async fn create(
    arguments: &[String],
    stdin: impl Read,
    pool: &PgPool,
    actor: &str,
) -> Result<String, OperatorError> {
    let command = parse(arguments)?;
    let password = read_password(stdin)?;
    let id = TenantId::generate();
    // One transaction: a refused owner (short password, bad email) leaves no tenant behind.
    let mut transaction = begin_for_tenant(pool, id).await?;
    insert_tenant(
        &mut transaction,
        id,
        &command.tenant,
        ActorKind::Operator,
        actor,
    )
    .await?;
    create_user(
        &mut transaction,
        id,
        &NewUser {
            email: command.owner_email,
            cpf: None,
            password,
            role: UserRole::Owner,
        },
        ActorKind::Operator,
        actor,
    )
    .await?;
    transaction.commit().await?;
    Ok(id.to_string())
}

/// The tenant and the plan code of `tenant set-plan`.
pub(super) fn parse_set_plan(arguments: &[String]) -> Result<(TenantId, String), OperatorError> {
    let flags = Flags::parse(arguments, &["--tenant", "--plan"], &[])?;
    Ok((
        TenantId(uuid_flag(&flags, "--tenant")?),
        flags.required("--plan")?.to_owned(),
    ))
}

/// Puts the tenant on a plan from the price list; the audit log keeps the plan before and
/// after. An unknown tenant or plan changes nothing.
pub(super) async fn set_plan(
    arguments: &[String],
    context: &OperatorContext<'_>,
) -> Result<String, OperatorError> {
    let (tenant, plan_code) = parse_set_plan(arguments)?;
    let plan_code = plan_code.as_str();
    let mut transaction = begin_for_tenant(context.pool, tenant).await?;
    require_tenant(&mut transaction, tenant).await?;
    assign_plan(
        &mut transaction,
        tenant,
        plan_code,
        ActorKind::Operator,
        context.actor,
        None,
    )
    .await?;
    let renewal =
        renew_licenses_after_change(&mut transaction, tenant, context.licensing, unix_now())
            .await?;
    transaction.commit().await?;
    Ok(format!("{tenant} {plan_code}{}", renewal_note(renewal)))
}

/// What the operator is told of the devices' licenses after an entitlement change.
pub(super) fn renewal_note(renewal: RenewalOutcome) -> String {
    match renewal {
        RenewalOutcome {
            sent: 0,
            at_next_heartbeat: 0,
        } => String::new(),
        RenewalOutcome {
            sent,
            at_next_heartbeat: 0,
        } => format!("\nrenewed licenses sent to {sent} active devices"),
        RenewalOutcome {
            at_next_heartbeat, ..
        } => format!(
            "\n{at_next_heartbeat} active devices renew their licenses at their next heartbeat \
             (set FFLOW_HUB_LICENSE_SIGNING_KEY and FFLOW_HUB_LICENSE_KEY_ID to send them now)"
        ),
    }
}

/// Refuses a tenant id that names no tenant.
pub(super) async fn require_tenant(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
) -> Result<(), OperatorError> {
    // By id as well as by policy: a superuser owner is not filtered by RLS.
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT FROM tenants WHERE id = $1)")
        .bind(tenant.0)
        .fetch_one(&mut **transaction)
        .await?;
    if exists {
        Ok(())
    } else {
        Err(OperatorError::Refused(format!(
            "no tenant has the id {tenant}"
        )))
    }
}
