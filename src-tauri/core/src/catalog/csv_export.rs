//! Exporting products and stock to CSV in the same format the import reads, so an
//! export can be edited in a spreadsheet and imported into another store.

use std::io::Write;

use super::csv_import::COLUMNS;
use crate::{CoreError, StoreDatabase};

/// Writes every product to `sink` and returns how many rows were written. A product with
/// several barcodes is exported with its first; its bin is where most of its stock is.
pub fn export_products_csv(database: &StoreDatabase, sink: impl Write) -> Result<u64, CoreError> {
    let mut writer = csv::Writer::from_writer(sink);
    let csv_error = |error: csv::Error| CoreError::InvalidInput {
        field: "csv",
        reason: format!("the export could not be written: {error}"),
    };
    writer.write_record(COLUMNS).map_err(csv_error)?;
    database.read(|connection| {
        let mut statement = connection.prepare(
            "SELECT p.sku,
                    (SELECT MIN(barcode) FROM product_barcodes WHERE product_id = p.id),
                    p.name, c.name, b.name, p.unit, p.price_cents, p.cost_cents, p.tax_rate_bp,
                    p.tax_included, p.sold_by_weight, p.stock_on_hand_milli, p.min_stock_milli,
                    (SELECT l.code FROM stock_movements m JOIN locations l ON l.id = m.location_id
                     WHERE m.product_id = p.id GROUP BY l.id ORDER BY SUM(m.quantity_milli) DESC LIMIT 1)
             FROM products p LEFT JOIN categories c ON c.id = p.category_id
             LEFT JOIN brands b ON b.id = p.brand_id ORDER BY p.sku",
        )?;
        let mut rows = statement.query([])?;
        let mut written = 0_u64;
        while let Some(row) = rows.next()? {
            let text = |index: usize| -> rusqlite::Result<String> {
                Ok(row.get::<_, Option<String>>(index)?.unwrap_or_default())
            };
            let number = |index: usize| -> rusqlite::Result<String> { Ok(row.get::<_, i64>(index)?.to_string()) };
            let flag = |index: usize| -> rusqlite::Result<String> { Ok(row.get::<_, bool>(index)?.to_string()) };
            let record = [
                text(0)?, text(1)?, text(2)?, text(3)?, text(4)?, text(5)?, number(6)?, number(7)?,
                number(8)?, flag(9)?, flag(10)?, quantity(row.get(11)?), quantity(row.get(12)?), text(13)?,
            ];
            writer.write_record(&record).map_err(csv_error)?;
            written += 1;
        }
        writer.flush().map_err(|error| csv_error(error.into()))?;
        Ok(written)
    })
}

/// Thousandths as the import reads them: `12`, `1.5`, `0.125`.
fn quantity(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (whole, fraction) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{}",
            format!("{fraction:03}").trim_end_matches('0')
        )
    }
}
