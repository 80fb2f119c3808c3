//! Commands of the sale screen: finding products, pricing the cart, paying, and the
//! receipt of the sale just made.

use fflow_core::cash::drawer;
use fflow_core::catalog::lookup::{self, Page};
use fflow_core::money::Cents;
use fflow_core::people;
use fflow_core::sale::complete::{self, SaleRequest};
use fflow_core::sale::void;
use fflow_core::{checkout, print_queue, receipt};
use serde::Serialize;
use tauri::State;

use super::database;
use super::inputs::{AmountInput, CartInput, ManagerPinInput, PaymentInput, core_payments};
use super::receipt_view::ReceiptView;
use super::views::{CartAmountsView, ProductView};
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::print_service::PrintService;
use crate::signed_in::SignedIn;

/// How many products a search shows while the cashier types.
const SEARCH_RESULTS: u32 = 12;

/// A product the scan field found, with the quantity a scale or GS1 label carries.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScannedProductView {
    pub product: ProductView,
    /// Thousandths, or grams for products sold by weight; `None` for a plain code.
    #[specta(type = Option<i32>)]
    pub quantity_milli: Option<i64>,
}

/// The product for `code` as a scanner or the keyboard typed it: its barcode or SKU, or
/// a scale label in the store's formats.
#[tauri::command]
#[specta::specta]
pub fn find_product(
    context: State<'_, StoreContext>,
    code: String,
) -> Result<Option<ScannedProductView>, CommandError> {
    let found = checkout::read_counter_scan(database(&context)?, &code)?;
    Ok(found.map(|item| ScannedProductView {
        product: item.product.into(),
        quantity_milli: item.quantity_milli,
    }))
}

#[tauri::command]
#[specta::specta]
pub fn search_products(
    context: State<'_, StoreContext>,
    query: String,
) -> Result<Vec<ProductView>, CommandError> {
    let page = Page {
        offset: 0,
        limit: SEARCH_RESULTS,
    };
    let found = lookup::search(database(&context)?, &query, page)?;
    Ok(found.into_iter().map(Into::into).collect())
}

/// The cart priced by core, as the sale will charge it.
#[tauri::command]
#[specta::specta]
pub fn quote_cart(
    context: State<'_, StoreContext>,
    cart: CartInput,
) -> Result<CartAmountsView, CommandError> {
    let amounts = checkout::quote_cart(
        database(&context)?,
        &cart.core_lines(),
        cart.core_order_discount(),
    )?;
    Ok(amounts.into())
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethodView {
    pub code: String,
    pub label: String,
    /// `cash`, `card`, `pix` or `other`; only cash gives change.
    pub kind: String,
}

#[tauri::command]
#[specta::specta]
pub fn payment_methods(
    context: State<'_, StoreContext>,
) -> Result<Vec<PaymentMethodView>, CommandError> {
    let methods = checkout::active_payment_methods(database(&context)?)?;
    Ok(methods
        .into_iter()
        .map(|method| PaymentMethodView {
            code: method.code,
            label: method.label,
            kind: method.kind.as_str().to_owned(),
        })
        .collect())
}

/// The PIX "copia e cola" text for `amount`, which the UI draws as a QR code.
#[tauri::command]
#[specta::specta]
pub fn pix_payload(
    context: State<'_, StoreContext>,
    amount: AmountInput,
    reference: String,
) -> Result<String, CommandError> {
    Ok(checkout::pix_payload_for_amount(
        database(&context)?,
        Cents(amount.cents),
        &reference,
    )?)
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompletedSaleView {
    pub id: String,
    pub code: String,
    #[specta(type = i32)]
    pub total_cents: i64,
    #[specta(type = i32)]
    pub tendered_cents: i64,
    #[specta(type = i32)]
    pub change_cents: i64,
    /// Why a drawer wired to a GPIO pin did not open after this cash sale (the sale
    /// stands); `None` when it opened or opens with the receipt.
    pub drawer_problem: Option<String>,
}

/// Commits the sale for the signed-in cashier.
#[tauri::command]
#[specta::specta]
pub fn complete_sale(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    cart: CartInput,
    payments: Vec<PaymentInput>,
) -> Result<CompletedSaleView, CommandError> {
    let request = SaleRequest {
        cashier_id: signed_in.current()?.id,
        customer_id: cart.customer_id.clone(),
        lines: cart.core_lines(),
        order_discount: cart.core_order_discount(),
        payments: core_payments(&payments),
        approval: None,
    };
    let database = database(&context)?;
    let sale = complete::complete_sale(database, &request)?;
    // The sale is committed; a drawer that does not open is reported, never undoes it.
    let drawer_problem = match drawer::open_gpio_drawer_after_cash_sale(database, &sale.id) {
        Ok(_) => None,
        Err(error) => {
            tracing::warn!("sale {}: the GPIO drawer did not open: {error}", sale.code);
            Some(error.to_string())
        }
    };
    Ok(CompletedSaleView {
        id: sale.id,
        code: sale.code,
        total_cents: sale.amounts.total.0,
        tendered_cents: sale.tendered_cents,
        change_cents: sale.change_cents,
        drawer_problem,
    })
}

/// The receipt of `sale` (id or code) as core lays it out for the printer.
#[tauri::command]
#[specta::specta]
pub fn sale_receipt(
    context: State<'_, StoreContext>,
    sale: String,
) -> Result<ReceiptView, CommandError> {
    Ok(receipt::receipt_for_sale(database(&context)?, &sale)?.into())
}

/// Puts the receipt of the sale with id `sale_id` in the persistent print queue and
/// wakes the print worker.
#[tauri::command]
#[specta::specta]
pub fn queue_receipt(
    context: State<'_, StoreContext>,
    printing: State<'_, PrintService>,
    sale_id: String,
) -> Result<(), CommandError> {
    print_queue::enqueue_receipt(database(&context)?, &sale_id)?;
    printing.wake();
    Ok(())
}

/// Clears a cart that was not sold, which a manager approves with their PIN; the audit
/// log keeps what was in it.
#[tauri::command]
#[specta::specta]
pub fn void_cart(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    cart: CartInput,
    approval: ManagerPinInput,
    reason: String,
) -> Result<(), CommandError> {
    let database = database(&context)?;
    let approval = people::manager_approval(
        database,
        &approval.manager_id,
        &approval.pin,
        "voiding a cart",
    )?;
    void::record_cart_void(
        database,
        &signed_in.current()?.id,
        &approval,
        &cart.core_lines(),
        &reason,
    )?;
    Ok(())
}
