//! Moving stock of one product from one location to another: two ledger movements with
//! reason `transfer` (one out, one in, the same quantity, sharing one reference id), an
//! audit row and one outbox event, all in one transaction.
//!
//! The product's cached stock on hand is the sum of its movements, and the two movements
//! cancel out, so a transfer leaves it unchanged by construction; only the split between
//! locations changes. A location of `None` is stock not put in any bin (where receipts
//! and sales move stock today), so stock can be shelved from there and picked back.

use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::locations::location_exists;
use super::{Movement, MovementReason, record_movement};
use crate::catalog::lookup::product_by_id;
use crate::licensing::enforcement::require_selling_allowed;
use crate::people::require_active_user;
use crate::records::{
    AuditEntry, OutboxEvent, append_to_audit_log, append_to_outbox, new_id, now_millis,
};
use crate::{CoreError, StoreDatabase};

/// Thousandths in one whole unit.
const MILLI_PER_UNIT: i64 = 1_000;

/// What to move, where from and where to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockTransfer<'a> {
    pub product_id: &'a str,
    /// `None`: stock not in any bin.
    pub from_location_id: Option<&'a str>,
    /// `None`: stock not in any bin.
    pub to_location_id: Option<&'a str>,
    /// Thousandths of a unit (grams for products sold by weight); more than zero.
    pub quantity_milli: i64,
    pub actor_id: &'a str,
    pub note: Option<&'a str>,
}

/// The committed transfer and the stock it left on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDone {
    /// The reference id both ledger movements carry.
    pub transfer_id: String,
    pub from_on_hand_milli: i64,
    pub to_on_hand_milli: i64,
}

/// Moves `transfer.quantity_milli` of a product between two locations in one transaction.
/// Refuses an unknown product, user or location, the same location on both sides, a
/// quantity that is not positive, a fraction of a product counted in whole units, and more
/// than the source location holds; a refusal writes nothing.
pub fn transfer_stock(
    database: &StoreDatabase,
    transfer: &StockTransfer<'_>,
) -> Result<TransferDone, CoreError> {
    if transfer.quantity_milli <= 0 {
        return Err(CoreError::QuantityNotPositive);
    }
    if transfer.from_location_id == transfer.to_location_id {
        return Err(CoreError::SameLocation);
    }
    database.write(|transaction| write_transfer(transaction, transfer))
}

/// Stock of `product_id` in `location_id` (`None`: not in any bin), from the ledger.
pub fn stock_in_location(
    database: &StoreDatabase,
    product_id: &str,
    location_id: Option<&str>,
) -> Result<i64, CoreError> {
    database.read(|connection| on_hand_in(connection, product_id, location_id))
}

fn write_transfer(
    transaction: &Transaction<'_>,
    transfer: &StockTransfer<'_>,
) -> Result<TransferDone, CoreError> {
    require_selling_allowed(transaction, "Moving stock between bins")?;
    let product = product_by_id(transaction, transfer.product_id)?
        .ok_or_else(|| CoreError::UnknownProduct(transfer.product_id.to_owned()))?;
    if !product.sold_by_weight && transfer.quantity_milli % MILLI_PER_UNIT != 0 {
        return Err(CoreError::FractionalQuantity {
            product: product.name,
        });
    }
    require_active_user(transaction, transfer.actor_id)?;
    for location in [transfer.from_location_id, transfer.to_location_id]
        .into_iter()
        .flatten()
    {
        if !location_exists(transaction, location)? {
            return Err(CoreError::UnknownLocation(location.to_owned()));
        }
    }
    let from_before = on_hand_in(transaction, &product.id, transfer.from_location_id)?;
    if from_before < transfer.quantity_milli {
        return Err(CoreError::InsufficientStock {
            available_milli: from_before.max(0),
            requested_milli: transfer.quantity_milli,
        });
    }
    let to_before = on_hand_in(transaction, &product.id, transfer.to_location_id)?;
    let transfer_id = new_id();
    let at = now_millis();
    for (location_id, quantity_milli) in [
        (transfer.from_location_id, -transfer.quantity_milli),
        (transfer.to_location_id, transfer.quantity_milli),
    ] {
        record_movement(
            transaction,
            &Movement {
                product_id: &product.id,
                location_id,
                quantity_milli,
                reason: MovementReason::Transfer,
                reference_id: Some(&transfer_id),
                user_id: Some(transfer.actor_id),
                note: transfer.note,
                occurred_at: at,
            },
        )?;
    }
    let done = TransferDone {
        transfer_id,
        from_on_hand_milli: from_before - transfer.quantity_milli,
        to_on_hand_milli: to_before + transfer.quantity_milli,
    };
    let sides = json!({
        "from_location_id": transfer.from_location_id,
        "to_location_id": transfer.to_location_id,
    });
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(transfer.actor_id),
            approved_by: None,
            action: "stock.transferred",
            entity: "product",
            entity_id: &product.id,
            before: Some(json!({
                "locations": sides,
                "from_on_hand_milli": from_before,
                "to_on_hand_milli": to_before,
            })),
            after: Some(json!({
                "from_on_hand_milli": done.from_on_hand_milli,
                "to_on_hand_milli": done.to_on_hand_milli,
                "note": transfer.note,
            })),
            occurred_at: at,
        },
    )?;
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "stock",
            aggregate_id: &product.id,
            kind: "stock.transferred",
            payload: json!({
                "transfer_id": done.transfer_id, "product_id": product.id,
                "from_location_id": transfer.from_location_id,
                "to_location_id": transfer.to_location_id,
                "quantity_milli": transfer.quantity_milli, "actor_id": transfer.actor_id,
                "note": transfer.note,
            }),
            occurred_at: at,
        },
    )?;
    Ok(done)
}

fn on_hand_in(
    connection: &Connection,
    product_id: &str,
    location_id: Option<&str>,
) -> Result<i64, CoreError> {
    Ok(connection
        .prepare_cached(
            "SELECT COALESCE(SUM(quantity_milli), 0) FROM stock_movements
             WHERE product_id = ?1 AND location_id IS ?2",
        )?
        .query_row(params![product_id, location_id], |row| row.get(0))?)
}
