//! The product CSV import and export on files the person at the counter names by path,
//! for a manager or the owner only (the file carries costs, and an import changes the
//! whole catalog). A path ending in `.gz` is read gzip-compressed, as the shared catalog
//! is shipped.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use super::csv_export::export_products_csv;
use super::csv_import::{ImportProgress, ImportReport, import_products_csv};
use crate::people::{TillUser, require_approver};
use crate::{CoreError, StoreDatabase};

/// Imports the products in the file at `path` on behalf of `actor`, reporting progress.
pub fn import_products_csv_file(
    database: &StoreDatabase,
    actor: &TillUser,
    path: &Path,
    skip_bad_rows: bool,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport, CoreError> {
    database.read(|connection| require_approver(connection, actor, "importing products"))?;
    let file = File::open(path).map_err(|error| file_error(path, "opened", &error))?;
    let source: Box<dyn Read> = if path.extension().is_some_and(|ext| ext == "gz") {
        Box::new(flate2::read::GzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    import_products_csv(database, source, skip_bad_rows, Some(&actor.id), progress)
}

/// Writes every product to a new file at `path` on behalf of `actor` and returns how
/// many rows it holds.
pub fn export_products_csv_file(
    database: &StoreDatabase,
    actor: &TillUser,
    path: &Path,
) -> Result<u64, CoreError> {
    database.read(|connection| require_approver(connection, actor, "exporting products"))?;
    let file = File::create(path).map_err(|error| file_error(path, "created", &error))?;
    let mut sink = BufWriter::new(file);
    let rows = export_products_csv(database, &mut sink)?;
    // Without this flush a full disk would go unnoticed until the writer is dropped.
    sink.flush()
        .map_err(|error| file_error(path, "written", &error))?;
    Ok(rows)
}

fn file_error(path: &Path, verb: &str, error: &std::io::Error) -> CoreError {
    CoreError::InvalidInput {
        field: "path",
        reason: format!("{} could not be {verb}: {error}", path.display()),
    }
}
