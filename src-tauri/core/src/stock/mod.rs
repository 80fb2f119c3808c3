//! The stock ledger: every change of stock is a movement (sale, return, adjustment,
//! receipt, transfer), and stock on hand is their sum. `products.stock_on_hand_milli`
//! caches that sum; only the ledger's insert trigger writes it and movements can be
//! neither changed nor deleted, so the cache cannot drift (and `cache_mismatches` proves
//! it on demand). `locations` names the bins stock sits in; `transfer` moves stock between
//! them.

pub mod locations;
pub mod transfer;

use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::licensing::enforcement::require_selling_allowed;
use crate::records::{AuditEntry, OutboxEvent, append_to_audit_log, append_to_outbox, now_millis};
use crate::{CoreError, StoreDatabase};

/// Why stock moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementReason {
    Sale,
    Return,
    Adjustment,
    Receipt,
    Transfer,
}

impl MovementReason {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementReason::Sale => "sale",
            MovementReason::Return => "return",
            MovementReason::Adjustment => "adjustment",
            MovementReason::Receipt => "receipt",
            MovementReason::Transfer => "transfer",
        }
    }
}

/// One movement to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement<'a> {
    pub product_id: &'a str,
    pub location_id: Option<&'a str>,
    /// Positive adds stock, negative takes it away.
    pub quantity_milli: i64,
    pub reason: MovementReason,
    pub reference_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub note: Option<&'a str>,
    pub occurred_at: i64,
}

/// Writes `movement` inside `transaction`.
pub fn record_movement(
    transaction: &Transaction<'_>,
    movement: &Movement<'_>,
) -> Result<(), CoreError> {
    transaction
        .prepare_cached(
            "INSERT INTO stock_movements (product_id, location_id, quantity_milli, reason,
                                          reference_id, user_id, note, occurred_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            movement.product_id,
            movement.location_id,
            movement.quantity_milli,
            movement.reason.as_str(),
            movement.reference_id,
            movement.user_id,
            movement.note,
            movement.occurred_at
        ])?;
    Ok(())
}

/// A counted correction or a delivery: moves stock by `quantity_milli`, with an audit
/// row and an outbox event, in one transaction.
pub fn adjust_stock(
    database: &StoreDatabase,
    product_id: &str,
    quantity_milli: i64,
    reason: MovementReason,
    note: &str,
    actor_id: &str,
) -> Result<i64, CoreError> {
    if quantity_milli == 0 {
        return Err(CoreError::InvalidInput {
            field: "quantity",
            reason: "a stock movement must change the quantity".to_owned(),
        });
    }
    if !matches!(reason, MovementReason::Adjustment | MovementReason::Receipt) {
        return Err(CoreError::InvalidInput {
            field: "reason",
            reason: "sales and returns move stock through their own screens".to_owned(),
        });
    }
    database.write(|transaction| {
        require_selling_allowed(transaction, "Changing stock")?;
        let before: i64 = transaction
            .query_row(
                "SELECT stock_on_hand_milli FROM products WHERE id = ?1",
                [product_id],
                |row| row.get(0),
            )
            .map_err(|_| CoreError::UnknownProduct(product_id.to_owned()))?;
        let at = now_millis();
        record_movement(
            transaction,
            &Movement {
                product_id,
                location_id: None,
                quantity_milli,
                reason,
                reference_id: None,
                user_id: Some(actor_id),
                note: Some(note),
                occurred_at: at,
            },
        )?;
        let after = before + quantity_milli;
        append_to_audit_log(
            transaction,
            &AuditEntry {
                actor_id: Some(actor_id),
                approved_by: None,
                action: "stock.adjusted",
                entity: "product",
                entity_id: product_id,
                before: Some(json!({ "stock_on_hand_milli": before })),
                after: Some(json!({ "stock_on_hand_milli": after, "reason": reason.as_str(), "note": note })),
                occurred_at: at,
            },
        )?;
        append_to_outbox(
            transaction,
            &OutboxEvent {
                aggregate: "stock",
                aggregate_id: product_id,
                kind: "stock.moved",
                payload: json!({
                    "product_id": product_id, "quantity_milli": quantity_milli,
                    "reason": reason.as_str(), "note": note, "actor_id": actor_id,
                }),
                occurred_at: at,
            },
        )?;
        Ok(after)
    })
}

/// Products whose cached stock differs from the sum of their ledger; empty when sound.
pub fn cache_mismatches(database: &StoreDatabase) -> Result<Vec<(String, i64, i64)>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare(
            "SELECT p.id, p.stock_on_hand_milli, COALESCE(SUM(m.quantity_milli), 0) AS ledger
             FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id
             GROUP BY p.id HAVING p.stock_on_hand_milli <> ledger",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}

/// Stock on hand of `product_id` per bin (`None`: stock not put in any bin), from the
/// ledger, largest first.
pub fn stock_by_location(
    database: &StoreDatabase,
    product_id: &str,
) -> Result<Vec<(Option<String>, i64)>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT l.code, SUM(m.quantity_milli) AS on_hand
             FROM stock_movements m LEFT JOIN locations l ON l.id = m.location_id
             WHERE m.product_id = ?1 GROUP BY m.location_id HAVING on_hand <> 0
             ORDER BY on_hand DESC, l.code",
        )?;
        let rows = statement.query_map([product_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}
