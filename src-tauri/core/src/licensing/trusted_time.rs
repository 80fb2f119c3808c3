//! Trusted time: the later of the system clock and a high-water mark, so turning the clock
//! back buys no license time. The mark is the latest of license issue times and of the
//! system clock as licensing read it in a write; the hub's clock, the one authority,
//! replaces it on every contact (so a clock that once ran far ahead cannot lock the store
//! out for good once the hub is reached).
//!
//! A system clock more than [`TAMPERING_THRESHOLD_SECONDS`] behind that mark is reported
//! as tampering, and the report sticks (also after the clock is put forward again) until
//! the next successful hub contact is recorded.

use fflow_protocol::license::UnixSeconds;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

pub use super::clock::system_now;
use super::state::InstanceStatus;
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// Twelve hours. Smaller gaps happen without anyone touching the clock: a dual-boot PC
/// whose hardware clock holds local time is off by the UTC offset (3 hours in Brasília,
/// at most 14 anywhere, so few reach this), a drained CMOS battery is off by years (and
/// is caught). A day of free selling is not worth fewer false alarms than this.
pub const TAMPERING_THRESHOLD_SECONDS: i64 = 12 * 60 * 60;

/// The clock as licensing sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedClock {
    /// max(system clock, high-water mark).
    pub now: UnixSeconds,
    /// The system clock was found far behind the mark since the last hub contact.
    pub tampering: bool,
}

/// Reads the trusted clock without writing (for read-only screens): tampering is the
/// stored flag or what the clock shows right now.
pub fn peek_trusted_clock(
    connection: &Connection,
    system_now: UnixSeconds,
) -> Result<TrustedClock, CoreError> {
    let (mark, tampering_seen_at) = stored_mark(connection)?;
    Ok(TrustedClock {
        now: system_now.max(mark),
        tampering: tampering_seen_at.is_some() || is_far_behind(system_now, mark),
    })
}

/// Reads the trusted clock inside a write, latching the tampering flag when the clock is
/// far behind, so putting it forward again does not hide that it was turned back, and
/// raising the mark to a system clock ahead of it, so a clock turned back after a late
/// reading (past expiry, say) is measured from that reading.
pub(crate) fn trusted_clock(
    transaction: &Transaction<'_>,
    system_now: UnixSeconds,
) -> Result<TrustedClock, CoreError> {
    let (mark, tampering_seen_at) = stored_mark(transaction)?;
    if system_now > mark {
        raise_high_water_mark(transaction, system_now)?;
    }
    let far_behind = is_far_behind(system_now, mark);
    if far_behind && tampering_seen_at.is_none() {
        transaction
            .prepare_cached("UPDATE trusted_time SET tampering_seen_at = ?1 WHERE id = 1")?
            .execute([system_now])?;
        tracing::warn!(
            behind_by_seconds = mark - system_now,
            "the system clock is far behind the last trusted time"
        );
    }
    Ok(TrustedClock {
        now: system_now.max(mark),
        tampering: far_behind || tampering_seen_at.is_some(),
    })
}

/// Raises the high-water mark to `trusted` (never lowers it).
pub(crate) fn raise_high_water_mark(
    transaction: &Transaction<'_>,
    trusted: UnixSeconds,
) -> Result<(), CoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO trusted_time (id, high_water_mark) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE
             SET high_water_mark = max(high_water_mark, excluded.high_water_mark)",
        )?
        .execute([trusted])?;
    Ok(())
}

/// Records a successful hub contact: the hub's clock becomes the high-water mark (also
/// when that lowers it: the mark may hold a system clock that ran ahead), the tampering
/// report is cleared, and the instance status it gave (if any) is stored. The sync client
/// calls this after every answer from the hub.
pub fn record_hub_contact(
    database: &StoreDatabase,
    hub_time: UnixSeconds,
    status: Option<InstanceStatus>,
) -> Result<(), CoreError> {
    database.write(|transaction| record_hub_contact_in(transaction, hub_time, status))
}

pub(crate) fn record_hub_contact_in(
    transaction: &Transaction<'_>,
    hub_time: UnixSeconds,
    status: Option<InstanceStatus>,
) -> Result<(), CoreError> {
    transaction.execute(
        "INSERT INTO trusted_time (id, high_water_mark, last_hub_contact) VALUES (1, ?1, ?1)
         ON CONFLICT (id) DO UPDATE SET high_water_mark = excluded.high_water_mark,
             last_hub_contact = excluded.last_hub_contact, tampering_seen_at = NULL",
        [hub_time],
    )?;
    if let Some(status) = status {
        transaction.execute(
            "INSERT INTO license_instance_status (id, status, hub_time, recorded_at)
             VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status,
                 hub_time = excluded.hub_time, recorded_at = excluded.recorded_at",
            params![status.as_str(), hub_time, now_millis()],
        )?;
    }
    Ok(())
}

/// The hub time of the last successful contact, if any.
pub fn last_hub_contact(connection: &Connection) -> Result<Option<UnixSeconds>, CoreError> {
    Ok(connection
        .prepare_cached("SELECT last_hub_contact FROM trusted_time WHERE id = 1")?
        .query_row([], |row| row.get::<_, Option<i64>>(0))
        .optional()?
        .flatten())
}

fn stored_mark(connection: &Connection) -> Result<(UnixSeconds, Option<i64>), CoreError> {
    Ok(connection
        .prepare_cached("SELECT high_water_mark, tampering_seen_at FROM trusted_time WHERE id = 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .unwrap_or((i64::MIN, None)))
}

fn is_far_behind(system_now: UnixSeconds, mark: UnixSeconds) -> bool {
    system_now < mark.saturating_sub(TAMPERING_THRESHOLD_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HUB_TIME: i64 = 1_900_000_000;
    const HOUR: i64 = 60 * 60;

    fn clock_at(database: &StoreDatabase, system_now: i64) -> TrustedClock {
        database
            .write(|transaction| trusted_clock(transaction, system_now))
            .expect("read the trusted clock")
    }

    #[test]
    fn turning_the_clock_back_buys_no_time_and_is_reported_until_the_hub_answers() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        assert_eq!(
            clock_at(&database, HUB_TIME),
            TrustedClock {
                now: HUB_TIME,
                tampering: false
            },
            "with no trusted time seen, the system clock is all there is"
        );
        record_hub_contact(&database, HUB_TIME, None).expect("contact");

        let slightly_behind = clock_at(&database, HUB_TIME - HOUR);
        assert_eq!(slightly_behind.now, HUB_TIME, "the mark is never undercut");
        assert!(
            !slightly_behind.tampering,
            "an hour's drift is not tampering"
        );

        let far_behind = HUB_TIME - TAMPERING_THRESHOLD_SECONDS - 1;
        assert_eq!(
            clock_at(&database, far_behind),
            TrustedClock {
                now: HUB_TIME,
                tampering: true
            }
        );
        let put_forward = clock_at(&database, HUB_TIME + HOUR);
        assert_eq!(put_forward.now, HUB_TIME + HOUR);
        assert!(
            put_forward.tampering,
            "putting the clock forward again does not hide that it was turned back"
        );
        let peeked = database
            .read(|connection| peek_trusted_clock(connection, HUB_TIME + HOUR))
            .expect("peek");
        assert!(peeked.tampering, "read-only screens see the report too");

        record_hub_contact(&database, HUB_TIME + HOUR, None).expect("the hub answers");
        assert!(
            !clock_at(&database, HUB_TIME + HOUR).tampering,
            "a successful hub contact clears the report"
        );
        assert_eq!(
            database.read(last_hub_contact).expect("read"),
            Some(HUB_TIME + HOUR)
        );
    }

    #[test]
    fn a_clock_that_ran_ahead_is_remembered_until_the_hub_gives_its_time() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        record_hub_contact(&database, HUB_TIME, None).expect("contact");
        clock_at(&database, HUB_TIME + 30 * 24 * HOUR);
        let back = clock_at(&database, HUB_TIME + HOUR);
        assert_eq!(
            back,
            TrustedClock {
                now: HUB_TIME + 30 * 24 * HOUR,
                tampering: true
            },
            "a reading past the mark raises it, so going back from it is turning back"
        );
        record_hub_contact(&database, HUB_TIME + 2 * HOUR, None).expect("the hub answers");
        assert_eq!(
            clock_at(&database, HUB_TIME + 2 * HOUR),
            TrustedClock {
                now: HUB_TIME + 2 * HOUR,
                tampering: false
            },
            "the hub's time replaces a mark that ran ahead of it"
        );
    }
}
