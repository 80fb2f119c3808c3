//! An earlier sale as the return screen shows it: each line with what can still be
//! returned of it and the payments it was made with.

use serde::{Deserialize, Serialize};

use crate::sale::find_sale_id;
use crate::{CoreError, StoreDatabase};

/// One line of a sale and how much of it is still returnable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnableLine {
    pub line_no: i64,
    pub name: String,
    pub quantity_milli: i64,
    pub returnable_milli: i64,
    pub total_cents: i64,
}

/// A sale found by id or code, with its returnable lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnableSale {
    pub sale_id: String,
    pub code: String,
    pub total_cents: i64,
    pub lines: Vec<ReturnableLine>,
}

/// The sale named `sale` (its id or code `<device>-<n>`) with every line and what is left
/// to return of it.
pub fn returnable_sale(database: &StoreDatabase, sale: &str) -> Result<ReturnableSale, CoreError> {
    database.read(|connection| {
        let sale_id = find_sale_id(connection, sale)?;
        let (code, total_cents) = connection.query_row(
            "SELECT code, total_cents FROM sales WHERE id = ?1",
            [&sale_id],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)),
        )?;
        let mut statement = connection.prepare_cached(
            "SELECT l.line_no, l.name, l.quantity_milli, l.total_cents,
                    COALESCE((SELECT SUM(r.quantity_milli) FROM return_lines r
                              WHERE r.sale_id = l.sale_id AND r.line_no = l.line_no), 0)
             FROM sale_lines l WHERE l.sale_id = ?1 ORDER BY l.line_no",
        )?;
        let lines = statement
            .query_map([&sale_id], |row| {
                let quantity_milli: i64 = row.get(2)?;
                let returned_milli: i64 = row.get(4)?;
                Ok(ReturnableLine {
                    line_no: row.get(0)?,
                    name: row.get(1)?,
                    quantity_milli,
                    returnable_milli: (quantity_milli - returned_milli).max(0),
                    total_cents: row.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ReturnableSale {
            sale_id,
            code,
            total_cents,
            lines,
        })
    })
}
