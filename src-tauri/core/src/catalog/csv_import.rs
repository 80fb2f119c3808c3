//! Importing products and stock from CSV (the format of the shared catalog:
//! `sku,barcode,name,category,brand,unit,price_cents,cost_cents,tax_rate_bp,tax_included,
//! sold_by_weight,stock_qty,min_stock,location`).
//!
//! The whole file is checked first: every bad row is reported with its line, column and
//! reason. An import with errors writes nothing unless the caller asked to skip bad
//! rows; the good rows then go in one transaction, so a failure half-way writes nothing
//! either. Stock on hand arrives as a `receipt` movement in the ledger, in the row's bin.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::Unit;
use super::products::{NewProduct, insert_product, validated};
use crate::licensing::enforcement::{
    LimitedResource, require_selling_allowed, require_within_limit,
};
use crate::records::{new_id, now_millis};
use crate::stock::{Movement, MovementReason, record_movement};
use crate::{CoreError, StoreDatabase};

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line in the file, counting the header as line 1.
    pub line: u64,
    pub column: String,
    pub reason: String,
}

/// How an import went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub imported: u64,
    pub skipped: u64,
    pub errors: Vec<RowError>,
}

/// Where an import is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ImportProgress {
    Checked { rows: u64 },
    Written { rows: u64, of: u64 },
}

/// Report progress every this many rows.
const PROGRESS_EVERY: u64 = 1_000;

struct ImportRow {
    line: u64,
    product: NewProduct,
    stock_milli: i64,
    location: Option<String>,
}

/// Imports products from `source`.
pub fn import_products_csv(
    database: &StoreDatabase,
    source: impl Read,
    skip_bad_rows: bool,
    actor_id: Option<&str>,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport, CoreError> {
    let (existing_skus, existing_barcodes) = existing_keys(database)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
    let columns = Columns::from_headers(&mut reader)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut skus: HashSet<String> = existing_skus;
    let mut barcodes: HashSet<String> = existing_barcodes;
    let mut checked = 0_u64;
    for record in reader.records() {
        checked += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(checked + 1, |p| p.line());
                errors.push(row_error(line, "", &format!("unreadable CSV: {error}")));
                continue;
            }
        };
        let line = record
            .position()
            .map_or(checked + 1, |position| position.line());
        match columns.parse(&record, line) {
            Ok(row) => {
                if let Some(error) = claim_keys(&row, &mut skus, &mut barcodes) {
                    errors.push(error);
                } else {
                    rows.push(row);
                }
            }
            Err(error) => errors.push(error),
        }
        if checked.is_multiple_of(PROGRESS_EVERY) {
            progress(ImportProgress::Checked { rows: checked });
        }
    }
    progress(ImportProgress::Checked { rows: checked });
    if !errors.is_empty() && !skip_bad_rows {
        return Ok(ImportReport {
            imported: 0,
            skipped: checked,
            errors,
        });
    }
    let total = rows.len() as u64;
    database.write(|transaction| write_rows(transaction, &rows, actor_id, progress))?;
    Ok(ImportReport {
        imported: total,
        skipped: checked - total,
        errors,
    })
}

fn write_rows(
    transaction: &Transaction<'_>,
    rows: &[ImportRow],
    actor_id: Option<&str>,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<(), CoreError> {
    if rows.iter().any(|row| row.stock_milli > 0) {
        require_selling_allowed(transaction, "Importing stock")?;
    }
    let at = now_millis();
    let mut locations: HashMap<String, String> = HashMap::new();
    let total = rows.len() as u64;
    for (index, row) in rows.iter().enumerate() {
        let product_id = insert_product(transaction, &row.product, actor_id, at)?;
        if row.stock_milli > 0 {
            let location_id = match &row.location {
                Some(code) => Some(location_id(transaction, &mut locations, code)?),
                None => None,
            };
            record_movement(
                transaction,
                &Movement {
                    product_id: &product_id,
                    location_id: location_id.as_deref(),
                    quantity_milli: row.stock_milli,
                    reason: MovementReason::Receipt,
                    reference_id: None,
                    user_id: actor_id,
                    note: Some("CSV import"),
                    occurred_at: at,
                },
            )?;
        }
        let written = index as u64 + 1;
        if written.is_multiple_of(PROGRESS_EVERY) || written == total {
            progress(ImportProgress::Written {
                rows: written,
                of: total,
            });
        }
    }
    require_within_limit(transaction, LimitedResource::Products)
}

fn location_id(
    transaction: &Transaction<'_>,
    known: &mut HashMap<String, String>,
    code: &str,
) -> Result<String, CoreError> {
    if let Some(id) = known.get(code) {
        return Ok(id.clone());
    }
    let existing: Option<String> = transaction
        .prepare_cached("SELECT id FROM locations WHERE code = ?1")?
        .query_row([code], |row| row.get(0))
        .optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            let id = new_id();
            transaction.execute(
                "INSERT INTO locations (id, code) VALUES (?1, ?2)",
                params![id, code],
            )?;
            id
        }
    };
    known.insert(code.to_owned(), id.clone());
    Ok(id)
}

/// SKUs and barcodes already in the catalog, so clashes are reported per row up front.
fn existing_keys(
    database: &StoreDatabase,
) -> Result<(HashSet<String>, HashSet<String>), CoreError> {
    database.read(|connection| {
        let collect = |sql: &str| -> Result<HashSet<String>, CoreError> {
            let mut statement = connection.prepare(sql)?;
            let keys = statement.query_map([], |row| row.get(0))?;
            Ok(keys.collect::<Result<HashSet<String>, _>>()?)
        };
        Ok((
            collect("SELECT sku FROM products")?,
            collect("SELECT barcode FROM product_barcodes")?,
        ))
    })
}

fn claim_keys(
    row: &ImportRow,
    skus: &mut HashSet<String>,
    barcodes: &mut HashSet<String>,
) -> Option<RowError> {
    if skus.contains(&row.product.sku) {
        return Some(row_error(
            row.line,
            "sku",
            &format!("the SKU {} is already used", row.product.sku),
        ));
    }
    if let Some(barcode) = row
        .product
        .barcodes
        .iter()
        .find(|code| barcodes.contains(*code))
    {
        return Some(row_error(
            row.line,
            "barcode",
            &format!("the barcode {barcode} is already used"),
        ));
    }
    skus.insert(row.product.sku.clone());
    barcodes.extend(row.product.barcodes.iter().cloned());
    None
}

fn row_error(line: u64, column: &str, reason: &str) -> RowError {
    RowError {
        line,
        column: column.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Positions of the known columns in this file's header.
struct Columns {
    positions: HashMap<&'static str, usize>,
}

const REQUIRED: [&str; 4] = ["sku", "name", "unit", "price_cents"];
/// The columns of the format, in the order exports write them.
pub const COLUMNS: [&str; 14] = [
    "sku",
    "barcode",
    "name",
    "category",
    "brand",
    "unit",
    "price_cents",
    "cost_cents",
    "tax_rate_bp",
    "tax_included",
    "sold_by_weight",
    "stock_qty",
    "min_stock",
    "location",
];

impl Columns {
    fn from_headers<R: Read>(reader: &mut csv::Reader<R>) -> Result<Columns, CoreError> {
        let headers = reader.headers().map_err(|error| CoreError::InvalidInput {
            field: "csv",
            reason: format!("the header line cannot be read: {error}"),
        })?;
        let mut positions = HashMap::new();
        for (index, header) in headers.iter().enumerate() {
            if let Some(known) = COLUMNS
                .iter()
                .find(|known| header.trim().eq_ignore_ascii_case(known))
            {
                positions.insert(*known, index);
            }
        }
        if let Some(missing) = REQUIRED
            .iter()
            .find(|column| !positions.contains_key(*column))
        {
            return Err(CoreError::InvalidInput {
                field: "csv",
                reason: format!("the header line has no column {missing}"),
            });
        }
        Ok(Columns { positions })
    }

    fn text<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.positions
            .get(column)
            .and_then(|&index| record.get(index))
            .map_or("", str::trim)
    }

    fn parse(&self, record: &csv::StringRecord, line: u64) -> Result<ImportRow, RowError> {
        let integer = |column: &str, default: i64| -> Result<i64, RowError> {
            let text = self.text(record, column);
            if text.is_empty() {
                return Ok(default);
            }
            text.parse()
                .map_err(|_| row_error(line, column, &format!("{text:?} is not a whole number")))
        };
        let flag = |column: &str, default: bool| -> Result<bool, RowError> {
            match self.text(record, column).to_lowercase().as_str() {
                "" => Ok(default),
                "true" | "1" | "sim" | "yes" | "s" => Ok(true),
                "false" | "0" | "não" | "nao" | "no" | "n" => Ok(false),
                other => Err(row_error(
                    line,
                    column,
                    &format!("{other:?} is not true or false"),
                )),
            }
        };
        let unit_text = self.text(record, "unit");
        let unit = Unit::parse(unit_text)
            .ok_or_else(|| row_error(line, "unit", &format!("{unit_text:?} is not un or kg")))?;
        let tax_rate = integer("tax_rate_bp", 0)?;
        let optional = |column: &str| {
            Some(self.text(record, column).to_owned()).filter(|text| !text.is_empty())
        };
        let stock_milli = thousandths(self.text(record, "stock_qty"))
            .ok_or_else(|| row_error(line, "stock_qty", "not a quantity such as 12 or 1.5"))?;
        if stock_milli < 0 {
            return Err(row_error(
                line,
                "stock_qty",
                "an import cannot bring negative stock",
            ));
        }
        let product = NewProduct {
            sku: self.text(record, "sku").to_owned(),
            name: self.text(record, "name").to_owned(),
            category: optional("category"),
            brand: optional("brand"),
            unit,
            price_cents: integer("price_cents", 0)?,
            cost_cents: integer("cost_cents", 0)?,
            tax_rate_basis_points: u32::try_from(tax_rate)
                .map_err(|_| row_error(line, "tax_rate_bp", "a tax rate cannot be negative"))?,
            tax_included: flag("tax_included", true)?,
            sold_by_weight: flag("sold_by_weight", unit == Unit::Kilogram)?,
            min_stock_milli: integer("min_stock", 0)?.saturating_mul(1000),
            barcodes: optional("barcode").into_iter().collect(),
        };
        let product = validated(&product).map_err(|error| match error {
            CoreError::InvalidInput { field, reason } => row_error(line, column_of(field), &reason),
            other => row_error(line, "", &other.to_string()),
        })?;
        Ok(ImportRow {
            line,
            product,
            stock_milli,
            location: optional("location"),
        })
    }
}

/// The CSV column behind a validation field.
fn column_of(field: &str) -> &'static str {
    match field {
        "sku" => "sku",
        "name" => "name",
        "price" => "price_cents",
        "cost" => "cost_cents",
        "tax_rate" => "tax_rate_bp",
        "min_stock" => "min_stock",
        "barcode" => "barcode",
        _ => "",
    }
}

/// "12" → 12000, "1.5" or "1,5" → 1500, "" → 0; more than three decimals is refused.
pub(crate) fn thousandths(text: &str) -> Option<i64> {
    if text.is_empty() {
        return Some(0);
    }
    let normalized = text.replace(',', ".");
    let (whole, fraction) = normalized.split_once('.').unwrap_or((&normalized, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<3}").parse().ok()?;
    let sign = if whole < 0 || normalized.starts_with('-') {
        -1
    } else {
        1
    };
    whole.checked_mul(1000)?.checked_add(sign * fraction)
}
