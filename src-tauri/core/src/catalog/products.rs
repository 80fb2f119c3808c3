//! Creating and changing products. Every change is written with its outbox event, and
//! changes to an existing product also with an audit row.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::Unit;
use crate::licensing::enforcement::{LimitedResource, require_within_limit};
use crate::records::{
    AuditEntry, OutboxEvent, append_to_audit_log, append_to_outbox, new_id, now_millis,
};
use crate::{CoreError, StoreDatabase};

/// Everything needed to add a product. No `Default`: each field is a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub unit: Unit,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub tax_rate_basis_points: u32,
    pub tax_included: bool,
    pub sold_by_weight: bool,
    pub min_stock_milli: i64,
    pub barcodes: Vec<String>,
}

/// Adds `product` and returns its id.
pub fn create_product(
    database: &StoreDatabase,
    product: &NewProduct,
    actor_id: Option<&str>,
) -> Result<String, CoreError> {
    let product = validated(product)?;
    database.write(|transaction| {
        let id = insert_product(transaction, &product, actor_id, now_millis())?;
        require_within_limit(transaction, LimitedResource::Products)?;
        Ok(id)
    })
}

/// Adds `product` inside an open transaction (the CSV import adds many in one).
pub fn insert_product(
    transaction: &Transaction<'_>,
    product: &NewProduct,
    actor_id: Option<&str>,
    at: i64,
) -> Result<String, CoreError> {
    let taken: Option<String> = transaction
        .prepare_cached("SELECT id FROM products WHERE sku = ?1")?
        .query_row([&product.sku], |row| row.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(CoreError::DuplicateSku(product.sku.clone()));
    }
    let id = new_id();
    let category_id = named_row(transaction, "categories", product.category.as_deref())?;
    let brand_id = named_row(transaction, "brands", product.brand.as_deref())?;
    transaction.prepare_cached(
        "INSERT INTO products (id, sku, name, category_id, brand_id, unit, price_cents, cost_cents,
                               tax_rate_bp, tax_included, sold_by_weight, min_stock_milli,
                               created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
            id,
            product.sku,
            product.name,
            category_id,
            brand_id,
            product.unit.as_str(),
            product.price_cents,
            product.cost_cents,
            product.tax_rate_basis_points,
            product.tax_included,
            product.sold_by_weight,
            product.min_stock_milli,
            at
        ])?;
    for barcode in &product.barcodes {
        add_barcode(transaction, &id, barcode)?;
    }
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "product",
            aggregate_id: &id,
            kind: "product.created",
            payload: json!({
                "id": id, "sku": product.sku, "name": product.name,
                "category": product.category, "brand": product.brand,
                "unit": product.unit.as_str(), "price_cents": product.price_cents,
                "cost_cents": product.cost_cents, "tax_rate_bp": product.tax_rate_basis_points,
                "tax_included": product.tax_included, "sold_by_weight": product.sold_by_weight,
                "barcodes": product.barcodes, "actor_id": actor_id,
            }),
            occurred_at: at,
        },
    )?;
    Ok(id)
}

/// Changes the price of a product, with an audit row and an outbox event.
pub fn change_price(
    database: &StoreDatabase,
    product_id: &str,
    new_price_cents: i64,
    actor_id: &str,
) -> Result<(), CoreError> {
    if new_price_cents < 0 {
        return Err(CoreError::InvalidInput {
            field: "price",
            reason: "a price cannot be negative".to_owned(),
        });
    }
    database.write(|transaction| {
        let old_price: i64 = transaction
            .query_row(
                "SELECT price_cents FROM products WHERE id = ?1",
                [product_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::UnknownProduct(product_id.to_owned()))?;
        let at = now_millis();
        transaction.execute(
            "UPDATE products SET price_cents = ?2, updated_at = ?3 WHERE id = ?1",
            params![product_id, new_price_cents, at],
        )?;
        record_product_change(
            transaction,
            &ProductChange {
                actor_id,
                product_id,
                kind: "product.price_changed",
                before: json!({ "price_cents": old_price }),
                after: json!({ "price_cents": new_price_cents }),
                at,
            },
        )
    })
}

/// A change to an existing product, as the audit log and the hub are told of it.
pub(super) struct ProductChange<'a> {
    pub actor_id: &'a str,
    pub product_id: &'a str,
    /// Both the audit action and the outbox event kind, e.g. `product.edited`.
    pub kind: &'a str,
    pub before: serde_json::Value,
    /// What the product is now; the outbox event carries it too, with the actor.
    pub after: serde_json::Value,
    pub at: i64,
}

/// Writes the audit row and the outbox event of `change` inside `transaction`, so every
/// change to a product is recorded the same way.
pub(super) fn record_product_change(
    transaction: &Transaction<'_>,
    change: &ProductChange<'_>,
) -> Result<(), CoreError> {
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(change.actor_id),
            approved_by: None,
            action: change.kind,
            entity: "product",
            entity_id: change.product_id,
            before: Some(change.before.clone()),
            after: Some(change.after.clone()),
            occurred_at: change.at,
        },
    )?;
    let mut payload = change.after.clone();
    if let Some(fields) = payload.as_object_mut() {
        fields.insert("id".to_owned(), json!(change.product_id));
        fields.insert("actor_id".to_owned(), json!(change.actor_id));
    }
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "product",
            aggregate_id: change.product_id,
            kind: change.kind,
            payload,
            occurred_at: change.at,
        },
    )?;
    Ok(())
}

pub(super) fn add_barcode(
    transaction: &Transaction<'_>,
    product_id: &str,
    barcode: &str,
) -> Result<(), CoreError> {
    let owner: Option<String> = transaction
        .prepare_cached("SELECT product_id FROM product_barcodes WHERE barcode = ?1")?
        .query_row([barcode], |row| row.get(0))
        .optional()?;
    match owner {
        Some(owner) if owner == product_id => Ok(()),
        Some(_) => Err(CoreError::DuplicateBarcode(barcode.to_owned())),
        None => {
            transaction
                .prepare_cached(
                    "INSERT INTO product_barcodes (barcode, product_id) VALUES (?1, ?2)",
                )?
                .execute(params![barcode, product_id])?;
            Ok(())
        }
    }
}

/// The id of the category or brand called `name`, created on first use.
pub(super) fn named_row(
    transaction: &Transaction<'_>,
    table: &'static str,
    name: Option<&str>,
) -> Result<Option<String>, CoreError> {
    let Some(name) = name.map(str::trim).filter(|name| !name.is_empty()) else {
        return Ok(None);
    };
    let existing: Option<String> = transaction
        .prepare_cached(&format!("SELECT id FROM {table} WHERE name = ?1"))?
        .query_row([name], |row| row.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(Some(id));
    }
    let id = new_id();
    transaction.execute(
        &format!("INSERT INTO {table} (id, name) VALUES (?1, ?2)"),
        params![id, name],
    )?;
    Ok(Some(id))
}

/// Trims text fields and refuses what the database would refuse, with reasons.
pub fn validated(product: &NewProduct) -> Result<NewProduct, CoreError> {
    let sku = product.sku.trim().to_owned();
    if sku.is_empty() {
        return Err(invalid("sku", "a product needs a SKU"));
    }
    let name = checked_name(&product.name)?;
    check_amounts(
        product.price_cents,
        product.cost_cents,
        product.tax_rate_basis_points,
    )?;
    if product.min_stock_milli < 0 {
        return Err(invalid("min_stock", "a minimum stock cannot be negative"));
    }
    Ok(NewProduct {
        sku,
        name,
        barcodes: normalized_barcodes(&product.barcodes)?,
        ..product.clone()
    })
}

fn invalid(field: &'static str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field,
        reason: reason.to_owned(),
    }
}

/// The trimmed name, or a refusal when nothing is left.
pub(super) fn checked_name(name: &str) -> Result<String, CoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("name", "a product needs a name"));
    }
    Ok(name.to_owned())
}

/// Refuses a negative price or cost and a tax rate above 100%.
pub(super) fn check_amounts(
    price_cents: i64,
    cost_cents: i64,
    tax_rate_basis_points: u32,
) -> Result<(), CoreError> {
    if price_cents < 0 {
        return Err(invalid("price", "a price cannot be negative"));
    }
    if cost_cents < 0 {
        return Err(invalid("cost", "a cost cannot be negative"));
    }
    if tax_rate_basis_points > 10_000 {
        return Err(invalid("tax_rate", "a tax rate cannot be above 100%"));
    }
    Ok(())
}

/// The barcodes trimmed, refusing blanks, spaces inside and the same barcode twice.
pub(super) fn normalized_barcodes(barcodes: &[String]) -> Result<Vec<String>, CoreError> {
    let mut normalized: Vec<String> = Vec::with_capacity(barcodes.len());
    for barcode in barcodes {
        let barcode = barcode.trim().to_owned();
        if barcode.is_empty() || barcode.chars().any(char::is_whitespace) {
            return Err(invalid(
                "barcode",
                "a barcode cannot be empty or contain spaces",
            ));
        }
        if normalized.contains(&barcode) {
            return Err(CoreError::DuplicateBarcode(barcode));
        }
        normalized.push(barcode);
    }
    Ok(normalized)
}
