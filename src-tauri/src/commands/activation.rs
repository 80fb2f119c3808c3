//! Commands that talk to the hub about this counter: activation with a code, a status
//! check on demand, the sync status line and the log of status checks.

use std::sync::Arc;

use fflow_core::CoreError;
use fflow_core::hub_client::{activate, check_status};
use fflow_core::licensing::{CheckKind, LicenseCheck, recent_license_checks};
use fflow_core::sync::{SyncStatus, sync_status as core_sync_status};
use serde::Serialize;
use tauri::State;

use super::database;
use super::license::{LicenseStatusView, license_view};
use crate::error::CommandError;
use crate::hub_connection::HubConnection;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// Status checks the details dialog lists.
const CHECKS_SHOWN: u32 = 20;

/// Activates this counter with `code`, naming it `device_name` on the hub, on behalf of
/// the signed-in manager or owner; then restarts the sync task on the new link.
#[tauri::command]
#[specta::specta]
pub async fn activate_counter(
    hub: State<'_, Arc<HubConnection>>,
    signed_in: State<'_, SignedIn>,
    code: String,
    device_name: String,
) -> Result<LicenseStatusView, CommandError> {
    if !signed_in.current()?.role.approves() {
        return Err(CoreError::ManagerApprovalRequired {
            action: "activating this counter",
        }
        .into());
    }
    let (client, database) = hub.client()?;
    activate(client, database, code.trim(), device_name.trim()).await?;
    hub.restart_sync();
    license_view(database)
}

/// Checks in with the hub now (logged as an on-demand check) and answers the license as
/// it stands after.
#[tauri::command]
#[specta::specta]
pub async fn check_license_now(
    hub: State<'_, Arc<HubConnection>>,
) -> Result<LicenseStatusView, CommandError> {
    let (client, database) = hub.client()?;
    check_status(client, database, CheckKind::OnDemand).await?;
    license_view(database)
}

/// The sync status line. Times are Unix milliseconds.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    #[specta(type = f64)]
    pub pending_events: i64,
    #[specta(type = Option<f64>)]
    pub oldest_pending_age_ms: Option<i64>,
    #[specta(type = Option<f64>)]
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    #[specta(type = Option<f64>)]
    pub last_error_at: Option<i64>,
    /// Whether the store has been activated with a hub at all.
    pub linked: bool,
}

impl From<SyncStatus> for SyncStatusView {
    fn from(status: SyncStatus) -> Self {
        SyncStatusView {
            pending_events: status.pending_events,
            oldest_pending_age_ms: status.oldest_pending_age_ms,
            last_success_at: status.last_success_at,
            last_error: status.last_error,
            last_error_at: status.last_error_at,
            linked: status.linked,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn sync_status(context: State<'_, StoreContext>) -> Result<SyncStatusView, CommandError> {
    Ok(core_sync_status(database(&context)?)?.into())
}

/// One status check against the hub, as the details dialog lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LicenseCheckView {
    /// `activation`, `start_up`, `scheduled` or `on_demand`.
    pub kind: String,
    pub success: bool,
    /// `active`, `pending_payment`, `suspended`, ... when the hub answered.
    pub status_received: Option<String>,
    pub error: Option<String>,
    pub response_time_ms: Option<u32>,
    #[specta(type = f64)]
    pub checked_at: i64,
}

impl From<LicenseCheck> for LicenseCheckView {
    fn from(check: LicenseCheck) -> Self {
        LicenseCheckView {
            kind: check.kind.as_str().to_owned(),
            success: check.success,
            status_received: check
                .status_received
                .map(|status| status.as_str().to_owned()),
            error: check.error,
            response_time_ms: check.response_time_ms,
            checked_at: check.checked_at,
        }
    }
}

/// The latest status checks, newest first.
#[tauri::command]
#[specta::specta]
pub fn license_checks(
    context: State<'_, StoreContext>,
) -> Result<Vec<LicenseCheckView>, CommandError> {
    let checks = recent_license_checks(database(&context)?, CHECKS_SHOWN)?;
    Ok(checks.into_iter().map(LicenseCheckView::from).collect())
}
