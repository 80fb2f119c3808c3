//! Products at or below their minimum stock: what the store should order next.

use super::Product;
use super::lookup::{PRODUCT_COLUMNS, PRODUCT_JOINS, product_from_row};
use crate::{CoreError, StoreDatabase};

/// Active products with a minimum set whose stock on hand is at or below it, the
/// furthest below first, at most `limit` (capped at 200).
pub fn low_stock_products(database: &StoreDatabase, limit: u32) -> Result<Vec<Product>, CoreError> {
    database.read(|connection| {
        let sql = format!(
            "SELECT {PRODUCT_COLUMNS} FROM products p {PRODUCT_JOINS}
             WHERE p.active = 1 AND p.min_stock_milli > 0
               AND p.stock_on_hand_milli <= p.min_stock_milli
             ORDER BY p.stock_on_hand_milli - p.min_stock_milli, p.name LIMIT ?1"
        );
        let mut statement = connection.prepare_cached(&sql)?;
        let rows = statement.query_map([limit.min(200)], product_from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Unit;
    use crate::catalog::products::{NewProduct, create_product};

    fn product(sku: &str, min_stock_milli: i64) -> NewProduct {
        NewProduct {
            sku: sku.to_owned(),
            name: format!("Produto {sku}"),
            category: None,
            brand: None,
            unit: Unit::Each,
            price_cents: 100,
            cost_cents: 50,
            tax_rate_basis_points: 0,
            tax_included: true,
            sold_by_weight: false,
            min_stock_milli,
            barcodes: Vec::new(),
        }
    }

    #[test]
    fn only_products_at_or_below_a_minimum_are_listed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        create_product(&database, &product("NO-MIN", 0), None).expect("no minimum");
        create_product(&database, &product("LOW", 5000), None).expect("below minimum");
        let listed: Vec<String> = low_stock_products(&database, 50)
            .expect("list")
            .into_iter()
            .map(|product| product.sku)
            .collect();
        assert_eq!(
            listed,
            ["LOW"],
            "a product without a minimum is never low, one at 0 of 5 is"
        );
    }
}
