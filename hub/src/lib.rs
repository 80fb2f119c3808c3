//! F-Flow Hub: the cloud side of F-Flow, an HTTP API (axum) over PostgreSQL (sqlx).
//!
//! `app` builds the whole router from a [`state::AppState`]; `main.rs` only reads the
//! configuration, connects and serves it. Tests drive `app` directly without a socket.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod command_feed;
pub mod config;
pub mod database;
pub mod devices;
pub mod entitlement_overrides;
pub mod feed_retention;
pub mod http;
pub mod license_renewal;
pub mod licensing;
pub mod master_data;
pub mod metrics;
pub mod operator_commands;
pub mod passwords;
pub mod permissions;
pub mod plans;
pub mod sales_projection;
pub mod state;
pub mod sync_push;
pub mod tenancy;
pub mod tenant_standing;

pub use http::app;
pub use state::AppState;

/// Version of this hub build, reported by `/health` and `/ready`.
pub const HUB_VERSION: &str = env!("CARGO_PKG_VERSION");
