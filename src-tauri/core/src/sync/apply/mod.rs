//! Applying the hub's commands to the store. A pulled page is applied in one write
//! transaction together with the inbox rows and the new cursor, so a command takes effect
//! once however often it is delivered. A command that cannot be applied is rolled back to
//! its own savepoint and quarantined with the reason, and the page goes on.

mod device;
mod master_data;
mod snapshot;

use fflow_protocol::commands::{DEVICE_RESET, LICENSE_RENEWED};
use fflow_protocol::master_data::{PAYMENT_METHOD_UPSERTED, PRODUCT_PRICE_SET};
use fflow_protocol::sync::SyncCommand;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::de::DeserializeOwned;

pub use snapshot::{SnapshotOutcome, apply_snapshot};

use super::quarantine::quarantine_command;
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// The `sync_state` key of the cursor of the last command applied (or quarantined).
const COMMAND_CURSOR_KEY: &str = "command_cursor";
/// The audit log's actor for changes the hub commanded.
pub(crate) const HUB_ACTOR: &str = "hub";

/// Why a command was quarantined: a stable code for the UI and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
        }
    }
}

/// How applying one command failed: the command is at fault (quarantine it and go on),
/// or the store is (stop, roll the page back and pull it again later).
#[derive(Debug)]
pub(crate) enum CommandFailure {
    Refused(Refusal),
    Store(CoreError),
}

impl From<CoreError> for CommandFailure {
    fn from(error: CoreError) -> Self {
        // A row the schema refuses is bad data from the hub, not a broken store.
        match &error {
            CoreError::Database(database_error)
                if database_error.sqlite_error_code()
                    == Some(rusqlite::ErrorCode::ConstraintViolation) =>
            {
                CommandFailure::Refused(Refusal::new("constraint_violated", error.to_string()))
            }
            _ => CommandFailure::Store(error),
        }
    }
}

impl From<rusqlite::Error> for CommandFailure {
    fn from(error: rusqlite::Error) -> Self {
        CommandFailure::from(CoreError::from(error))
    }
}

/// What applying one page did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageOutcome {
    pub applied: u64,
    /// Commands already in the inbox or the quarantine: delivered before, skipped.
    pub duplicates: u64,
    pub quarantined: u64,
    /// A `device.reset` took effect: the device token is worthless now.
    pub device_reset: bool,
}

/// Applies a pulled page, `commands` in cursor order, in one write transaction that also
/// records them in the inbox (or the quarantine) and moves the stored cursor to
/// `next_cursor` (never back). Nothing is written when it fails.
pub fn apply_command_page(
    database: &StoreDatabase,
    commands: &[SyncCommand],
    next_cursor: i64,
) -> Result<PageOutcome, CoreError> {
    database.write(|transaction| apply_page(transaction, commands, next_cursor))
}

fn apply_page(
    transaction: &Transaction<'_>,
    commands: &[SyncCommand],
    next_cursor: i64,
) -> Result<PageOutcome, CoreError> {
    let mut outcome = PageOutcome::default();
    for command in commands {
        if already_delivered(transaction, command)? {
            outcome.duplicates += 1;
            continue;
        }
        match in_savepoint(transaction, || apply_command(transaction, command)) {
            Ok(effect) => {
                record_in_inbox(transaction, command)?;
                outcome.applied += 1;
                outcome.device_reset |= effect == Effect::DeviceReset;
            }
            Err(CommandFailure::Refused(refusal)) => {
                quarantine_command(transaction, command, &refusal)?;
                outcome.quarantined += 1;
            }
            Err(CommandFailure::Store(error)) => return Err(error),
        }
    }
    advance_command_cursor(transaction, next_cursor)?;
    Ok(outcome)
}

/// Runs `work` inside a savepoint: when it refuses, whatever it wrote is rolled back and
/// the transaction goes on. A store failure is left to roll the whole transaction back.
pub(crate) fn in_savepoint<T>(
    transaction: &Transaction<'_>,
    work: impl FnOnce() -> Result<T, CommandFailure>,
) -> Result<T, CommandFailure> {
    transaction.execute_batch("SAVEPOINT command")?;
    let result = work();
    match &result {
        Ok(_) => transaction.execute_batch("RELEASE command")?,
        Err(CommandFailure::Refused(_)) => {
            transaction.execute_batch("ROLLBACK TO command; RELEASE command")?;
        }
        Err(CommandFailure::Store(_)) => {}
    }
    result
}

/// What a command did beyond its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Applied,
    DeviceReset,
}

fn apply_command(
    transaction: &Transaction<'_>,
    command: &SyncCommand,
) -> Result<Effect, CommandFailure> {
    let source = master_data::ChangeSource::Command(command.id);
    match command.kind.as_str() {
        PAYMENT_METHOD_UPSERTED => {
            master_data::upsert_payment_method(transaction, &payload_of(command)?, source)?;
            Ok(Effect::Applied)
        }
        PRODUCT_PRICE_SET => {
            master_data::set_product_price(transaction, &payload_of(command)?, source)?;
            Ok(Effect::Applied)
        }
        LICENSE_RENEWED => {
            device::install_renewed_license(transaction, &payload_of(command)?)?;
            Ok(Effect::Applied)
        }
        DEVICE_RESET => match device::reset_device(transaction, command.id, &payload_of(command)?)?
        {
            device::ResetOutcome::Deactivated => Ok(Effect::DeviceReset),
            device::ResetOutcome::OlderThanLicense => Ok(Effect::Applied),
        },
        other => Err(CommandFailure::Refused(Refusal::new(
            "unknown_kind",
            format!("this version of F-Flow does not know the command kind {other:?}"),
        ))),
    }
}

fn payload_of<T: DeserializeOwned>(command: &SyncCommand) -> Result<T, CommandFailure> {
    serde_json::from_value(command.payload.clone()).map_err(|error| {
        CommandFailure::Refused(Refusal::new(
            "invalid_payload",
            format!("the payload of {} does not decode: {error}", command.kind),
        ))
    })
}

fn already_delivered(connection: &Connection, command: &SyncCommand) -> Result<bool, CoreError> {
    let id = command.id.to_string();
    Ok(connection
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM inbox WHERE command_id = ?1)
                 OR EXISTS (SELECT 1 FROM command_quarantine WHERE command_id = ?1)",
        )?
        .query_row([id], |row| row.get(0))?)
}

fn record_in_inbox(transaction: &Transaction<'_>, command: &SyncCommand) -> Result<(), CoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO inbox (command_id, kind, payload, applied_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            command.id.to_string(),
            command.kind,
            command.payload.to_string(),
            now_millis()
        ])?;
    Ok(())
}

/// The cursor of the last command this store applied or quarantined; 0 before the first.
pub fn stored_command_cursor(connection: &Connection) -> Result<i64, CoreError> {
    let stored: Option<String> = connection
        .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([COMMAND_CURSOR_KEY], |row| row.get(0))
        .optional()?;
    stored.map_or(Ok(0), |text| {
        text.parse().map_err(|_| CoreError::InvalidInput {
            field: "sync_state",
            reason: format!("the command cursor {text:?} is not a number"),
        })
    })
}

/// Stores `cursor` unless the stored one is already further on.
fn advance_command_cursor(transaction: &Transaction<'_>, cursor: i64) -> Result<(), CoreError> {
    if cursor > stored_command_cursor(transaction)? {
        store_command_cursor(transaction, cursor)?;
    }
    Ok(())
}

/// Stores `cursor` as it is, even below the stored one (a snapshot decides).
pub(crate) fn store_command_cursor(
    transaction: &Transaction<'_>,
    cursor: i64,
) -> Result<(), CoreError> {
    transaction.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![COMMAND_CURSOR_KEY, cursor.to_string()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn savepoint_rows(transaction: &Transaction<'_>) -> i64 {
        transaction
            .query_row(
                "SELECT count(*) FROM sync_state WHERE key LIKE 'savepoint%'",
                [],
                |row| row.get(0),
            )
            .expect("count")
    }

    #[test]
    fn a_refused_command_leaves_none_of_its_writes_and_the_transaction_goes_on() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        database
            .write(|transaction| {
                let write = |key: &str| {
                    transaction.execute(
                        "INSERT INTO sync_state (key, value) VALUES (?1, 'x')",
                        [key],
                    )
                };
                let refused = in_savepoint(transaction, || {
                    write("savepoint-refused")?;
                    Err::<(), _>(CommandFailure::Refused(Refusal::new("test", "refused")))
                });
                assert!(matches!(refused, Err(CommandFailure::Refused(_))));
                assert_eq!(
                    savepoint_rows(transaction),
                    0,
                    "the refused write is undone"
                );
                in_savepoint(transaction, || Ok(write("savepoint-applied")?))
                    .map_err(|_| CoreError::DatabasePoisoned)?;
                assert_eq!(savepoint_rows(transaction), 1, "the next one is kept");
                Ok(())
            })
            .expect("the transaction commits");
        let kept = database
            .read(|connection| {
                Ok(connection.query_row(
                    "SELECT group_concat(key) FROM sync_state WHERE key LIKE 'savepoint%'",
                    [],
                    |row| row.get::<_, String>(0),
                )?)
            })
            .expect("read");
        assert_eq!(kept, "savepoint-applied");
    }
}
