//! `fflow-hub activation-code create`, `device list` and `device reset`: support staff
//! working on a tenant's devices from the command line. Resets go through the audited
//! support path, so the audit log names the operator and the reason.

use sqlx::PgPool;
use uuid::Uuid;

use super::OperatorError;
use super::flags::Flags;
use super::tenant::require_tenant;
use crate::audit::ActorKind;
use crate::auth::unix_now;
use crate::devices::{self, DeviceError};
use crate::tenancy::{SupportActor, SupportReason, TenantId, begin_for_tenant};

impl From<DeviceError> for OperatorError {
    fn from(error: DeviceError) -> Self {
        match error {
            DeviceError::Database(error) => error.into(),
            DeviceError::Signing(_) => OperatorError::Failed(error.to_string()),
            other => OperatorError::Refused(other.to_string()),
        }
    }
}

pub(super) fn uuid_flag(flags: &Flags, name: &str) -> Result<Uuid, OperatorError> {
    let text = flags.required(name)?;
    Uuid::parse_str(text.trim())
        .map_err(|_| OperatorError::Refused(format!("{name} must be an id, not {text:?}")))
}

/// What a parsed device command will do.
#[derive(Debug)]
pub(super) enum DeviceCommand {
    CreateCode {
        tenant: TenantId,
        valid_for_hours: Option<u32>,
    },
    List {
        tenant: TenantId,
    },
    Reset {
        tenant: TenantId,
        device: Uuid,
        reason: SupportReason,
    },
}

pub(super) fn parse_create_code(arguments: &[String]) -> Result<DeviceCommand, OperatorError> {
    let flags = Flags::parse(arguments, &["--tenant", "--valid-hours"], &[])?;
    Ok(DeviceCommand::CreateCode {
        tenant: TenantId(uuid_flag(&flags, "--tenant")?),
        valid_for_hours: flags.optional_positive("--valid-hours")?,
    })
}

pub(super) fn parse_list(arguments: &[String]) -> Result<DeviceCommand, OperatorError> {
    let flags = Flags::parse(arguments, &["--tenant"], &[])?;
    Ok(DeviceCommand::List {
        tenant: TenantId(uuid_flag(&flags, "--tenant")?),
    })
}

pub(super) fn parse_reset(arguments: &[String]) -> Result<DeviceCommand, OperatorError> {
    let flags = Flags::parse(arguments, &["--tenant", "--device", "--reason"], &[])?;
    let reason = SupportReason::new(flags.required("--reason")?)
        .map_err(|error| OperatorError::Usage(format!("--reason: {error}")))?;
    Ok(DeviceCommand::Reset {
        tenant: TenantId(uuid_flag(&flags, "--tenant")?),
        device: uuid_flag(&flags, "--device")?,
        reason,
    })
}

/// Runs `command` as the owner's `pool`, returning what to print.
pub(super) async fn run(
    command: DeviceCommand,
    pool: &PgPool,
    actor: &str,
) -> Result<String, OperatorError> {
    match command {
        DeviceCommand::CreateCode {
            tenant,
            valid_for_hours,
        } => {
            let mut transaction = begin_for_tenant(pool, tenant).await?;
            require_tenant(&mut transaction, tenant).await?;
            let code = devices::create_activation_code(
                &mut transaction,
                tenant,
                valid_for_hours,
                ActorKind::Operator,
                actor,
                unix_now(),
            )
            .await?;
            transaction.commit().await?;
            Ok(code.code)
        }
        DeviceCommand::List { tenant } => {
            let mut transaction = begin_for_tenant(pool, tenant).await?;
            let listed = devices::list_devices(&mut transaction, tenant).await?;
            transaction.commit().await?;
            let lines: Vec<String> = listed
                .iter()
                .map(|device| {
                    format!(
                        "{}\t{}\tepoch {}\t{}\tlast seen {}\t{}",
                        device.device_id,
                        device.status.as_str(),
                        device.epoch,
                        device.name,
                        device
                            .last_seen_at
                            .map_or_else(|| "never".to_owned(), |at| at.to_string()),
                        device.usage.map_or_else(
                            || "no usage reported".to_owned(),
                            |usage| format!(
                                "{} till users, {} products, {} sales",
                                usage.till_users, usage.products, usage.sales_completed
                            )
                        ),
                    )
                })
                .collect();
            Ok(lines.join("\n"))
        }
        DeviceCommand::Reset {
            tenant,
            device,
            reason,
        } => {
            let support = SupportActor {
                actor: actor.to_owned(),
            };
            let status = devices::support_reset(pool, tenant, device, &support, &reason).await?;
            Ok(format!("{device} {}", status.as_str()))
        }
    }
}
