//! The sync client: pushes the outbox to the hub in sequence order, and reports how far
//! it got for the UI. `push` is one drain; `task` runs drains in the background.

mod push;
mod status;
mod task;

pub use push::{PushReport, push_outbox};
pub use status::{SyncStatus, sync_status};
pub use task::{SyncTaskSettings, backoff_delay, run_sync};
