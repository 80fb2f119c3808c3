//! F-Flow Store core: the store's domain over its local SQLite database.
//!
//! Everything the counter does lives here, without Tauri, so it builds and tests without a
//! display. The shell (`fflow`) only forwards commands into this crate and serializes the
//! results for the UI.

pub mod cash;
pub mod catalog;
pub mod checkout;
pub mod counter_status;
pub mod customers;
pub mod database;
pub mod error;
pub mod first_run;
pub mod hub_client;
pub mod hub_link;
pub mod licensing;
pub mod money;
pub mod people;
pub mod pix;
pub mod print_queue;
pub mod print_worker;
pub mod printer_settings;
pub mod receipt;
pub mod records;
pub mod sale;
pub mod scanner_settings;
pub mod settings;
pub mod status_light;
pub mod stock;
pub mod store_info;
pub mod store_profile;
pub mod sync;
pub mod team;
pub mod team_changes;

pub use database::StoreDatabase;
pub use error::CoreError;
