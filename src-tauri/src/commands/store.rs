//! Commands about this installation: version, device and database.

use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::launch::StoreContext;

/// What the UI shows about this counter.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreInfoView {
    pub app_version: String,
    pub device_name: String,
    pub database_path: String,
    pub schema_version: u32,
}

#[tauri::command]
#[specta::specta]
pub fn store_info(context: State<'_, StoreContext>) -> Result<StoreInfoView, CommandError> {
    let database = context.database.as_ref().map_err(Clone::clone)?;
    let info = fflow_core::store_info::describe_store(env!("CARGO_PKG_VERSION"), database)?;
    Ok(StoreInfoView {
        app_version: info.app_version,
        device_name: info.device_name,
        database_path: info.database_path,
        schema_version: info.schema_version,
    })
}
