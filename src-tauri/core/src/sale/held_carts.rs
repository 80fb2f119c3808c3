//! Parked (held) carts: a cashier sets a cart aside with a label ("Maria, volta já"), serves
//! the next customer, and any till resumes it later, also after a restart, since it is a
//! row in the database rather than UI state.
//!
//! Resuming deletes the row in the same write transaction that reads it, so when two tills
//! resume the same cart only the first gets it and the other is told it is gone. Prices are
//! evaluated again on resume through the same pricing as a sale, and lines whose catalog
//! price changed while the cart waited are reported. A resume that cannot be priced (a
//! product deactivated meanwhile) leaves the cart parked. Discarding is audited with the
//! lines, so a manager can review what was never sold.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::complete::{CartLine, PricedFromCatalog, price_from_catalog};
use super::pricing::{CartAmounts, Discount};
use crate::customers::require_active_customer;
use crate::records::{AuditEntry, append_to_audit_log, new_id, now_millis};
use crate::{CoreError, StoreDatabase};

/// A cart to park.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CartToPark<'a> {
    pub label: &'a str,
    pub cashier_id: &'a str,
    pub customer_id: Option<&'a str>,
    pub lines: &'a [CartLine],
    pub order_discount: Option<Discount>,
}

/// A parked cart as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCartSummary {
    pub id: String,
    pub label: String,
    pub cashier_id: String,
    pub cashier_name: String,
    pub customer_id: Option<String>,
    pub line_count: i64,
    /// The total when it was parked; prices may differ on resume.
    pub total_cents_when_parked: i64,
    pub held_at: i64,
}

/// A line whose catalog price changed while its cart was parked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceChange {
    /// Numbered from 1, as on screen.
    pub line: usize,
    pub product_id: String,
    pub parked_unit_price_cents: i64,
    pub current_unit_price_cents: i64,
}

/// A resumed cart, priced again, back on the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumedCart {
    pub label: String,
    pub parked_by: String,
    pub customer_id: Option<String>,
    pub lines: Vec<CartLine>,
    pub order_discount: Option<Discount>,
    pub amounts: CartAmounts,
    pub price_changes: Vec<PriceChange>,
}

/// What the `cart` column holds.
#[derive(Debug, Serialize, Deserialize)]
struct StoredCart {
    lines: Vec<CartLine>,
    order_discount: Option<Discount>,
    unit_prices_cents: Vec<i64>,
    total_cents: i64,
}

/// Parks `cart` and returns its id. The cart is priced first, so a cart that could not be
/// sold (unknown or inactive product, bad quantity or discount) is refused now rather
/// than on resume.
pub fn park_cart(database: &StoreDatabase, cart: &CartToPark<'_>) -> Result<String, CoreError> {
    if cart.lines.is_empty() {
        return Err(CoreError::EmptyCart);
    }
    let label = cart.label.trim();
    if label.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "label",
            reason: "a parked cart needs a label to be found again".to_owned(),
        });
    }
    database.write(|transaction| {
        crate::people::require_active_user(transaction, cart.cashier_id)?;
        if let Some(customer_id) = cart.customer_id {
            require_active_customer(transaction, customer_id)?;
        }
        let PricedFromCatalog {
            inputs, amounts, ..
        } = price_from_catalog(transaction, cart.lines, cart.order_discount)?;
        let stored = StoredCart {
            lines: cart.lines.to_vec(),
            order_discount: cart.order_discount,
            unit_prices_cents: inputs.iter().map(|input| input.unit_price.0).collect(),
            total_cents: amounts.total.0,
        };
        let id = new_id();
        transaction.execute(
            "INSERT INTO held_carts (id, label, cashier_id, customer_id, cart, held_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                label,
                cart.cashier_id,
                cart.customer_id,
                json!(stored).to_string(),
                now_millis()
            ],
        )?;
        Ok(id)
    })
}

/// Parked carts, oldest first.
pub fn list_held_carts(database: &StoreDatabase) -> Result<Vec<HeldCartSummary>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT h.id, h.label, h.cashier_id, u.name, h.customer_id,
                    json_array_length(h.cart, '$.lines'), json_extract(h.cart, '$.total_cents'),
                    h.held_at
             FROM held_carts h JOIN till_users u ON u.id = h.cashier_id
             ORDER BY h.held_at, h.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(HeldCartSummary {
                id: row.get(0)?,
                label: row.get(1)?,
                cashier_id: row.get(2)?,
                cashier_name: row.get(3)?,
                customer_id: row.get(4)?,
                line_count: row.get(5)?,
                total_cents_when_parked: row.get(6)?,
                held_at: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    })
}

/// Takes the parked cart `id` off the list and returns it priced at today's prices. Only
/// one till can resume a cart; the others get [`CoreError::UnknownHeldCart`].
pub fn resume_held_cart(database: &StoreDatabase, id: &str) -> Result<ResumedCart, CoreError> {
    database.write(|transaction| {
        let (label, parked_by, customer_id, stored) = load(transaction, id)?;
        let PricedFromCatalog {
            inputs, amounts, ..
        } = price_from_catalog(transaction, &stored.lines, stored.order_discount)?;
        let price_changes = stored
            .lines
            .iter()
            .zip(&inputs)
            .zip(&stored.unit_prices_cents)
            .enumerate()
            .filter(|(_, ((_, input), parked))| input.unit_price.0 != **parked)
            .map(|(index, ((line, input), parked))| PriceChange {
                line: index + 1,
                product_id: line.product_id.clone(),
                parked_unit_price_cents: *parked,
                current_unit_price_cents: input.unit_price.0,
            })
            .collect();
        delete(transaction, id)?;
        Ok(ResumedCart {
            label,
            parked_by,
            customer_id,
            lines: stored.lines,
            order_discount: stored.order_discount,
            amounts,
            price_changes,
        })
    })
}

/// Throws the parked cart `id` away, recording who did it, why, and what the cart held.
pub fn discard_held_cart(
    database: &StoreDatabase,
    id: &str,
    actor_id: &str,
    reason: &str,
) -> Result<(), CoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "reason",
            reason: "say why the parked cart is thrown away".to_owned(),
        });
    }
    database.write(|transaction| {
        crate::people::require_active_user(transaction, actor_id)?;
        let (label, parked_by, customer_id, stored) = load(transaction, id)?;
        delete(transaction, id)?;
        append_to_audit_log(
            transaction,
            &AuditEntry {
                actor_id: Some(actor_id),
                approved_by: None,
                action: "held_cart.discarded",
                entity: "held_cart",
                entity_id: id,
                before: Some(json!({
                    "label": label, "parked_by": parked_by, "customer_id": customer_id,
                    "lines": stored.lines, "total_cents": stored.total_cents,
                })),
                after: Some(json!({ "reason": reason })),
                occurred_at: now_millis(),
            },
        )
    })
}

type LoadedCart = (String, String, Option<String>, StoredCart);

fn load(transaction: &rusqlite::Transaction<'_>, id: &str) -> Result<LoadedCart, CoreError> {
    let row: Option<(String, String, Option<String>, String)> = transaction
        .prepare_cached(
            "SELECT label, cashier_id, customer_id, cart FROM held_carts WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    let (label, parked_by, customer_id, cart) =
        row.ok_or_else(|| CoreError::UnknownHeldCart(id.to_owned()))?;
    let stored: StoredCart =
        serde_json::from_str(&cart).map_err(|error| CoreError::InvalidInput {
            field: "held_cart",
            reason: format!("the parked cart {id} cannot be read: {error}"),
        })?;
    Ok((label, parked_by, customer_id, stored))
}

fn delete(transaction: &rusqlite::Transaction<'_>, id: &str) -> Result<(), CoreError> {
    // The row was read in this same IMMEDIATE transaction, so nobody can have taken it
    // in between; the count is checked anyway rather than assumed.
    match transaction.execute("DELETE FROM held_carts WHERE id = ?1", [id])? {
        1 => Ok(()),
        _ => Err(CoreError::UnknownHeldCart(id.to_owned())),
    }
}
