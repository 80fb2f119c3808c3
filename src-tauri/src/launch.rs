//! What the app needs at launch: where its data lives, its database and its hub.
//!
//! `FFLOW_DATA_DIR` and `FFLOW_HUB_URL` override the defaults, which is how `scripts/run`
//! points the app at a local hub and how tests give each run its own folder.

use std::path::PathBuf;
use std::sync::Mutex;

use fflow_core::StoreDatabase;
use tauri::{AppHandle, Manager};

use crate::error::CommandError;

/// Environment variable naming the folder of the store database.
pub const DATA_DIR_VARIABLE: &str = "FFLOW_DATA_DIR";
/// Environment variable with the base URL of the hub, for example `http://127.0.0.1:7070`.
pub const HUB_URL_VARIABLE: &str = "FFLOW_HUB_URL";

/// Everything commands share. A database that failed to open is kept as its error, so the
/// window still opens and tells the person at the counter what is wrong.
#[derive(Debug)]
pub struct StoreContext {
    pub database: Result<Mutex<StoreDatabase>, CommandError>,
    pub hub_url: Option<String>,
}

/// Opens the store database and reads the hub address.
pub fn open_store(app: &AppHandle) -> StoreContext {
    let database = data_folder(app)
        .and_then(|folder| StoreDatabase::open_in(&folder).map_err(CommandError::from))
        .map(Mutex::new);
    match &database {
        Ok(database) => {
            if let Ok(database) = database.lock() {
                tracing::info!(path = %database.path().display(), "store database open");
            }
        }
        Err(error) => {
            tracing::error!(code = %error.code, "store database unavailable: {}", error.message)
        }
    }
    StoreContext {
        database,
        hub_url: std::env::var(HUB_URL_VARIABLE)
            .ok()
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty()),
    }
}

fn data_folder(app: &AppHandle) -> Result<PathBuf, CommandError> {
    if let Some(folder) = std::env::var_os(DATA_DIR_VARIABLE).filter(|value| !value.is_empty()) {
        return Ok(PathBuf::from(folder));
    }
    app.path().app_data_dir().map_err(|error| CommandError {
        code: "data_folder".to_owned(),
        message: format!("the system did not say where app data belongs: {error}"),
    })
}
