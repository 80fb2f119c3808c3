//! Commands for parked carts: set the cart aside with a label, list what waits, take one
//! back (priced again at today's prices), or throw one away with a reason.

use fflow_core::catalog::lookup;
use fflow_core::customers;
use fflow_core::sale::held_carts::{self, CartToPark, HeldCartSummary, PriceChange};
use serde::Serialize;
use tauri::State;

use super::customers::CustomerView;
use super::database;
use super::inputs::{CartInput, DiscountInput};
use super::views::{CartAmountsView, ProductView};
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HeldCartView {
    pub id: String,
    pub label: String,
    pub cashier_name: String,
    #[specta(type = i32)]
    pub line_count: i64,
    /// The total when it was parked; prices may differ on resume.
    #[specta(type = i32)]
    pub total_cents_when_parked: i64,
    /// Milliseconds since 1970, UTC (a `number`; see views.rs on i64 and specta).
    #[specta(type = i32)]
    pub held_at: i64,
}

impl From<HeldCartSummary> for HeldCartView {
    fn from(cart: HeldCartSummary) -> Self {
        HeldCartView {
            id: cart.id,
            label: cart.label,
            cashier_name: cart.cashier_name,
            line_count: cart.line_count,
            total_cents_when_parked: cart.total_cents_when_parked,
            held_at: cart.held_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResumedLineView {
    pub product: ProductView,
    #[specta(type = i32)]
    pub quantity_milli: i64,
    pub discount: Option<DiscountInput>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PriceChangeView {
    /// Numbered from 1, as on screen.
    #[specta(type = i32)]
    pub line: usize,
    #[specta(type = i32)]
    pub parked_unit_price_cents: i64,
    #[specta(type = i32)]
    pub current_unit_price_cents: i64,
}

impl From<PriceChange> for PriceChangeView {
    fn from(change: PriceChange) -> Self {
        PriceChangeView {
            line: change.line,
            parked_unit_price_cents: change.parked_unit_price_cents,
            current_unit_price_cents: change.current_unit_price_cents,
        }
    }
}

/// A parked cart back on the counter, with what the UI needs to show its lines.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResumedCartView {
    pub label: String,
    pub customer: Option<CustomerView>,
    pub lines: Vec<ResumedLineView>,
    pub order_discount: Option<DiscountInput>,
    pub amounts: CartAmountsView,
    pub price_changes: Vec<PriceChangeView>,
}

/// Parks the cart for the signed-in cashier and answers its id.
#[tauri::command]
#[specta::specta]
pub fn park_cart(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    cart: CartInput,
    label: String,
) -> Result<String, CommandError> {
    let cashier = signed_in.current()?;
    let lines = cart.core_lines();
    Ok(held_carts::park_cart(
        database(&context)?,
        &CartToPark {
            label: &label,
            cashier_id: &cashier.id,
            customer_id: cart.customer_id.as_deref(),
            lines: &lines,
            order_discount: cart.core_order_discount(),
        },
    )?)
}

#[tauri::command]
#[specta::specta]
pub fn held_carts(context: State<'_, StoreContext>) -> Result<Vec<HeldCartView>, CommandError> {
    let carts = held_carts::list_held_carts(database(&context)?)?;
    Ok(carts.into_iter().map(Into::into).collect())
}

/// Takes the parked cart `id` back; another till that took it first makes this fail
/// with `unknown_held_cart`.
#[tauri::command]
#[specta::specta]
pub fn resume_held_cart(
    context: State<'_, StoreContext>,
    id: String,
) -> Result<ResumedCartView, CommandError> {
    let database = database(&context)?;
    let resumed = held_carts::resume_held_cart(database, &id)?;
    let mut lines = Vec::with_capacity(resumed.lines.len());
    for line in resumed.lines {
        // Resuming priced every line from the catalog, so each product is there.
        let product = lookup::find_by_id(database, &line.product_id)?.ok_or_else(|| {
            CommandError::from(fflow_core::CoreError::UnknownProduct(
                line.product_id.clone(),
            ))
        })?;
        lines.push(ResumedLineView {
            product: product.into(),
            quantity_milli: line.quantity_milli,
            discount: line.discount.map(Into::into),
        });
    }
    let customer = match resumed.customer_id {
        Some(id) => customers::customer_by_id(database, &id)?.map(Into::into),
        None => None,
    };
    Ok(ResumedCartView {
        label: resumed.label,
        customer,
        lines,
        order_discount: resumed.order_discount.map(Into::into),
        amounts: resumed.amounts.into(),
        price_changes: resumed.price_changes.into_iter().map(Into::into).collect(),
    })
}

/// Throws the parked cart `id` away; the audit log keeps who, why and what it held.
#[tauri::command]
#[specta::specta]
pub fn discard_held_cart(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    id: String,
    reason: String,
) -> Result<(), CommandError> {
    held_carts::discard_held_cart(database(&context)?, &id, &signed_in.current()?.id, &reason)?;
    Ok(())
}
