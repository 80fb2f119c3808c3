//! Finding products: by exact barcode or SKU (the scanner's path, which must stay well
//! under a millisecond), and by words of the name or SKU, accent- and case-insensitive
//! ("racao prem" finds "Ração Premium"), paged.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{Product, Unit};
use crate::{CoreError, StoreDatabase};

pub(crate) const PRODUCT_COLUMNS: &str =
    "p.id, p.sku, p.name, c.name, b.name, p.unit, p.price_cents, p.cost_cents,
     p.tax_rate_bp, p.tax_included, p.sold_by_weight, p.active, p.stock_on_hand_milli,
     p.min_stock_milli";
pub(crate) const PRODUCT_JOINS: &str = "LEFT JOIN categories c ON c.id = p.category_id
     LEFT JOIN brands b ON b.id = p.brand_id";

/// The product whose barcode is `barcode`, if any.
pub fn find_by_barcode(
    database: &StoreDatabase,
    barcode: &str,
) -> Result<Option<Product>, CoreError> {
    database.read(|connection| product_by_barcode(connection, barcode.trim()))
}

/// The product whose SKU is `sku`, if any.
pub fn find_by_sku(database: &StoreDatabase, sku: &str) -> Result<Option<Product>, CoreError> {
    database.read(|connection| product_by_sku(connection, sku.trim()))
}

pub(crate) fn product_by_sku(
    connection: &Connection,
    sku: &str,
) -> Result<Option<Product>, CoreError> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products p {PRODUCT_JOINS} WHERE p.sku = ?1");
    Ok(connection
        .prepare_cached(&sql)?
        .query_row([sku], product_from_row)
        .optional()?)
}

/// The product with `id`, if any.
pub fn find_by_id(database: &StoreDatabase, id: &str) -> Result<Option<Product>, CoreError> {
    database.read(|connection| product_by_id(connection, id))
}

/// The product with `id` on `connection` (a reader, or the writer inside a transaction).
pub(crate) fn product_by_id(
    connection: &Connection,
    id: &str,
) -> Result<Option<Product>, CoreError> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products p {PRODUCT_JOINS} WHERE p.id = ?1");
    Ok(connection
        .prepare_cached(&sql)?
        .query_row([id], product_from_row)
        .optional()?)
}

pub(crate) fn product_by_barcode(
    connection: &Connection,
    barcode: &str,
) -> Result<Option<Product>, CoreError> {
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM product_barcodes pb JOIN products p ON p.id = pb.product_id
         {PRODUCT_JOINS} WHERE pb.barcode = ?1"
    );
    Ok(connection
        .prepare_cached(&sql)?
        .query_row([barcode], product_from_row)
        .optional()?)
}

/// One page of a name search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Results to skip.
    pub offset: u32,
    /// Results to return at most (capped at 200).
    pub limit: u32,
}

/// Products whose name or SKU contain every word of `query` (each word may be a
/// prefix), in catalog order. Inactive products are left out.
///
/// Results are not ranked: ranking must score every match before returning the first,
/// and a short prefix such as "rac" matches tens of thousands of products, while the
/// cashier types on until the list is short. Catalog order lets SQLite stop at the page.
pub fn search(
    database: &StoreDatabase,
    query: &str,
    page: Page,
) -> Result<Vec<Product>, CoreError> {
    let Some(match_expression) = fts_query(query) else {
        return Ok(Vec::new());
    };
    database.read(|connection| {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM product_search s
             JOIN products p ON p.rowid = s.rowid {PRODUCT_JOINS}
             WHERE product_search MATCH ?1 AND p.active = 1
             ORDER BY s.rowid LIMIT ?2 OFFSET ?3"
        );
        let mut statement = connection.prepare_cached(&sql)?;
        let rows = statement.query_map(
            rusqlite::params![match_expression, page.limit.min(200), page.offset],
            product_from_row,
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}

/// Turns what a cashier typed into an FTS5 query: each word becomes a quoted prefix
/// term, so punctuation and FTS syntax in the input can never break the query.
fn fts_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

pub(crate) fn product_from_row(row: &Row<'_>) -> rusqlite::Result<Product> {
    let unit: String = row.get(5)?;
    Ok(Product {
        id: row.get(0)?,
        sku: row.get(1)?,
        name: row.get(2)?,
        category: row.get(3)?,
        brand: row.get(4)?,
        unit: Unit::parse(&unit).unwrap_or(Unit::Each),
        price_cents: row.get(6)?,
        cost_cents: row.get(7)?,
        tax_rate_basis_points: row.get(8)?,
        tax_included: row.get(9)?,
        sold_by_weight: row.get(10)?,
        active: row.get(11)?,
        stock_on_hand_milli: row.get(12)?,
        min_stock_milli: row.get(13)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_safe_prefix_terms() {
        assert_eq!(
            fts_query("racao prem").as_deref(),
            Some("\"racao\"* \"prem\"*")
        );
        assert_eq!(fts_query("  Ração  ").as_deref(), Some("\"Ração\"*"));
        assert_eq!(
            fts_query("a\" OR b*").as_deref(),
            Some("\"a\"* \"OR\"* \"b\"*")
        );
        assert_eq!(fts_query("--- ()"), None);
        assert_eq!(fts_query(""), None);
    }
}
