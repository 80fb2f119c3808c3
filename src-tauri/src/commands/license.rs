//! Commands about this counter's license, as core judges it offline.

use fflow_core::StoreDatabase;
use fflow_core::licensing::{LicenseState, license_report};
use serde::Serialize;
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;

/// The license as the status bar shows it. `state` is the code the UI translates.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LicenseStatusView {
    /// `not_activated`, `active`, `pending_payment`, `grace`, `restricted`, `suspended`,
    /// `deactivated` or `invalid`.
    pub state: String,
    /// Whether sales, returns, cash and stock changes are allowed.
    pub allows_selling: bool,
    /// In grace only: whole days left, then the hours past them.
    pub grace_days_left: Option<u32>,
    pub grace_hours_left: Option<u32>,
    /// The system clock was turned back; shown until the next hub contact.
    pub clock_tampering: bool,
    pub plan: Option<String>,
    /// Core's explanation in English, for the details view and the logs.
    pub message: String,
}

#[tauri::command]
#[specta::specta]
pub fn license_status(context: State<'_, StoreContext>) -> Result<LicenseStatusView, CommandError> {
    license_view(database(&context)?)
}

/// The license as core judges it now, as the status bar shows it.
pub(super) fn license_view(database: &StoreDatabase) -> Result<LicenseStatusView, CommandError> {
    let report = license_report(database)?;
    let (grace_days_left, grace_hours_left) = match report.state {
        LicenseState::Grace {
            days_left,
            hours_left,
            ..
        } => (Some(days_left), Some(hours_left)),
        _ => (None, None),
    };
    Ok(LicenseStatusView {
        state: report.state.code().to_owned(),
        allows_selling: report.state.allows_selling(),
        grace_days_left,
        grace_hours_left,
        clock_tampering: report.clock_tampering,
        plan: report.plan,
        message: report.state.message(),
    })
}
