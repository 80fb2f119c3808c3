//! Completing a sale: ONE `BEGIN IMMEDIATE` transaction writes the sale, its lines, its
//! payments, the stock movements and one outbox event, and takes the next gap-free sale
//! number. If any part fails, nothing is written (and the number is not used up).
//!
//! Every page a sale touches is written to the WAL and synced before the sale counts as
//! done, so the schema keeps the sale path to few tables and indexes (see migration 0002).

use std::collections::HashMap;

use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::payment::{PaymentKind, Settlement, Tender, settle};
use super::pricing::{CartAmounts, Discount, LineInput, price_cart};
use crate::cash::open_session_id;
use crate::catalog::Product;
use crate::catalog::lookup::product_by_id;
use crate::customers::require_active_customer;
use crate::licensing::enforcement::require_selling_allowed;
use crate::people::ManagerApproval;
use crate::records::{
    AuditEntry, OutboxEvent, append_to_audit_log, append_to_outbox, new_id, now_millis,
};
use crate::settings::read_setting;
use crate::stock::{Movement, MovementReason, record_movement};
use crate::{CoreError, StoreDatabase};

/// Settings key of this counter's code, the `<device>` in sale codes `<device>-<n>`.
pub const DEVICE_CODE_SETTING: &str = "device_code";
/// The device code until activation assigns one.
pub const DEFAULT_DEVICE_CODE: &str = "CX01";

/// One line of the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    /// Thousandths of a unit: 1,000 per unit, or grams for products sold by weight.
    pub quantity_milli: i64,
    pub discount: Option<Discount>,
    /// A price other than the catalog's, which needs a manager's approval.
    pub unit_price_override_cents: Option<i64>,
}

impl CartLine {
    /// What pricing needs of this line once its product is loaded: the catalog price
    /// unless the line overrides it. The counter's quote and the committed sale both
    /// price through here, so they cannot disagree.
    pub(crate) fn pricing_input(&self, product: &Product) -> LineInput {
        LineInput {
            unit_price: crate::money::Cents(
                self.unit_price_override_cents
                    .unwrap_or(product.price_cents),
            ),
            quantity_milli: self.quantity_milli,
            tax_rate_basis_points: product.tax_rate_basis_points,
            tax_included: product.tax_included,
            discount: self.discount,
        }
    }
}

/// A payment as the cashier entered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentEntry {
    pub method_code: String,
    pub amount_cents: i64,
}

/// Everything needed to complete a sale.
#[derive(Debug, Clone)]
pub struct SaleRequest {
    pub cashier_id: String,
    pub customer_id: Option<String>,
    pub lines: Vec<CartLine>,
    pub order_discount: Option<Discount>,
    pub payments: Vec<PaymentEntry>,
    /// Needed when any line overrides the catalog price.
    pub approval: Option<ManagerApproval>,
}

/// What the counter shows and prints once the sale is committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletedSale {
    pub id: String,
    pub code: String,
    pub number: i64,
    pub session_id: String,
    pub amounts: CartAmounts,
    pub tendered_cents: i64,
    pub change_cents: i64,
    pub completed_at: i64,
}

/// Completes `request` in one transaction and returns the committed sale.
pub fn complete_sale(
    database: &StoreDatabase,
    request: &SaleRequest,
) -> Result<CompletedSale, CoreError> {
    if request.lines.is_empty() {
        return Err(CoreError::EmptyCart);
    }
    let overrides_price = request
        .lines
        .iter()
        .any(|line| line.unit_price_override_cents.is_some());
    if overrides_price && request.approval.is_none() {
        return Err(CoreError::ManagerApprovalRequired {
            action: "changing a price at the counter",
        });
    }
    database.write(|transaction| write_sale(transaction, request))
}

fn write_sale(
    transaction: &Transaction<'_>,
    request: &SaleRequest,
) -> Result<CompletedSale, CoreError> {
    require_selling_allowed(transaction, "Selling")?;
    let session_id = open_session_id(transaction)?.ok_or(CoreError::NoOpenSession)?;
    if let Some(customer_id) = &request.customer_id {
        require_active_customer(transaction, customer_id)?;
    }
    let PricedFromCatalog {
        products,
        inputs,
        amounts,
    } = price_from_catalog(transaction, &request.lines, request.order_discount)?;
    let tenders = tenders(transaction, &request.payments)?;
    let Settlement { tendered, change } = settle(amounts.total, &tenders)?;

    let number = next_sale_number(transaction)?;
    let device_code = device_code(transaction)?;
    let id = new_id();
    let code = format!("{device_code}-{number}");
    let at = now_millis();
    transaction
        .prepare_cached(
            "INSERT INTO sales (id, code, number, session_id, cashier_id, customer_id, gross_cents,
                            discount_cents, tax_cents, total_cents, tendered_cents, change_cents,
                            completed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            id,
            code,
            number,
            session_id,
            request.cashier_id,
            request.customer_id,
            amounts.gross.0,
            amounts.discounts.0,
            amounts.tax.0,
            amounts.total.0,
            tendered.0,
            change.0,
            at
        ])?;
    let mut line_statement = transaction.prepare_cached(
        "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, unit_price_cents,
                                 quantity_milli, gross_cents, line_discount_cents,
                                 order_discount_cents, net_cents, tax_rate_bp, tax_included,
                                 tax_cents, total_cents)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    for (index, ((product, input), line_amounts)) in
        products.iter().zip(&inputs).zip(&amounts.lines).enumerate()
    {
        line_statement.execute(params![
            id,
            line_number(index),
            product.id,
            product.sku,
            product.name,
            input.unit_price.0,
            input.quantity_milli,
            line_amounts.gross.0,
            line_amounts.line_discount.0,
            line_amounts.order_discount.0,
            line_amounts.net.0,
            input.tax_rate_basis_points,
            input.tax_included,
            line_amounts.tax.0,
            line_amounts.total.0
        ])?;
        record_movement(
            transaction,
            &Movement {
                product_id: &product.id,
                location_id: None,
                quantity_milli: -input.quantity_milli,
                reason: MovementReason::Sale,
                reference_id: Some(&id),
                user_id: Some(&request.cashier_id),
                note: None,
                occurred_at: at,
            },
        )?;
    }
    let mut payment_statement = transaction.prepare_cached(
        "INSERT INTO sale_payments (sale_id, position, method_code, kind, amount_cents)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (index, tender) in tenders.iter().enumerate() {
        payment_statement.execute(params![
            id,
            line_number(index),
            tender.method_code,
            tender.kind.as_str(),
            tender.amount.0
        ])?;
    }
    if let Some(approval) = &request.approval {
        record_price_overrides(transaction, request, &products, approval, &id, at)?;
    }
    let sale = CompletedSale {
        id,
        code,
        number,
        session_id,
        amounts,
        tendered_cents: tendered.0,
        change_cents: change.0,
        completed_at: at,
    };
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "sale",
            aggregate_id: &sale.id,
            kind: "sale.completed",
            payload: sale_event_payload(&sale, request, &products, &tenders),
            occurred_at: at,
        },
    )?;
    Ok(sale)
}

/// A cart priced with the catalog as it is now.
pub(crate) struct PricedFromCatalog {
    pub products: Vec<Product>,
    pub inputs: Vec<LineInput>,
    pub amounts: CartAmounts,
}

/// Prices `lines` at today's catalog prices (or their approved overrides); refuses unknown
/// and inactive products. Sales and resumed parked carts price through here.
pub(crate) fn price_from_catalog(
    connection: &Connection,
    lines: &[CartLine],
    order_discount: Option<Discount>,
) -> Result<PricedFromCatalog, CoreError> {
    let products = load_products(connection, lines)?;
    let inputs: Vec<LineInput> = lines
        .iter()
        .zip(&products)
        .map(|(line, product)| line.pricing_input(product))
        .collect();
    let amounts = price_cart(&inputs, order_discount)?;
    Ok(PricedFromCatalog {
        products,
        inputs,
        amounts,
    })
}

fn load_products(connection: &Connection, lines: &[CartLine]) -> Result<Vec<Product>, CoreError> {
    let mut products = Vec::with_capacity(lines.len());
    for line in lines {
        let product = product_by_id(connection, &line.product_id)?
            .ok_or_else(|| CoreError::UnknownProduct(line.product_id.clone()))?;
        if !product.active {
            return Err(CoreError::InactiveProduct(product.name));
        }
        products.push(product);
    }
    Ok(products)
}

fn tenders(
    transaction: &Transaction<'_>,
    payments: &[PaymentEntry],
) -> Result<Vec<Tender>, CoreError> {
    let mut kinds: HashMap<String, PaymentKind> = HashMap::new();
    let mut statement =
        transaction.prepare_cached("SELECT code, kind FROM payment_methods WHERE active = 1")?;
    for row in statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })? {
        let (code, kind) = row?;
        if let Some(kind) = PaymentKind::parse(&kind) {
            kinds.insert(code, kind);
        }
    }
    payments
        .iter()
        .map(|payment| {
            let kind = kinds
                .get(&payment.method_code)
                .copied()
                .ok_or_else(|| CoreError::UnknownPaymentMethod(payment.method_code.clone()))?;
            Ok(Tender {
                method_code: payment.method_code.clone(),
                kind,
                amount: crate::money::Cents(payment.amount_cents),
            })
        })
        .collect()
}

/// The next sale number, read inside the sale's write transaction (nobody else can
/// write meanwhile), so a rollback leaves no row and the number is used by the next sale.
fn next_sale_number(transaction: &Transaction<'_>) -> Result<i64, CoreError> {
    Ok(transaction
        .prepare_cached("SELECT COALESCE(MAX(number), 0) + 1 FROM sales")?
        .query_row([], |row| row.get(0))?)
}

fn device_code(transaction: &Transaction<'_>) -> Result<String, CoreError> {
    Ok(read_setting(transaction, DEVICE_CODE_SETTING)?
        .unwrap_or_else(|| DEFAULT_DEVICE_CODE.to_owned()))
}

fn record_price_overrides(
    transaction: &Transaction<'_>,
    request: &SaleRequest,
    products: &[Product],
    approval: &ManagerApproval,
    sale_id: &str,
    at: i64,
) -> Result<(), CoreError> {
    for (line, product) in request.lines.iter().zip(products) {
        if let Some(price) = line.unit_price_override_cents {
            append_to_audit_log(
                transaction,
                &AuditEntry {
                    actor_id: Some(&request.cashier_id),
                    approved_by: Some(&approval.manager().id),
                    action: "sale.price_overridden",
                    entity: "sale",
                    entity_id: sale_id,
                    before: Some(
                        json!({ "product_id": product.id, "unit_price_cents": product.price_cents }),
                    ),
                    after: Some(json!({ "product_id": product.id, "unit_price_cents": price })),
                    occurred_at: at,
                },
            )?;
        }
    }
    Ok(())
}

fn sale_event_payload(
    sale: &CompletedSale,
    request: &SaleRequest,
    products: &[Product],
    tenders: &[Tender],
) -> serde_json::Value {
    json!({
        "id": sale.id,
        "code": sale.code,
        "number": sale.number,
        "session_id": sale.session_id,
        "cashier_id": request.cashier_id,
        "customer_id": request.customer_id,
        "gross_cents": sale.amounts.gross.0,
        "discount_cents": sale.amounts.discounts.0,
        "tax_cents": sale.amounts.tax.0,
        "total_cents": sale.amounts.total.0,
        "tendered_cents": sale.tendered_cents,
        "change_cents": sale.change_cents,
        "completed_at": sale.completed_at,
        "lines": products.iter().zip(&request.lines).zip(&sale.amounts.lines).map(|((product, line), amounts)| json!({
            "product_id": product.id, "sku": product.sku, "quantity_milli": line.quantity_milli,
            "total_cents": amounts.total.0, "tax_cents": amounts.tax.0,
        })).collect::<Vec<_>>(),
        "payments": tenders.iter().map(|tender| json!({
            "method_code": tender.method_code, "kind": tender.kind.as_str(), "amount_cents": tender.amount.0,
        })).collect::<Vec<_>>(),
    })
}

/// Lines and payments are numbered from 1, as printed on the receipt.
fn line_number(index: usize) -> i64 {
    i64::try_from(index).map_or(i64::MAX, |index| index + 1)
}
