//! The operator subcommands of `fflow-hub` (`tenant create`, `tenant set-plan`,
//! `tenant set-overrides`, `tenant set-status`, `plan create`,
//! `activation-code create`, `device list`, `device reset`, `commands prune`) for support
//! staff and scripts. They run as the owner in `DATABASE_URL`, record what they change,
//! and tell usage mistakes, refused input and failures apart by exit code.

mod device;
mod entitlements;
mod feed;
mod flags;
mod plan;
mod standing;
mod tenant;

use std::io::Read;

use sqlx::PgPool;

use crate::accounts::AccountError;
use crate::entitlement_overrides::OverrideError;
use crate::licensing::{IssueError, Licensing};
use crate::passwords::PasswordError;
use crate::plans::PlanError;

pub const USAGE: &str = "operator subcommands (DATABASE_URL as the owner that migrates):
  tenant create --name NAME --cnpj CNPJ --owner-email EMAIL --owner-password-stdin [--test]
            create a tenant and its owner user; the password is read from stdin, never
            from the command line (where any user of the machine could read it)
  tenant set-plan --tenant ID --plan CODE
            put the tenant on a plan from the price list (audited, before and after)
  tenant set-overrides --tenant ID --reason TEXT [--max-devices N] [--max-users N]
            [--max-products N] [--grant FEATURE]... [--revoke FEATURE]...
            replace the tenant's overrides of its plan (a limit left out is the plan's)
  tenant set-status --tenant ID --reason TEXT [--status active|pending_payment|suspended]
            [--billing paid|overdue]
            the tenant's standing (audited); a suspended tenant's stores stop selling
            All three renew the licenses of the tenant's active devices: signed now and sent
            as commands when FFLOW_HUB_LICENSE_SIGNING_KEY and FFLOW_HUB_LICENSE_KEY_ID
            are set, otherwise at each device's next heartbeat.
  plan create --code CODE --name NAME --price-cents N --cycle monthly|yearly
            --max-devices N --max-users N --max-products N [--feature NAME]...
            add a plan to the price list
  activation-code create --tenant ID [--valid-hours N]
            print a single-use code that activates one device of the tenant
  device list --tenant ID
            the tenant's devices: id, status, epoch, name, last heartbeat
  device reset --tenant ID --device ID --reason TEXT
            free the device's seat and end its tokens (through the audited support
            path); the store is asked to activate again on its next contact
  commands prune --tenant ID --older-than-days N
            delete the tenant's sync commands older than N days and print how many;
            a store behind them is told to take a snapshot

  On success the new id is printed on stdout. Exit codes: 0 done, 2 wrong usage or
  configuration, 3 refused (invalid or taken values; nothing was changed), 1 failed.";

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("{0}")]
    Usage(String),
    #[error("refused: {0}")]
    Refused(String),
    #[error("{0}")]
    Failed(String),
}

impl OperatorError {
    pub fn exit_code(&self) -> u8 {
        match self {
            OperatorError::Usage(_) => 2,
            OperatorError::Refused(_) => 3,
            OperatorError::Failed(_) => 1,
        }
    }
}

impl From<sqlx::Error> for OperatorError {
    fn from(error: sqlx::Error) -> Self {
        OperatorError::Failed(format!("database error: {error}"))
    }
}

impl From<AccountError> for OperatorError {
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::Database(error) => error.into(),
            AccountError::Password(
                PasswordError::Hashing(_) | PasswordError::CorruptStoredHash,
            ) => OperatorError::Failed(error.to_string()),
            AccountError::EmptyName
            | AccountError::TaxId(_)
            | AccountError::CnpjTaken { .. }
            | AccountError::MalformedEmail { .. }
            | AccountError::EmailTaken { .. }
            | AccountError::Password(PasswordError::TooShort { .. }) => {
                OperatorError::Refused(error.to_string())
            }
        }
    }
}

impl From<PlanError> for OperatorError {
    fn from(error: PlanError) -> Self {
        match error {
            PlanError::Database(error) => error.into(),
            PlanError::UnknownPlan(_) | PlanError::CodeTaken(_) => {
                OperatorError::Refused(error.to_string())
            }
        }
    }
}

impl From<IssueError> for OperatorError {
    fn from(error: IssueError) -> Self {
        match error {
            IssueError::Database(error) => error.into(),
            IssueError::NoPlan => OperatorError::Refused(error.to_string()),
            IssueError::Signing(_) => OperatorError::Failed(error.to_string()),
        }
    }
}

impl From<OverrideError> for OperatorError {
    fn from(error: OverrideError) -> Self {
        match error {
            OverrideError::Database(error) => error.into(),
            OverrideError::Plan(error) => error.into(),
            OverrideError::MissingReason
            | OverrideError::NoPlan
            | OverrideError::BadFeature(_)
            | OverrideError::FeatureGrantedAndRevoked(_) => {
                OperatorError::Refused(error.to_string())
            }
        }
    }
}

/// Whether `subcommand` is one of the operator subcommands.
pub fn is_operator_subcommand(subcommand: &str) -> bool {
    matches!(
        subcommand,
        "tenant" | "plan" | "activation-code" | "device" | "commands"
    )
}

/// What every operator subcommand runs with: the owner's pool, who runs it (for the audit
/// log) and the license key when this process has it.
#[derive(Debug)]
pub struct OperatorContext<'a> {
    pub pool: &'a PgPool,
    pub actor: &'a str,
    pub licensing: Option<&'a Licensing>,
}

/// Runs `arguments` (the subcommand and what follows it) in `context`, reading secrets
/// from `stdin`; returns what to print on stdout.
pub async fn run(
    arguments: &[String],
    stdin: impl Read,
    context: &OperatorContext<'_>,
) -> Result<String, OperatorError> {
    let (pool, actor) = (context.pool, context.actor);
    let (words, rest) = arguments.split_at(arguments.len().min(2));
    match words {
        [noun, verb] if noun == "tenant" && verb == "create" => {
            tenant::create(rest, stdin, pool, actor).await
        }
        [noun, verb] if noun == "tenant" && verb == "set-plan" => {
            tenant::set_plan(rest, context).await
        }
        [noun, verb] if noun == "tenant" && verb == "set-overrides" => {
            entitlements::set_overrides(rest, context).await
        }
        [noun, verb] if noun == "tenant" && verb == "set-status" => {
            standing::set_status(rest, context).await
        }
        [noun, verb] if noun == "plan" && verb == "create" => plan::create(rest, pool, actor).await,
        [noun, verb] if noun == "commands" && verb == "prune" => {
            feed::prune(feed::parse_prune(rest)?, pool).await
        }
        _ => device::run(parse_device_command(words, rest)?, pool, actor).await,
    }
}

/// Parses the device subcommands; anything else is a usage mistake.
fn parse_device_command(
    words: &[String],
    rest: &[String],
) -> Result<device::DeviceCommand, OperatorError> {
    match words {
        [noun, verb] if noun == "activation-code" && verb == "create" => {
            device::parse_create_code(rest)
        }
        [noun, verb] if noun == "device" && verb == "list" => device::parse_list(rest),
        [noun, verb] if noun == "device" && verb == "reset" => device::parse_reset(rest),
        _ => Err(OperatorError::Usage(format!(
            "unknown operator command {words:?}\n\n{USAGE}"
        ))),
    }
}

/// Checks the arguments of `arguments` without touching the database, so that usage
/// mistakes are reported before any connection is tried.
pub fn check_usage(arguments: &[String]) -> Result<(), OperatorError> {
    let (words, rest) = arguments.split_at(arguments.len().min(2));
    match words {
        [noun, verb] if noun == "tenant" && verb == "create" => tenant::parse(rest).map(drop),
        [noun, verb] if noun == "tenant" && verb == "set-plan" => {
            tenant::parse_set_plan(rest).map(drop)
        }
        [noun, verb] if noun == "tenant" && verb == "set-overrides" => {
            entitlements::parse(rest).map(drop)
        }
        [noun, verb] if noun == "tenant" && verb == "set-status" => standing::parse(rest).map(drop),
        [noun, verb] if noun == "plan" && verb == "create" => plan::parse(rest).map(drop),
        [noun, verb] if noun == "commands" && verb == "prune" => feed::parse_prune(rest).map(drop),
        _ => parse_device_command(words, rest).map(drop),
    }
}
