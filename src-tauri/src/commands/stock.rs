//! Commands of the products screen: low stock, and stock adjustments with a reason.

use fflow_core::catalog::low_stock;
use fflow_core::stock::{self, MovementReason};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use super::views::ProductView;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// How many low-stock products the screen lists.
const LOW_STOCK_ROWS: u32 = 50;

/// Why stock changes outside a sale: a count that corrects it, or goods received.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum StockChangeKind {
    Adjustment,
    Receipt,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StockChangeInput {
    pub product_id: String,
    /// Thousandths to add (negative to take away).
    #[specta(type = i32)]
    pub quantity_milli: i64,
    pub kind: StockChangeKind,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StockLevelView {
    #[specta(type = i32)]
    pub stock_on_hand_milli: i64,
}

#[tauri::command]
#[specta::specta]
pub fn low_stock_products(
    context: State<'_, StoreContext>,
) -> Result<Vec<ProductView>, CommandError> {
    let products = low_stock::low_stock_products(database(&context)?, LOW_STOCK_ROWS)?;
    Ok(products.into_iter().map(Into::into).collect())
}

/// Moves stock for the signed-in user and answers the new stock on hand.
#[tauri::command]
#[specta::specta]
pub fn adjust_stock(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    change: StockChangeInput,
) -> Result<StockLevelView, CommandError> {
    let reason = match change.kind {
        StockChangeKind::Adjustment => MovementReason::Adjustment,
        StockChangeKind::Receipt => MovementReason::Receipt,
    };
    let user = signed_in.current()?;
    let stock_on_hand_milli = stock::adjust_stock(
        database(&context)?,
        &change.product_id,
        change.quantity_milli,
        reason,
        &change.note,
        &user.id,
    )?;
    Ok(StockLevelView {
        stock_on_hand_milli,
    })
}
