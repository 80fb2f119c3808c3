//! Selling: pricing a cart, taking payment, completing the sale in one transaction, and
//! parking carts to resume later.

pub mod complete;
pub mod held_carts;
pub mod payment;
pub mod pricing;
pub mod returns;
pub mod void;

use rusqlite::{Connection, OptionalExtension, params};

use crate::CoreError;

/// The id of the sale named by its id or its code `<device>-<number>`. Codes are looked
/// up through their number, the table's key, since codes carry no index of their own.
pub(crate) fn find_sale_id(connection: &Connection, sale: &str) -> Result<String, CoreError> {
    let sale = sale.trim();
    let number = sale
        .rsplit_once('-')
        .and_then(|(_, number)| number.parse::<i64>().ok());
    connection
        .prepare_cached("SELECT id FROM sales WHERE id = ?1 OR (number = ?2 AND code = ?1)")?
        .query_row(params![sale, number], |row| row.get(0))
        .optional()?
        .ok_or_else(|| CoreError::UnknownSale(sale.to_owned()))
}
