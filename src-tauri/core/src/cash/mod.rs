//! Cash sessions: open with a float, cash in and out with a reason, close with the
//! counted amounts; X and Z reports come from one function (`report`), so they cannot
//! disagree. `drawer` opens the cash drawer outside a sale, with a role check and an audit
//! row.

pub mod drawer;
pub mod drawer_wiring;
pub mod report;
pub mod sessions;

pub use report::{MethodTotals, SessionReport, session_report};
pub use sessions::{CashMovementKind, cash_movement, close_session, open_session, open_session_id};
