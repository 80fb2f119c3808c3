//! Commands about the link to F-Flow Hub.

use serde::Serialize;
use tauri::{AppHandle, Manager};

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
