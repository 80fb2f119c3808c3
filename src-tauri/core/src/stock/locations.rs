//! Stock locations (bins, shelves, the back room): created, listed and renamed by their
//! code. Ledger movements point at a location's id, so renaming one never rewrites stock.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::records::{OutboxEvent, append_to_outbox, new_id, now_millis};
use crate::{CoreError, StoreDatabase};

/// Longest code a label printer or a shelf tag is expected to show.
const MAX_CODE_CHARS: usize = 40;

/// A place stock sits in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: String,
    pub code: String,
}

/// Adds a location with `code` (trimmed; unique).
pub fn create_location(database: &StoreDatabase, code: &str) -> Result<Location, CoreError> {
    let code = validated_code(code)?;
    database.write(|transaction| {
        refuse_taken_code(transaction, &code, None)?;
        let location = Location { id: new_id(), code };
        transaction.execute(
            "INSERT INTO locations (id, code) VALUES (?1, ?2)",
            params![location.id, location.code],
        )?;
        record_change(transaction, &location, "location.created")?;
        Ok(location)
    })
}

/// Every location, by code.
pub fn list_locations(database: &StoreDatabase) -> Result<Vec<Location>, CoreError> {
    database.read(|connection| {
        let mut statement =
            connection.prepare_cached("SELECT id, code FROM locations ORDER BY code")?;
        let rows = statement.query_map([], |row| {
            Ok(Location {
                id: row.get(0)?,
                code: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}

/// Gives the location `id` the code `new_code`.
pub fn rename_location(
    database: &StoreDatabase,
    id: &str,
    new_code: &str,
) -> Result<Location, CoreError> {
    let code = validated_code(new_code)?;
    database.write(|transaction| {
        if !location_exists(transaction, id)? {
            return Err(CoreError::UnknownLocation(id.to_owned()));
        }
        refuse_taken_code(transaction, &code, Some(id))?;
        transaction.execute(
            "UPDATE locations SET code = ?2 WHERE id = ?1",
            params![id, code],
        )?;
        let location = Location {
            id: id.to_owned(),
            code,
        };
        record_change(transaction, &location, "location.renamed")?;
        Ok(location)
    })
}

/// Whether a location with `id` exists.
pub(crate) fn location_exists(connection: &Connection, id: &str) -> Result<bool, CoreError> {
    Ok(connection
        .prepare_cached("SELECT 1 FROM locations WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn validated_code(code: &str) -> Result<String, CoreError> {
    let code = code.trim();
    if code.is_empty() || code.chars().count() > MAX_CODE_CHARS {
        return Err(CoreError::InvalidInput {
            field: "code",
            reason: format!("a location code has 1 to {MAX_CODE_CHARS} characters"),
        });
    }
    Ok(code.to_owned())
}

/// Refuses `code` when a location other than `except_id` has it. Checked inside the
/// write transaction, so no other writer can take the code in between.
fn refuse_taken_code(
    transaction: &Transaction<'_>,
    code: &str,
    except_id: Option<&str>,
) -> Result<(), CoreError> {
    let holder: Option<String> = transaction
        .prepare_cached("SELECT id FROM locations WHERE code = ?1")?
        .query_row([code], |row| row.get(0))
        .optional()?;
    match holder {
        Some(holder) if Some(holder.as_str()) != except_id => {
            Err(CoreError::DuplicateLocation(code.to_owned()))
        }
        _ => Ok(()),
    }
}

fn record_change(
    transaction: &Transaction<'_>,
    location: &Location,
    kind: &str,
) -> Result<(), CoreError> {
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "location",
            aggregate_id: &location.id,
            kind,
            payload: json!({ "id": location.id, "code": location.code }),
            occurred_at: now_millis(),
        },
    )?;
    Ok(())
}
