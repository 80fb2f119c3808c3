//! What the counter's status bar reports about data not yet sent to the hub.

use crate::{CoreError, StoreDatabase};

/// Events written locally that the hub has not acknowledged yet: sales, returns and
/// cash movements still waiting for the sync task.
pub fn pending_outbox_events(database: &StoreDatabase) -> Result<i64, CoreError> {
    database.read(|connection| {
        Ok(connection
            .prepare_cached("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL")?
            .query_row([], |row| row.get(0))?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cash::open_session;
    use crate::people::{Role, create_till_user};

    #[test]
    fn every_unacknowledged_event_counts_as_pending() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        assert_eq!(pending_outbox_events(&database).expect("count"), 0);
        let owner = create_till_user(&database, "Dona", Role::Owner, "2468").expect("owner");
        open_session(&database, &owner.id, 0).expect("open a session");
        let pending = pending_outbox_events(&database).expect("count");
        assert!(
            pending >= 1,
            "opening a session leaves an event for the hub"
        );
        database
            .write(|transaction| {
                transaction.execute("UPDATE outbox SET acked_at = 1", [])?;
                Ok(())
            })
            .expect("acknowledge");
        assert_eq!(pending_outbox_events(&database).expect("count"), 0);
    }
}
