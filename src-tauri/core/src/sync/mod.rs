//! The sync client: pushes the outbox to the hub in sequence order, pulls the hub's
//! commands and applies them once each, and reports how far it got for the UI. `push`
//! and `pull` are one round each; `task` runs rounds in the background.

mod apply;
mod pull;
mod push;
mod quarantine;
mod status;
mod task;

pub use apply::{
    PageOutcome, Refusal, SnapshotOutcome, apply_command_page, apply_snapshot,
    stored_command_cursor,
};
pub use pull::{PullReport, pull_commands};
pub use push::{PushReport, push_outbox};
pub use quarantine::{QuarantinedCommand, quarantined_commands};
pub use status::{SyncStatus, sync_status};
pub use task::{SyncTaskSettings, backoff_delay, run_sync};
