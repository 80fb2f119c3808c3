//! Counter preferences kept in the store's settings.

use crate::settings::read_setting;
use crate::{CoreError, StoreDatabase};

/// Settings key: seconds without input before the counter locks and asks for a PIN.
pub const LOCK_AFTER_SECONDS: &str = "lock_after_seconds";
/// Five minutes: long enough not to interrupt a slow customer, short enough that an
/// unattended counter does not stay open for the next person.
const DEFAULT_LOCK_AFTER_SECONDS: u32 = 300;
/// Locking sooner than this would lock a cashier between two scans.
const SHORTEST_LOCK_AFTER_SECONDS: u32 = 15;

/// How long the counter waits without input before it locks.
pub fn lock_after_seconds(database: &StoreDatabase) -> Result<u32, CoreError> {
    let stored = database.read(|connection| read_setting(connection, LOCK_AFTER_SECONDS))?;
    Ok(stored
        .and_then(|value| value.trim().parse::<u32>().ok())
        .map_or(DEFAULT_LOCK_AFTER_SECONDS, |seconds| {
            seconds.max(SHORTEST_LOCK_AFTER_SECONDS)
        }))
}
