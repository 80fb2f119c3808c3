//! Prices a cart: line amounts, line and order discounts, taxes and totals, following
//! the rounding rules of [`crate::money`]. Pure arithmetic, no database.
//!
//! Per line, in order: `gross = round(unit_price × quantity_milli / 1000)`; the line
//! discount comes off the gross; the order discount is spread over the lines in
//! proportion to what is left of each (every cent allocated); what remains is the line's
//! `net`. Tax is then computed on `net`: for a price that *includes* tax,
//! `tax = net − round(net × 10000 / (10000 + rate))` and the customer pays `net`; for a
//! price that *adds* tax, `tax = round(net × rate / 10000)` and the customer pays
//! `net + tax`. The cart total is the sum of the line totals, so lines always add up.

use serde::{Deserialize, Serialize};

use crate::money::{Cents, divide_rounding_half_away, spread_proportionally};

/// 100% in basis points.
const WHOLE_BASIS_POINTS: i128 = 10_000;
/// One unit in thousandths.
const MILLI_PER_UNIT: i128 = 1_000;

/// A discount on a line or on the whole order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Discount {
    /// A share of the amount, in basis points (1,000 = 10%).
    Percent { basis_points: u32 },
    /// A fixed amount off.
    Amount { cents: Cents },
}

/// What pricing needs to know about one cart line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInput {
    pub unit_price: Cents,
    /// Thousandths of a unit (1 unit = 1,000; 1.25 kg = 1,250).
    pub quantity_milli: i64,
    pub tax_rate_basis_points: u32,
    pub tax_included: bool,
    pub discount: Option<Discount>,
}

/// The priced amounts of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAmounts {
    pub gross: Cents,
    pub line_discount: Cents,
    pub order_discount: Cents,
    /// After both discounts; includes the tax when the price includes it.
    pub net: Cents,
    pub tax: Cents,
    /// What the customer pays for this line.
    pub total: Cents,
}

/// The priced cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartAmounts {
    pub lines: Vec<LineAmounts>,
    pub gross: Cents,
    pub discounts: Cents,
    pub tax: Cents,
    pub total: Cents,
}

/// Why a cart cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("line {line}: the quantity must be more than zero")]
    QuantityNotPositive { line: usize },
    #[error("line {line}: the price cannot be negative")]
    NegativePrice { line: usize },
    #[error("line {line}: the discount is larger than the line amount ({amount})")]
    LineDiscountAbovePrice { line: usize, amount: Cents },
    #[error("the order discount is larger than the amount left to pay ({amount})")]
    OrderDiscountAboveTotal { amount: Cents },
    #[error("a discount cannot be negative or above 100%")]
    DiscountOutOfRange,
    #[error("the amounts are too large to add up")]
    AmountTooLarge,
}

/// Prices `lines` with an optional order discount.
pub fn price_cart(
    lines: &[LineInput],
    order_discount: Option<Discount>,
) -> Result<CartAmounts, PricingError> {
    let mut grosses = Vec::with_capacity(lines.len());
    let mut line_discounts = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        if line.quantity_milli <= 0 {
            return Err(PricingError::QuantityNotPositive { line: number });
        }
        if line.unit_price.is_negative() {
            return Err(PricingError::NegativePrice { line: number });
        }
        let gross = to_cents(divide_rounding_half_away(
            i128::from(line.unit_price.0) * i128::from(line.quantity_milli),
            MILLI_PER_UNIT,
        ))?;
        let discount = discount_amount(line.discount, gross)?;
        if discount > gross.0 {
            return Err(PricingError::LineDiscountAbovePrice {
                line: number,
                amount: gross,
            });
        }
        grosses.push(gross.0);
        line_discounts.push(discount);
    }
    let after_line: Vec<i64> = grosses
        .iter()
        .zip(&line_discounts)
        .map(|(gross, discount)| gross - discount)
        .collect();
    let before_order_discount = sum(&after_line)?;
    let order_total = discount_amount(order_discount, Cents(before_order_discount))?;
    if order_total > before_order_discount {
        return Err(PricingError::OrderDiscountAboveTotal {
            amount: Cents(before_order_discount),
        });
    }
    let order_shares = spread_proportionally(order_total, &after_line);

    let mut priced = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let net = after_line[index] - order_shares[index];
        let (tax, total) = tax_and_total(net, line.tax_rate_basis_points, line.tax_included)?;
        priced.push(LineAmounts {
            gross: Cents(grosses[index]),
            line_discount: Cents(line_discounts[index]),
            order_discount: Cents(order_shares[index]),
            net: Cents(net),
            tax: Cents(tax),
            total: Cents(total),
        });
    }
    let column = |pick: fn(&LineAmounts) -> i64| sum(&priced.iter().map(pick).collect::<Vec<_>>());
    Ok(CartAmounts {
        gross: Cents(column(|line| line.gross.0)?),
        discounts: Cents(column(|line| line.line_discount.0 + line.order_discount.0)?),
        tax: Cents(column(|line| line.tax.0)?),
        total: Cents(column(|line| line.total.0)?),
        lines: priced,
    })
}

fn discount_amount(discount: Option<Discount>, base: Cents) -> Result<i64, PricingError> {
    match discount {
        None => Ok(0),
        Some(Discount::Percent { basis_points }) => {
            if i128::from(basis_points) > WHOLE_BASIS_POINTS {
                return Err(PricingError::DiscountOutOfRange);
            }
            to_cents(divide_rounding_half_away(
                i128::from(base.0) * i128::from(basis_points),
                WHOLE_BASIS_POINTS,
            ))
            .map(|cents| cents.0)
        }
        Some(Discount::Amount { cents }) if cents.is_negative() => {
            Err(PricingError::DiscountOutOfRange)
        }
        Some(Discount::Amount { cents }) => Ok(cents.0),
    }
}

fn tax_and_total(net: i64, rate: u32, included: bool) -> Result<(i64, i64), PricingError> {
    let rate = i128::from(rate);
    if included {
        let without_tax = divide_rounding_half_away(
            i128::from(net) * WHOLE_BASIS_POINTS,
            WHOLE_BASIS_POINTS + rate,
        );
        Ok((to_cents(i128::from(net) - without_tax)?.0, net))
    } else {
        let tax = to_cents(divide_rounding_half_away(
            i128::from(net) * rate,
            WHOLE_BASIS_POINTS,
        ))?
        .0;
        Ok((
            tax,
            net.checked_add(tax).ok_or(PricingError::AmountTooLarge)?,
        ))
    }
}

fn to_cents(value: i128) -> Result<Cents, PricingError> {
    i64::try_from(value)
        .map(Cents)
        .map_err(|_| PricingError::AmountTooLarge)
}

fn sum(values: &[i64]) -> Result<i64, PricingError> {
    values
        .iter()
        .try_fold(0_i64, |total, &value| total.checked_add(value))
        .ok_or(PricingError::AmountTooLarge)
}

#[cfg(test)]
mod tests;
