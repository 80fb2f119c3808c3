//! The error type of the store core.
//!
//! Each variant keeps its meaning up to the UI: the shell turns it into `{code, message}`
//! with [`CoreError::code`], and messages are written for the person at the counter.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("could not create the data folder {path}: {source}")]
    DataFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not open the store database at {path}: {source}")]
    DatabaseOpen {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the store database at {path} could not be brought up to date: {source}")]
    DatabaseMigration {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error("the store database answered with an error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the hub at {url} could not be reached: {reason}")]
    HubUnreachable { url: String, reason: String },
    #[error("the hub at {url} answered something F-Flow does not understand: {reason}")]
    HubAnswer { url: String, reason: String },
}

impl CoreError {
    /// A stable code for programs (the UI) to branch on; never parse the message instead.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::DataFolder { .. } => "data_folder",
            CoreError::DatabaseOpen { .. } => "database_open",
            CoreError::DatabaseMigration { .. } => "database_migration",
            CoreError::Database(_) => "database",
            CoreError::HubUnreachable { .. } => "hub_unreachable",
            CoreError::HubAnswer { .. } => "hub_answer",
        }
    }
}
