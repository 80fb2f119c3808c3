//! Master data from the hub: payment methods upserted by code, and product prices set by
//! SKU. Both come from a command or from a snapshot; each change leaves an audit row with
//! the hub as actor. A price change touches the price only, never stock.

use fflow_protocol::master_data::{PaymentMethod, ProductPrice};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{CommandFailure, HUB_ACTOR, Refusal};
use crate::records::{AuditEntry, append_to_audit_log, now_millis};

/// Where a change came from, recorded in its audit row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeSource {
    /// A command is audited even when it changes nothing: the row says it was applied.
    Command(Uuid),
    /// A snapshot is audited only where it changes something, or a store catching up
    /// would write a row for every unchanged product.
    Snapshot { cursor: i64 },
}

impl ChangeSource {
    fn audited(self, changed: bool) -> bool {
        changed || matches!(self, ChangeSource::Command(_))
    }

    fn describe(self) -> Value {
        match self {
            ChangeSource::Command(id) => json!({ "command_id": id }),
            ChangeSource::Snapshot { cursor } => json!({ "snapshot_cursor": cursor }),
        }
    }
}

/// Inserts or updates the payment method `method.code`. Answers whether anything changed.
pub(crate) fn upsert_payment_method(
    transaction: &Transaction<'_>,
    method: &PaymentMethod,
    source: ChangeSource,
) -> Result<bool, CommandFailure> {
    if method.code.trim().is_empty() || method.label.trim().is_empty() {
        return Err(CommandFailure::Refused(Refusal::new(
            "invalid_payload",
            "a payment method needs a code and a label",
        )));
    }
    let before: Option<Value> = transaction
        .prepare_cached(
            "SELECT label, kind, active, position FROM payment_methods WHERE code = ?1",
        )?
        .query_row([&method.code], |row| {
            Ok(json!({
                "label": row.get::<_, String>(0)?,
                "kind": row.get::<_, String>(1)?,
                "active": row.get::<_, bool>(2)?,
                "position": row.get::<_, i64>(3)?,
            }))
        })
        .optional()?;
    let after = json!({
        "label": method.label,
        "kind": method.kind.as_str(),
        "active": method.active,
        "position": method.position,
    });
    let changed = before.as_ref() != Some(&after);
    if changed {
        transaction
            .prepare_cached(
                "INSERT INTO payment_methods (code, label, kind, active, position)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (code) DO UPDATE SET label = excluded.label,
                     kind = excluded.kind, active = excluded.active,
                     position = excluded.position",
            )?
            .execute(params![
                method.code,
                method.label,
                method.kind.as_str(),
                method.active,
                method.position
            ])?;
    }
    if source.audited(changed) {
        audit(
            transaction,
            "payment_method.upserted",
            ("payment_method", &method.code),
            before,
            after,
            source,
        )?;
    }
    Ok(changed)
}

/// Sets the price of the product with `price.sku`. An unknown SKU is refused (the store
/// does not carry that product), and so is a negative price.
pub(crate) fn set_product_price(
    transaction: &Transaction<'_>,
    price: &ProductPrice,
    source: ChangeSource,
) -> Result<bool, CommandFailure> {
    if price.price_cents < 0 {
        return Err(CommandFailure::Refused(Refusal::new(
            "invalid_payload",
            format!("the price of {} cannot be negative", price.sku),
        )));
    }
    let (product_id, old_price): (String, i64) = transaction
        .prepare_cached("SELECT id, price_cents FROM products WHERE sku = ?1")?
        .query_row([&price.sku], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .ok_or_else(|| {
            CommandFailure::Refused(Refusal::new(
                "unknown_sku",
                format!("no product of this store has the SKU {}", price.sku),
            ))
        })?;
    let changed = old_price != price.price_cents;
    if changed {
        transaction
            .prepare_cached("UPDATE products SET price_cents = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![product_id, price.price_cents, now_millis()])?;
    }
    if source.audited(changed) {
        audit(
            transaction,
            "product.price_changed",
            ("product", &product_id),
            Some(json!({ "price_cents": old_price })),
            json!({ "price_cents": price.price_cents }),
            source,
        )?;
    }
    Ok(changed)
}

fn audit(
    transaction: &Transaction<'_>,
    action: &str,
    (entity, entity_id): (&str, &str),
    before: Option<Value>,
    mut after: Value,
    source: ChangeSource,
) -> Result<(), CommandFailure> {
    after["source"] = source.describe();
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(HUB_ACTOR),
            approved_by: None,
            action,
            entity,
            entity_id,
            before,
            after: Some(after),
            occurred_at: now_millis(),
        },
    )?;
    Ok(())
}
