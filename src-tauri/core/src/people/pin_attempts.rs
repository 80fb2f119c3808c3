//! Wrong-PIN lockout. A four-digit PIN has only 10,000 values, so guessing must not be
//! free: after [`FAILURES_BEFORE_LOCKOUT`] wrong PINs in a row a till user is locked out
//! for [`FIRST_LOCKOUT_MINUTES`], and each further wrong PIN once the lock ends doubles
//! the wait, up to [`LONGEST_LOCKOUT_MINUTES`]. A right PIN clears the count. While a
//! user is locked out the PIN is not even checked, so a locked user learns nothing from
//! trying. The count lives in the database, so restarting the app does not reset it.
//!
//! The same rule covers signing in and a manager approving with their PIN: both go
//! through `people::sign_in`.

use rusqlite::{OptionalExtension, params};

use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// Wrong PINs in a row that lock a user out.
pub const FAILURES_BEFORE_LOCKOUT: i64 = 5;
/// The first lockout; each wrong PIN after it doubles the next one.
pub const FIRST_LOCKOUT_MINUTES: i64 = 5;
/// The longest lockout, however many wrong PINs came before.
pub const LONGEST_LOCKOUT_MINUTES: i64 = 60;

const MINUTE_MILLIS: i64 = 60_000;

/// Refuses with [`CoreError::PinLocked`] while `user_id` is locked out.
pub(super) fn refuse_while_locked(
    database: &StoreDatabase,
    user_id: &str,
) -> Result<(), CoreError> {
    let locked_until: Option<i64> = database.read(|connection| {
        Ok(connection
            .prepare_cached("SELECT locked_until FROM pin_attempts WHERE user_id = ?1")?
            .query_row([user_id], |row| row.get(0))
            .optional()?)
    })?;
    let now = now_millis();
    match locked_until {
        Some(until) if until > now => Err(CoreError::PinLocked {
            minutes_left: minutes_rounded_up(until - now),
        }),
        _ => Ok(()),
    }
}

/// Counts a wrong PIN for `user_id` (one atomic upsert, so two tills guessing at once
/// both count) and answers the error the cashier sees: a plain wrong PIN, the lockout
/// this attempt started, or the database error that kept it from being counted (failing
/// closed: an uncounted guess is refused like any other).
pub(super) fn record_wrong_pin(database: &StoreDatabase, user_id: &str) -> CoreError {
    let now = now_millis();
    let counted = database.write(|transaction| {
        let failures: i64 = transaction
            .prepare_cached(
                "INSERT INTO pin_attempts (user_id, failures) VALUES (?1, 1)
                 ON CONFLICT (user_id) DO UPDATE SET failures = failures + 1
                 RETURNING failures",
            )?
            .query_row([user_id], |row| row.get(0))?;
        let lockout = lockout_minutes(failures);
        if lockout > 0 {
            transaction
                .prepare_cached("UPDATE pin_attempts SET locked_until = ?2 WHERE user_id = ?1")?
                .execute(params![user_id, now + lockout * MINUTE_MILLIS])?;
        }
        Ok(lockout)
    });
    match counted {
        Ok(0) => CoreError::WrongPin,
        Ok(minutes_left) => CoreError::PinLocked { minutes_left },
        Err(error) => error,
    }
}

/// Forgets `user_id`'s wrong PINs after a right one. Writes only when there is
/// something to forget, so an ordinary sign-in stays a read.
pub(super) fn clear_wrong_pins(database: &StoreDatabase, user_id: &str) -> Result<(), CoreError> {
    let counted: bool = database.read(|connection| {
        Ok(connection
            .prepare_cached("SELECT 1 FROM pin_attempts WHERE user_id = ?1")?
            .query_row([user_id], |_| Ok(()))
            .optional()?
            .is_some())
    })?;
    if counted {
        database.write(|transaction| {
            transaction
                .prepare_cached("DELETE FROM pin_attempts WHERE user_id = ?1")?
                .execute([user_id])?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Minutes of lockout after `failures` wrong PINs in a row: none below the threshold,
/// then doubling from the first lockout up to the longest.
pub fn lockout_minutes(failures: i64) -> i64 {
    if failures < FAILURES_BEFORE_LOCKOUT {
        return 0;
    }
    let doublings = (failures - FAILURES_BEFORE_LOCKOUT).min(8) as u32;
    (FIRST_LOCKOUT_MINUTES << doublings).min(LONGEST_LOCKOUT_MINUTES)
}

fn minutes_rounded_up(millis: i64) -> i64 {
    (millis + MINUTE_MILLIS - 1) / MINUTE_MILLIS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lockout_starts_at_the_fifth_wrong_pin_and_doubles_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=10).map(lockout_minutes).collect();
        assert_eq!(minutes, [0, 0, 0, 0, 5, 10, 20, 40, 60, 60]);
        assert_eq!(
            lockout_minutes(i64::MAX),
            LONGEST_LOCKOUT_MINUTES,
            "no overflow"
        );
    }

    #[test]
    fn minutes_left_are_rounded_up_so_a_cashier_is_never_told_zero() {
        assert_eq!(minutes_rounded_up(1), 1);
        assert_eq!(minutes_rounded_up(MINUTE_MILLIS), 1);
        assert_eq!(minutes_rounded_up(MINUTE_MILLIS + 1), 2);
    }
}
