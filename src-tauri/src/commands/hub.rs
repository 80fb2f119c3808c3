//! Commands about the link to F-Flow Hub.

use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;

use crate::launch::StoreContext;

/// Whether the hub answers. Being offline is a normal state of a store, not an error.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(
    tag = "state",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum HubStatusView {
    /// No hub address is configured on this counter.
    NotConfigured,
    /// The hub answered its health check.
    Online { url: String, hub_version: String },
    /// The hub did not answer, or answered something unexpected.
    Unreachable {
        url: String,
        code: String,
        message: String,
    },
}

#[tauri::command]
#[specta::specta]
pub async fn hub_status(app: AppHandle) -> HubStatusView {
    // An owned handle rather than `State<'_>`: async commands may not borrow state
    // unless they return `Result`, and checking the hub cannot fail, only report.
    let Some(url) = app.state::<StoreContext>().hub_url.clone() else {
        return HubStatusView::NotConfigured;
    };
    match fflow_core::hub_link::check_hub_health(&url).await {
        Ok(report) => HubStatusView::Online {
            url,
            hub_version: report.version,
        },
        Err(error) => HubStatusView::Unreachable {
            url,
            code: error.code().to_owned(),
            message: error.to_string(),
        },
    }
}

/// What waits to be sent to the hub.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncBacklogView {
    /// Events committed here that the hub has not acknowledged yet.
    #[specta(type = i32)]
    pub pending_events: i64,
}

#[tauri::command]
#[specta::specta]
pub fn sync_backlog(context: State<'_, StoreContext>) -> Result<SyncBacklogView, CommandError> {
    let database = context.database.as_deref().map_err(Clone::clone)?;
    Ok(SyncBacklogView {
        pending_events: fflow_core::counter_status::pending_outbox_events(database)?,
    })
}
