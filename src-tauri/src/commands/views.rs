//! The shapes core values take in the UI: camelCase, money as whole cents.
//!
//! Specta refuses to export `i64` (a JavaScript number is exact only up to 2^53), so
//! cents and thousandths are declared to it as `i32`, which it writes as `number`: the
//! amounts of a counter stay far below 2^53, and serde sends the full `i64` value.

use fflow_core::catalog::Product;
use fflow_core::people::TillUser;
use fflow_core::sale::pricing::{CartAmounts, LineAmounts};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TillUserView {
    pub id: String,
    pub name: String,
    /// `cashier`, `manager` or `owner`.
    pub role: String,
    /// Whether this user may approve returns and voids with their PIN.
    pub approves: bool,
}

impl From<TillUser> for TillUserView {
    fn from(user: TillUser) -> Self {
        TillUserView {
            id: user.id,
            name: user.name,
            role: user.role.as_str().to_owned(),
            approves: user.role.approves(),
        }
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    pub id: String,
    pub sku: String,
    pub name: String,
    /// `un` or `kg`.
    pub unit: String,
    #[specta(type = i32)]
    pub price_cents: i64,
    pub sold_by_weight: bool,
    #[specta(type = i32)]
    pub stock_on_hand_milli: i64,
    /// Zero when the product has no minimum.
    #[specta(type = i32)]
    pub min_stock_milli: i64,
}

impl From<Product> for ProductView {
    fn from(product: Product) -> Self {
        ProductView {
            id: product.id,
            sku: product.sku,
            name: product.name,
            unit: product.unit.as_str().to_owned(),
            price_cents: product.price_cents,
            sold_by_weight: product.sold_by_weight,
            stock_on_hand_milli: product.stock_on_hand_milli,
            min_stock_milli: product.min_stock_milli,
        }
    }
}

/// Amounts of one cart line or of the whole cart. Discounts are the line's own plus its
/// share of the order discount.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AmountsView {
    #[specta(type = i32)]
    pub gross_cents: i64,
    #[specta(type = i32)]
    pub discount_cents: i64,
    #[specta(type = i32)]
    pub tax_cents: i64,
    #[specta(type = i32)]
    pub total_cents: i64,
}

impl From<LineAmounts> for AmountsView {
    fn from(line: LineAmounts) -> Self {
        AmountsView {
            gross_cents: line.gross.0,
            discount_cents: line.line_discount.0 + line.order_discount.0,
            tax_cents: line.tax.0,
            total_cents: line.total.0,
        }
    }
}

/// The priced cart: each line in cart order, and the cart's totals.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CartAmountsView {
    pub lines: Vec<AmountsView>,
    pub totals: AmountsView,
}

impl From<CartAmounts> for CartAmountsView {
    fn from(amounts: CartAmounts) -> Self {
        CartAmountsView {
            lines: amounts.lines.into_iter().map(Into::into).collect(),
            totals: AmountsView {
                gross_cents: amounts.gross.0,
                discount_cents: amounts.discounts.0,
                tax_cents: amounts.tax.0,
                total_cents: amounts.total.0,
            },
        }
    }
}
