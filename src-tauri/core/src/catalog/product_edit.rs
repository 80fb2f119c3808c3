//! Editing an existing product from the counter: its fields and its barcodes, by a
//! manager or the owner, in one transaction with an audit row and one outbox event.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Value, json};

use super::lookup::product_by_id;
use super::products::{
    ProductChange, add_barcode, check_amounts, checked_name, named_row, normalized_barcodes,
    record_product_change,
};
use super::{Product, Unit};
use crate::people::{TillUser, require_approver};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// A product with every barcode it answers to, as the edit form shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductWithBarcodes {
    pub product: Product,
    pub barcodes: Vec<String>,
}

/// The new state of a product's fields and the barcodes to add and remove. No
/// `Default`: each field is a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductEdit {
    /// Unique in the store; the product keeps its id, so sales and the hub follow it.
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
    pub active: bool,
    /// Thousandths (grams for products by weight); zero for no minimum.
    pub min_stock_milli: i64,
    pub barcodes_added: Vec<String>,
    pub barcodes_removed: Vec<String>,
}

/// The product `product_id` with its barcodes.
pub fn product_with_barcodes(
    database: &StoreDatabase,
    product_id: &str,
) -> Result<ProductWithBarcodes, CoreError> {
    database.read(|connection| read_product_with_barcodes(connection, product_id))
}

/// Applies `edit` to `product_id` on behalf of `actor`, who must be a manager or the
/// owner: prices and taxes are the store's money. Answers the product as it is now.
pub fn edit_product(
    database: &StoreDatabase,
    actor: &TillUser,
    product_id: &str,
    edit: &ProductEdit,
) -> Result<ProductWithBarcodes, CoreError> {
    let name = checked_name(&edit.name)?;
    let sku = edit.sku.trim();
    if sku.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "sku",
            reason: "a product needs a SKU".to_owned(),
        });
    }
    if edit.min_stock_milli < 0 {
        return Err(CoreError::InvalidInput {
            field: "min_stock",
            reason: "a minimum stock cannot be negative".to_owned(),
        });
    }
    check_amounts(
        edit.price_cents,
        edit.cost_cents,
        edit.tax_rate_basis_points,
    )?;
    let added = normalized_barcodes(&edit.barcodes_added)?;
    let removed = normalized_barcodes(&edit.barcodes_removed)?;
    database.write(|transaction| {
        let actor = require_approver(transaction, actor, "editing a product")?;
        let before = read_product_with_barcodes(transaction, product_id)?;
        refuse_taken_sku(transaction, product_id, sku)?;
        let at = now_millis();
        update_fields(transaction, product_id, (sku, &name), edit, at)?;
        for barcode in &removed {
            remove_barcode(transaction, &before, barcode)?;
        }
        for barcode in &added {
            add_barcode(transaction, product_id, barcode)?;
        }
        let after = read_product_with_barcodes(transaction, product_id)?;
        record_product_change(
            transaction,
            &ProductChange {
                actor_id: &actor.id,
                product_id,
                kind: "product.edited",
                before: described(&before),
                after: described(&after),
                at,
            },
        )?;
        Ok(after)
    })
}

/// Another product with `sku` refuses the edit; the unique index would too, with a
/// less clear error.
fn refuse_taken_sku(
    transaction: &Transaction<'_>,
    product_id: &str,
    sku: &str,
) -> Result<(), CoreError> {
    let holder: Option<String> = transaction
        .prepare_cached("SELECT id FROM products WHERE sku = ?1 AND id <> ?2")?
        .query_row(params![sku, product_id], |row| row.get(0))
        .optional()?;
    match holder {
        Some(_) => Err(CoreError::DuplicateSku(sku.to_owned())),
        None => Ok(()),
    }
}

/// Writes the fields; `(sku, name)` are the checked, trimmed ones.
fn update_fields(
    transaction: &Transaction<'_>,
    product_id: &str,
    (sku, name): (&str, &str),
    edit: &ProductEdit,
    at: i64,
) -> Result<(), CoreError> {
    let category_id = named_row(transaction, "categories", edit.category.as_deref())?;
    let brand_id = named_row(transaction, "brands", edit.brand.as_deref())?;
    transaction.execute(
        "UPDATE products SET name = ?2, category_id = ?3, brand_id = ?4, unit = ?5,
                price_cents = ?6, cost_cents = ?7, tax_rate_bp = ?8, tax_included = ?9,
                sold_by_weight = ?10, active = ?11, updated_at = ?12, sku = ?13,
                min_stock_milli = ?14
         WHERE id = ?1",
        params![
            product_id,
            name,
            category_id,
            brand_id,
            edit.unit.as_str(),
            edit.price_cents,
            edit.cost_cents,
            edit.tax_rate_basis_points,
            edit.tax_included,
            edit.sold_by_weight,
            edit.active,
            at,
            sku,
            edit.min_stock_milli
        ],
    )?;
    Ok(())
}

/// Removes `barcode` from the product; a barcode it does not have is refused, because
/// the form only offers the product's own and anything else is a stale screen.
fn remove_barcode(
    transaction: &Transaction<'_>,
    before: &ProductWithBarcodes,
    barcode: &str,
) -> Result<(), CoreError> {
    if !before.barcodes.iter().any(|own| own == barcode) {
        return Err(CoreError::InvalidInput {
            field: "barcode",
            reason: format!("{barcode} is not a barcode of {}", before.product.name),
        });
    }
    transaction.execute(
        "DELETE FROM product_barcodes WHERE barcode = ?1 AND product_id = ?2",
        params![barcode, before.product.id],
    )?;
    Ok(())
}

fn read_product_with_barcodes(
    connection: &Connection,
    product_id: &str,
) -> Result<ProductWithBarcodes, CoreError> {
    let product = product_by_id(connection, product_id)?
        .ok_or_else(|| CoreError::UnknownProduct(product_id.to_owned()))?;
    let barcodes = connection
        .prepare_cached(
            "SELECT barcode FROM product_barcodes WHERE product_id = ?1 ORDER BY barcode",
        )?
        .query_map([product_id], |row| row.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ProductWithBarcodes { product, barcodes })
}

/// The edited fields as the audit log and the hub see them (units as `un`/`kg`, the
/// same words `product.created` uses).
fn described(state: &ProductWithBarcodes) -> Value {
    let product = &state.product;
    json!({
        "name": product.name, "category": product.category, "brand": product.brand,
        "unit": product.unit.as_str(), "price_cents": product.price_cents,
        "cost_cents": product.cost_cents, "tax_rate_bp": product.tax_rate_basis_points,
        "tax_included": product.tax_included, "sold_by_weight": product.sold_by_weight,
        "active": product.active, "barcodes": state.barcodes, "sku": product.sku,
        "min_stock_milli": product.min_stock_milli,
    })
}
