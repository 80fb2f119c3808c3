//! Tauri commands, grouped by area. Each is a thin call into `fflow-core`.

pub mod activation;
pub mod cash;
pub mod catalog_files;
pub mod customers;
pub mod display;
pub mod drawer_wiring;
pub mod held_carts;
pub mod hub;
pub mod inputs;
pub mod license;
pub mod printing;
pub mod products;
pub mod receipt_image;
pub mod receipt_view;
pub mod returns;
pub mod sales;
pub mod scale_labels;
pub mod scanner;
pub mod session;
pub mod status_light;
pub mod stock;
pub mod store;
pub mod store_profile;
pub mod team;
pub mod views;

use std::sync::Arc;

use fflow_core::StoreDatabase;

use crate::error::CommandError;
use crate::launch::StoreContext;

/// The store database, or the error it failed to open with at launch.
fn database(context: &StoreContext) -> Result<&StoreDatabase, CommandError> {
    context.database.as_deref().map_err(|error| error.clone())
}

/// The store database for work that outlives the command's borrow (a blocking thread).
fn shared_database(context: &StoreContext) -> Result<Arc<StoreDatabase>, CommandError> {
    context.database.clone()
}
