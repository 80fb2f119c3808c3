//! What the app needs at launch: where its data lives, its database and its hub.
//!
//! `FFLOW_DATA_DIR` and `FFLOW_HUB_URL` override the defaults, which is how `scripts/run`
//! points the app at a local hub and how tests give each run its own folder.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fflow_core::StoreDatabase;
use tauri::{AppHandle, Manager};

use crate::error::CommandError;

/// Environment variable naming the folder of the store database.
pub const DATA_DIR_VARIABLE: &str = "FFLOW_DATA_DIR";
/// Environment variable with the base URL of the hub, for example `http://127.0.0.1:7070`.
pub const HUB_URL_VARIABLE: &str = "FFLOW_HUB_URL";
/// How often the WAL is checkpointed. Sales never checkpoint themselves (that would put
/// the copy on the counter's wait), so this timer keeps the WAL from growing.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

/// Everything commands share. A database that failed to open is kept as its error, so the
/// window still opens and tells the person at the counter what is wrong.
#[derive(Debug)]
pub struct StoreContext {
    pub database: Result<Arc<StoreDatabase>, CommandError>,
    pub hub_url: Option<String>,
}

/// Opens the store database and reads the hub address.
pub fn open_store(app: &AppHandle) -> StoreContext {
    let database = data_folder(app)
        .and_then(|folder| StoreDatabase::open_in(&folder).map_err(CommandError::from))
        .map(Arc::new);
    match &database {
        Ok(database) => {
            tracing::info!(path = %database.path().display(), "store database open");
            start_checkpoint_timer(Arc::clone(database));
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

fn start_checkpoint_timer(database: Arc<StoreDatabase>) {
    let spawned = std::thread::Builder::new()
        .name("wal-checkpoint".to_owned())
        .spawn(move || {
            loop {
                std::thread::sleep(CHECKPOINT_EVERY);
                if let Err(error) = database.checkpoint() {
                    tracing::warn!(code = error.code(), "WAL checkpoint failed: {error}");
                }
            }
        });
    if let Err(error) = spawned {
        tracing::warn!("could not start the WAL checkpoint timer: {error}");
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
