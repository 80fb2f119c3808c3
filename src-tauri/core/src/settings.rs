//! Store settings: text values by key (store data for receipts, PIX, device code).

use rusqlite::{Connection, OptionalExtension, params};

use crate::{CoreError, StoreDatabase};

/// The value of `key` on `connection`; blank values count as unset.
pub fn read_setting(connection: &Connection, key: &str) -> Result<Option<String>, CoreError> {
    Ok(connection
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get::<_, String>(0))
        .optional()?
        .filter(|value| !value.trim().is_empty()))
}

/// Sets `key` to `value`.
pub fn write_setting(database: &StoreDatabase, key: &str, value: &str) -> Result<(), CoreError> {
    database.write(|transaction| set_setting(transaction, key, value))
}

/// Sets `key` to `value` on `connection`, inside the caller's transaction, so several
/// settings change together or not at all.
pub fn set_setting(connection: &Connection, key: &str, value: &str) -> Result<(), CoreError> {
    connection
        .prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE
             SET value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        )?
        .execute(params![key, value])?;
    Ok(())
}
