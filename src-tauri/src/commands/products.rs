//! Commands of the product edit form: a product with its barcodes, and saving an edit.

use fflow_core::catalog::Unit;
use fflow_core::catalog::product_edit::{self, ProductEdit, ProductWithBarcodes};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// How a product is counted, in the words the UI shows: `un` or `kg`.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
pub enum UnitInput {
    #[serde(rename = "un")]
    Each,
    #[serde(rename = "kg")]
    Kilogram,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductEditInput {
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub unit: UnitInput,
    #[specta(type = i32)]
    pub price_cents: i64,
    #[specta(type = i32)]
    pub cost_cents: i64,
    /// Hundredths of a percent: 1800 is 18%.
    pub tax_rate_basis_points: u32,
    pub tax_included: bool,
    pub sold_by_weight: bool,
    pub active: bool,
    /// Thousandths (grams for products by weight); zero for no minimum.
    #[specta(type = i32)]
    pub min_stock_milli: i64,
    pub barcodes_added: Vec<String>,
    pub barcodes_removed: Vec<String>,
}

impl From<ProductEditInput> for ProductEdit {
    fn from(input: ProductEditInput) -> Self {
        ProductEdit {
            sku: input.sku,
            name: input.name,
            category: input.category,
            brand: input.brand,
            unit: match input.unit {
                UnitInput::Each => Unit::Each,
                UnitInput::Kilogram => Unit::Kilogram,
            },
            price_cents: input.price_cents,
            cost_cents: input.cost_cents,
            tax_rate_basis_points: input.tax_rate_basis_points,
            tax_included: input.tax_included,
            sold_by_weight: input.sold_by_weight,
            active: input.active,
            min_stock_milli: input.min_stock_milli,
            barcodes_added: input.barcodes_added,
            barcodes_removed: input.barcodes_removed,
        }
    }
}

/// Every field the edit form shows, with the product's barcodes.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductDetailsView {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    /// `un` or `kg`.
    pub unit: String,
    #[specta(type = i32)]
    pub price_cents: i64,
    #[specta(type = i32)]
    pub cost_cents: i64,
    pub tax_rate_basis_points: u32,
    pub tax_included: bool,
    pub sold_by_weight: bool,
    pub active: bool,
    #[specta(type = i32)]
    pub min_stock_milli: i64,
    pub barcodes: Vec<String>,
}

impl From<ProductWithBarcodes> for ProductDetailsView {
    fn from(state: ProductWithBarcodes) -> Self {
        let product = state.product;
        ProductDetailsView {
            id: product.id,
            sku: product.sku,
            name: product.name,
            category: product.category,
            brand: product.brand,
            unit: product.unit.as_str().to_owned(),
            price_cents: product.price_cents,
            cost_cents: product.cost_cents,
            tax_rate_basis_points: product.tax_rate_basis_points,
            tax_included: product.tax_included,
            sold_by_weight: product.sold_by_weight,
            active: product.active,
            min_stock_milli: product.min_stock_milli,
            barcodes: state.barcodes,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn product_details(
    context: State<'_, StoreContext>,
    product_id: String,
) -> Result<ProductDetailsView, CommandError> {
    Ok(product_edit::product_with_barcodes(database(&context)?, &product_id)?.into())
}

/// Saves `edit` on behalf of the signed-in manager or owner.
#[tauri::command]
#[specta::specta]
pub fn edit_product(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    product_id: String,
    edit: ProductEditInput,
) -> Result<ProductDetailsView, CommandError> {
    let actor = signed_in.current()?;
    let edited =
        product_edit::edit_product(database(&context)?, &actor, &product_id, &edit.into())?;
    Ok(edited.into())
}
