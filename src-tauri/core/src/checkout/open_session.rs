//! The open cash session as the counter shows it: its X report, or nothing when closed.

use crate::cash::{SessionReport, open_session_id, session_report};
use crate::{CoreError, StoreDatabase};

/// The X report of the open session, or `None` when no session is open.
pub fn open_session_report(database: &StoreDatabase) -> Result<Option<SessionReport>, CoreError> {
    database.read(|connection| match open_session_id(connection)? {
        Some(session_id) => session_report(connection, &session_id).map(Some),
        None => Ok(None),
    })
}
