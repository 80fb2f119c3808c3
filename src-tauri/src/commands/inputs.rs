//! What the UI sends: carts, discounts, payments and amounts. Money is whole cents, typed
//! `number` in TypeScript; core checks every value again, so nothing here trusts the page.

use fflow_core::money::Cents;
use fflow_core::sale::complete::{CartLine, PaymentEntry};
use fflow_core::sale::pricing::Discount;
use fflow_core::sale::returns::ReturnLine;
use serde::{Deserialize, Serialize};

/// A discount on a line or on the whole order (also sent back with a resumed cart).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum DiscountInput {
    /// Basis points: 1,000 is 10%.
    Percent { basis_points: u32 },
    Amount {
        #[specta(type = i32)]
        cents: i64,
    },
}

impl From<DiscountInput> for Discount {
    fn from(discount: DiscountInput) -> Self {
        match discount {
            DiscountInput::Percent { basis_points } => Discount::Percent { basis_points },
            DiscountInput::Amount { cents } => Discount::Amount {
                cents: Cents(cents),
            },
        }
    }
}

impl From<Discount> for DiscountInput {
    fn from(discount: Discount) -> Self {
        match discount {
            Discount::Percent { basis_points } => DiscountInput::Percent { basis_points },
            Discount::Amount { cents } => DiscountInput::Amount { cents: cents.0 },
        }
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CartLineInput {
    pub product_id: String,
    /// Thousandths: 1,000 per unit, or grams for products sold by weight.
    #[specta(type = i32)]
    pub quantity_milli: i64,
    pub discount: Option<DiscountInput>,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CartInput {
    pub lines: Vec<CartLineInput>,
    pub order_discount: Option<DiscountInput>,
    /// The customer the sale or parked cart names, if any.
    #[serde(default)]
    pub customer_id: Option<String>,
}

impl CartInput {
    pub fn core_lines(&self) -> Vec<CartLine> {
        self.lines
            .iter()
            .map(|line| CartLine {
                product_id: line.product_id.clone(),
                quantity_milli: line.quantity_milli,
                discount: line.discount.map(Into::into),
                unit_price_override_cents: None,
            })
            .collect()
    }

    pub fn core_order_discount(&self) -> Option<Discount> {
        self.order_discount.map(Into::into)
    }
}

/// One payment, or one refund, by method.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInput {
    pub method_code: String,
    #[specta(type = i32)]
    pub amount_cents: i64,
}

impl From<&PaymentInput> for PaymentEntry {
    fn from(payment: &PaymentInput) -> Self {
        PaymentEntry {
            method_code: payment.method_code.clone(),
            amount_cents: payment.amount_cents,
        }
    }
}

pub fn core_payments(payments: &[PaymentInput]) -> Vec<PaymentEntry> {
    payments.iter().map(Into::into).collect()
}

/// An amount of money on its own (a float, a PIX charge).
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AmountInput {
    #[specta(type = i32)]
    pub cents: i64,
}

#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReturnLineInput {
    #[specta(type = i32)]
    pub line_no: i64,
    #[specta(type = i32)]
    pub quantity_milli: i64,
}

pub fn core_return_lines(lines: &[ReturnLineInput]) -> Vec<ReturnLine> {
    lines
        .iter()
        .map(|line| ReturnLine {
            line_no: line.line_no,
            quantity_milli: line.quantity_milli,
        })
        .collect()
}

/// The manager who approves an action, and the PIN they typed for it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ManagerPinInput {
    pub manager_id: String,
    pub pin: String,
}
