//! Tables of priced carts: totals, taxes, discounts and refusals.

use super::*;

fn line(unit_price: i64, quantity_milli: i64) -> LineInput {
    LineInput {
        unit_price: Cents(unit_price),
        quantity_milli,
        tax_rate_basis_points: 0,
        tax_included: true,
        discount: None,
    }
}

fn taxed(mut input: LineInput, rate: u32, included: bool) -> LineInput {
    input.tax_rate_basis_points = rate;
    input.tax_included = included;
    input
}

fn discounted(mut input: LineInput, discount: Discount) -> LineInput {
    input.discount = Some(discount);
    input
}

fn percent(basis_points: u32) -> Discount {
    Discount::Percent { basis_points }
}

fn amount(cents: i64) -> Discount {
    Discount::Amount {
        cents: Cents(cents),
    }
}

/// Prices the cart and checks the total and the per-line totals, and that the lines
/// always add up to the cart.
fn check(lines: &[LineInput], order: Option<Discount>, total: i64, line_totals: &[i64]) {
    let priced = price_cart(lines, order).expect("the cart prices");
    let got: Vec<i64> = priced.lines.iter().map(|line| line.total.0).collect();
    assert_eq!(priced.total.0, total, "cart total for {lines:?} {order:?}");
    assert_eq!(got, line_totals, "line totals for {lines:?} {order:?}");
    assert_eq!(
        got.iter().sum::<i64>(),
        priced.total.0,
        "lines must add up to the total"
    );
    assert_eq!(
        priced.gross.0 - priced.discounts.0
            + if lines.iter().all(|l| l.tax_included) {
                0
            } else {
                priced.tax.0
            },
        priced.total.0,
        "gross - discounts (+ added tax) = total"
    );
}

#[test]
fn quantities_and_weights() {
    check(&[line(1990, 1000)], None, 1990, &[1990]);
    check(&[line(1990, 3000)], None, 5970, &[5970]);
    // 1.235 kg at R$ 39,90/kg = 49.2765 → 49,28
    check(&[line(3990, 1235)], None, 4928, &[4928]);
    // 0.005 kg at R$ 1,00/kg = 0.5 cent → rounds away from zero to 1 cent
    check(&[line(100, 5)], None, 1, &[1]);
    check(&[line(0, 1000)], None, 0, &[0]);
}

#[test]
fn line_discounts() {
    check(
        &[discounted(line(1000, 1000), percent(1000))],
        None,
        900,
        &[900],
    );
    check(
        &[discounted(line(999, 1000), percent(1250))],
        None,
        874,
        &[874],
    ); // 124.875 → 125 off
    check(
        &[discounted(line(1000, 2000), amount(150))],
        None,
        1850,
        &[1850],
    );
    check(
        &[discounted(line(1000, 1000), percent(10_000))],
        None,
        0,
        &[0],
    );
    check(&[discounted(line(1000, 1000), amount(1000))], None, 0, &[0]);
}

#[test]
fn order_discount_is_spread_to_the_cent() {
    // 10 cents off three equal lines: 4 + 3 + 3.
    check(
        &[line(1000, 1000), line(1000, 1000), line(1000, 1000)],
        Some(amount(10)),
        2990,
        &[996, 997, 997],
    );
    // 10% off 1000 + 3000.
    check(
        &[line(1000, 1000), line(3000, 1000)],
        Some(percent(1000)),
        3600,
        &[900, 2700],
    );
    // Line discount first, then the order discount on what is left.
    check(
        &[discounted(line(2000, 1000), amount(1000)), line(1000, 1000)],
        Some(amount(1)),
        1999,
        &[999, 1000],
    );
}

#[test]
fn taxes_included_and_added() {
    // 18% included in R$ 118,00: tax 18,00, customer pays 118,00.
    let priced = price_cart(&[taxed(line(11800, 1000), 1800, true)], None).expect("prices");
    assert_eq!(
        (priced.lines[0].tax.0, priced.total.0),
        (1800, 11800),
        "included tax is carved out of the price"
    );
    // 18% added on R$ 100,00: tax 18,00, customer pays 118,00.
    let priced = price_cart(&[taxed(line(10000, 1000), 1800, false)], None).expect("prices");
    assert_eq!(
        (priced.lines[0].tax.0, priced.total.0),
        (1800, 11800),
        "added tax comes on top"
    );
    // 7% added on 0,99: 6.93 cents → 7.
    check(&[taxed(line(99, 1000), 700, false)], None, 106, &[106]);
    // Tax is computed after discounts: 12% added on (1000 - 10%) = 900 → 108.
    check(
        &[taxed(
            discounted(line(1000, 1000), percent(1000)),
            1200,
            false,
        )],
        None,
        1008,
        &[1008],
    );
}

fn refuse(lines: &[LineInput], order: Option<Discount>, expected: PricingError) {
    assert_eq!(
        price_cart(lines, order),
        Err(expected.clone()),
        "{lines:?} {order:?} must be refused with {expected}"
    );
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    refuse(
        &[line(1000, 0)],
        None,
        PricingError::QuantityNotPositive { line: 1 },
    );
    refuse(
        &[line(1000, 1000), line(1000, -1000)],
        None,
        PricingError::QuantityNotPositive { line: 2 },
    );
    refuse(
        &[line(-1, 1000)],
        None,
        PricingError::NegativePrice { line: 1 },
    );
    refuse(
        &[discounted(line(1000, 1000), amount(1001))],
        None,
        PricingError::LineDiscountAbovePrice {
            line: 1,
            amount: Cents(1000),
        },
    );
    refuse(
        &[discounted(line(1000, 1000), percent(10_001))],
        None,
        PricingError::DiscountOutOfRange,
    );
    refuse(
        &[discounted(line(1000, 1000), amount(-5))],
        None,
        PricingError::DiscountOutOfRange,
    );
    refuse(
        &[line(1000, 1000)],
        Some(amount(1001)),
        PricingError::OrderDiscountAboveTotal {
            amount: Cents(1000),
        },
    );
    refuse(
        &[line(i64::MAX, 1000), line(i64::MAX, 1000)],
        None,
        PricingError::AmountTooLarge,
    );
}
