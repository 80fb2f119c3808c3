//! Commands of the CSV dialog: importing products from a file with progress sent over a
//! channel, and exporting them to a file. Both run on a blocking thread, so the window
//! stays responsive through a catalog of hundreds of thousands of rows.

use std::path::Path;

use fflow_core::catalog::csv_files;
use fflow_core::catalog::csv_import::{ImportProgress, ImportReport, RowError};
use fflow_core::people::TillUser;
use fflow_core::{CoreError, StoreDatabase};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;

use super::shared_database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// Where an import is: rows checked so far, then rows written of those to write.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "stage", rename_all = "camelCase")]
pub enum ImportProgressView {
    Checked { rows: u32 },
    Written { rows: u32, of: u32 },
}

impl From<ImportProgress> for ImportProgressView {
    fn from(progress: ImportProgress) -> Self {
        match progress {
            ImportProgress::Checked { rows } => ImportProgressView::Checked { rows: small(rows) },
            ImportProgress::Written { rows, of } => ImportProgressView::Written {
                rows: small(rows),
                of: small(of),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowErrorView {
    /// Line in the file, the header being line 1.
    pub line: u32,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReportView {
    pub imported: u32,
    pub skipped: u32,
    pub errors: Vec<RowErrorView>,
}

impl From<ImportReport> for ImportReportView {
    fn from(report: ImportReport) -> Self {
        ImportReportView {
            imported: small(report.imported),
            skipped: small(report.skipped),
            errors: report.errors.into_iter().map(row_error_view).collect(),
        }
    }
}

fn row_error_view(error: RowError) -> RowErrorView {
    RowErrorView {
        line: small(error.line),
        column: error.column,
        reason: error.reason,
    }
}

/// Row counts for the UI: specta refuses 64-bit numbers, and no CSV a counter imports
/// has four billion rows.
fn small(count: u64) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Imports the products in the file at `path` for the signed-in manager or owner.
#[tauri::command]
#[specta::specta]
pub async fn import_products_csv(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    path: String,
    skip_bad_rows: bool,
    on_progress: Channel<ImportProgressView>,
) -> Result<ImportReportView, CommandError> {
    let report = off_the_ui_thread(&context, &signed_in, move |database, actor| {
        csv_files::import_products_csv_file(
            database,
            actor,
            Path::new(&path),
            skip_bad_rows,
            // A closed window drops the channel; the import still finishes and commits.
            &mut |progress| drop(on_progress.send(progress.into())),
        )
    })
    .await?;
    Ok(report.into())
}

/// Exports every product to the file at `path` and answers how many rows it holds.
#[tauri::command]
#[specta::specta]
pub async fn export_products_csv(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    path: String,
) -> Result<u32, CommandError> {
    let rows = off_the_ui_thread(&context, &signed_in, move |database, actor| {
        csv_files::export_products_csv_file(database, actor, Path::new(&path))
    })
    .await?;
    Ok(small(rows))
}

/// Runs `work` for the signed-in user on a blocking thread and converts its result.
async fn off_the_ui_thread<T: Send + 'static>(
    context: &StoreContext,
    signed_in: &SignedIn,
    work: impl FnOnce(&StoreDatabase, &TillUser) -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CommandError> {
    let database = shared_database(context)?;
    let actor = signed_in.current()?;
    tauri::async_runtime::spawn_blocking(move || work(&database, &actor))
        .await
        .map_err(|error| CommandError {
            code: "task_failed".to_owned(),
            message: format!("the file task stopped before it finished: {error}"),
        })?
        .map_err(CommandError::from)
}
