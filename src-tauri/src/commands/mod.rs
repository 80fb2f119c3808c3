//! Tauri commands, grouped by area. Each is a thin call into `fflow-core`.

pub mod hub;
pub mod store;
