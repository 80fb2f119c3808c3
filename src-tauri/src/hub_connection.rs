//! The shell's link to F-Flow Hub: the one `HubClient` of this counter, the background sync
//! task on Tauri's async runtime, and the activation `scripts/run` asks for at start-up.
//!
//! Nothing here runs on the window's thread or holds the database writer across a network
//! call (core guarantees the latter), so a slow or absent hub never blocks selling.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use fflow_core::StoreDatabase;
use fflow_core::hub_client::{HubClient, activate, read_hub_link};
use fflow_core::licensing::license_report;
use fflow_core::sync::{SyncTaskSettings, run_sync};
use tokio::sync::Notify;

use crate::error::CommandError;
use crate::launch::StoreContext;

/// Environment variable with an activation code to use at start-up when the store is not
/// activated yet (set by `scripts/run`). The code itself is never logged.
pub const ACTIVATION_CODE_VARIABLE: &str = "FFLOW_ACTIVATION_CODE";

/// The pace of the app's sync task: events reach the hub within a couple of seconds, the
/// license status is checked every quarter hour, and a hub that is down is retried from
/// a few seconds up to five minutes apart.
const SYNC_SETTINGS: SyncTaskSettings = SyncTaskSettings {
    poll_interval: Duration::from_secs(2),
    status_check_interval: Duration::from_secs(15 * 60),
    first_retry_delay: Duration::from_secs(5),
    longest_retry_delay: Duration::from_secs(5 * 60),
};

/// The hub client (when a hub is configured and the database opened) and the running
/// sync task, if any.
#[derive(Debug)]
pub struct HubConnection {
    linked: Option<(Arc<HubClient>, Arc<StoreDatabase>)>,
    running_task: Mutex<Option<Arc<Notify>>>,
}

impl HubConnection {
    /// Builds the client for `context`. The device key goes to the OS keyring, and core
    /// falls back to a locked-down file where no keyring service runs.
    pub fn new(context: &StoreContext) -> HubConnection {
        let linked = match (&context.hub_url, &context.database) {
            (Some(url), Ok(database)) => {
                let data_folder = database
                    .path()
                    .parent()
                    .map(std::path::Path::to_path_buf)
                    .unwrap_or_default();
                match HubClient::new(url, data_folder, true) {
                    Ok(client) => Some((Arc::new(client), Arc::clone(database))),
                    Err(error) => {
                        tracing::error!(code = error.code(), "no hub client: {error}");
                        None
                    }
                }
            }
            _ => None,
        };
        HubConnection {
            linked,
            running_task: Mutex::new(None),
        }
    }

    /// The client and database, or `hub_not_configured` when this counter has no hub.
    pub fn client(&self) -> Result<(&HubClient, &StoreDatabase), CommandError> {
        self.linked
            .as_ref()
            .map(|(client, database)| (client.as_ref(), database.as_ref()))
            .ok_or_else(|| CommandError {
                code: "hub_not_configured".to_owned(),
                message: "no hub address is configured on this counter (FFLOW_HUB_URL)".to_owned(),
            })
    }

    /// At launch: activates with `FFLOW_ACTIVATION_CODE` when one is given and the store
    /// is not activated, then starts the sync task if the store is linked. Runs on the
    /// async runtime and returns at once.
    pub fn start(self: &Arc<Self>) {
        let Some((client, database)) = self.linked.clone() else {
            return;
        };
        let activation_code = std::env::var(ACTIVATION_CODE_VARIABLE)
            .ok()
            .map(|code| code.trim().to_owned())
            .filter(|code| !code.is_empty());
        let connection = Arc::clone(self);
        tauri::async_runtime::spawn(async move {
            if let Some(code) = activation_code {
                activate_at_start_up(&client, &database, &code).await;
            }
            connection.restart_sync();
        });
    }

    /// Stops the running sync task, if any, and starts a new one when the store is linked
    /// with a hub. Called at launch and after every activation, so a new link is synced at
    /// once instead of after the backoff of a task that failed while unlinked.
    pub fn restart_sync(&self) {
        let Some((client, database)) = self.linked.clone() else {
            return;
        };
        // One lock over stop and start, so two restarts at once never leave a task running
        // that nobody can stop.
        let mut running = self
            .running_task
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(stop) = running.take() {
            stop.notify_one();
        }
        match database.read(read_hub_link) {
            Ok(Some(_)) => {}
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(code = error.code(), "sync not started: {error}");
                return;
            }
        }
        let stop = Arc::new(Notify::new());
        let stop_signal = Arc::clone(&stop);
        tauri::async_runtime::spawn(async move {
            run_sync(&client, &database, &SYNC_SETTINGS, stop_signal.notified()).await;
            tracing::info!("sync task stopped");
        });
        *running = Some(stop);
        tracing::info!("sync task started");
    }

    /// Signals the running sync task to stop at its next wait (on app exit).
    pub fn stop_sync(&self) {
        if let Some(stop) = self
            .running_task
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            // `notify_one` keeps a permit, so a task busy pushing stops when it next waits.
            stop.notify_one();
        }
    }
}

/// Activates with `code` unless the store already holds an activation that still counts
/// (anything but `not_activated` or `deactivated`). Logs one line with the outcome.
async fn activate_at_start_up(client: &HubClient, database: &StoreDatabase, code: &str) {
    let state = match license_report(database) {
        Ok(report) => report.state.code().to_owned(),
        Err(error) => {
            tracing::warn!(code = error.code(), "start-up activation skipped: {error}");
            return;
        }
    };
    if !matches!(state.as_str(), "not_activated" | "deactivated") {
        tracing::info!(license = %state, "start-up activation not needed");
        return;
    }
    let device_name = fflow_core::store_info::device_name();
    match activate(client, database, code, &device_name).await {
        Ok(activation) => tracing::info!(
            device_id = %activation.device_id,
            license = activation.license.state.code(),
            "start-up activation succeeded"
        ),
        Err(error) => {
            tracing::warn!(code = error.code(), "start-up activation failed: {error}")
        }
    }
}
