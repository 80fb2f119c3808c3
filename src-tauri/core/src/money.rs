//! Money as integer cents, and the rounding rules every amount in the store follows.
//!
//! Amounts are `i64` cents of the store currency (BRL by default); floats never hold
//! money. Rules:
//!
//! - **Rounding** of any fractional cent is *half away from zero* (0.5 cent → 1 cent,
//!   −0.5 → −1), the rule cashiers and Brazilian fiscal printers expect.
//! - **Quantities** are integer thousandths (`quantity_milli`): 1 unit is 1,000, 1.250 kg
//!   is 1,250. A line's gross amount is `round(unit_price × quantity_milli / 1000)`.
//! - **Percentages** are basis points (1% = 100 bp): a 12.5% discount is 1,250 bp.
//! - **Spreading** an amount over lines (an order discount) uses the largest-remainder
//!   method: each line gets the floor of its proportional share, and the cents left over
//!   go one each to the lines with the largest remainders (earlier lines win ties), so
//!   the parts always add up to the whole.

use serde::{Deserialize, Serialize};

/// An amount of money in cents of the store currency.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl std::fmt::Display for Cents {
    /// `R$ 1.234,56`-style digits without the symbol: `1234,56`. The UI formats for
    /// people; this is for logs and messages.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let absolute = self.0.unsigned_abs();
        write!(formatter, "{sign}{},{:02}", absolute / 100, absolute % 100)
    }
}

/// `numerator / denominator` rounded half away from zero. `denominator` must be positive.
pub fn divide_rounding_half_away(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0, "denominators are positive by construction");
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if remainder.abs() * 2 >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

/// Splits `total` over `weights` in proportion, so that the parts add up to `total`
/// exactly (largest-remainder method; ties go to the earlier weight). Weights must be
/// non-negative; when they are all zero, nothing is spread and every part is zero
/// unless `total` is zero too (the caller refuses such a case before calling).
pub fn spread_proportionally(total: i64, weights: &[i64]) -> Vec<i64> {
    let weight_sum: i128 = weights.iter().map(|&weight| i128::from(weight)).sum();
    if weight_sum == 0 {
        return vec![0; weights.len()];
    }
    let total = i128::from(total);
    let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (index, &weight) in weights.iter().enumerate() {
        let exact = total * i128::from(weight);
        parts.push(exact.div_euclid(weight_sum));
        remainders.push((exact.rem_euclid(weight_sum), index));
    }
    let allocated: i128 = parts.iter().sum();
    let left_over = usize::try_from(total - allocated).unwrap_or(0);
    // Largest remainder first; the stable sort keeps earlier lines ahead on ties.
    remainders.sort_by_key(|&(remainder, _)| std::cmp::Reverse(remainder));
    for &(_, index) in remainders.iter().take(left_over) {
        parts[index] += 1;
    }
    parts
        .into_iter()
        .map(|part| i64::try_from(part).unwrap_or(i64::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        let cases = [
            (5, 10, 1),
            (4, 10, 0),
            (15, 10, 2),
            (-5, 10, -1),
            (-4, 10, 0),
            (-15, 10, -2),
            (0, 7, 0),
            (2, 3, 1),
            (1, 3, 0),
        ];
        for (numerator, denominator, expected) in cases {
            assert_eq!(
                divide_rounding_half_away(numerator, denominator),
                expected,
                "{numerator}/{denominator}"
            );
        }
    }

    fn check_spread(total: i64, weights: &[i64], expected: &[i64]) {
        let parts = spread_proportionally(total, weights);
        assert_eq!(parts, expected, "spreading {total} over {weights:?}");
        if weights.iter().any(|&weight| weight > 0) {
            assert_eq!(
                parts.iter().sum::<i64>(),
                total,
                "every cent of {total} must be allocated"
            );
        }
    }

    #[test]
    fn spreading_allocates_every_cent() {
        check_spread(100, &[1, 1, 1], &[34, 33, 33]);
        check_spread(200, &[1, 1, 1], &[67, 67, 66]);
        check_spread(10, &[1000, 3000], &[3, 7]);
        check_spread(1, &[500, 500], &[1, 0]);
        check_spread(0, &[10, 20], &[0, 0]);
        check_spread(999, &[1], &[999]);
        check_spread(7, &[0, 10, 0], &[0, 7, 0]);
        check_spread(5, &[0, 0], &[0, 0]);
        check_spread(1001, &[333, 333, 334], &[333, 333, 335]);
    }

    #[test]
    fn spreading_many_lines_never_loses_a_cent() {
        let weights: Vec<i64> = (1..=97).map(|index| index * 37 % 1000 + 1).collect();
        for total in [0, 1, 99, 1234, 999_999] {
            let parts = spread_proportionally(total, &weights);
            assert_eq!(parts.iter().sum::<i64>(), total, "total {total}");
            assert!(parts.iter().all(|&part| part >= 0), "no negative share");
        }
    }

    #[test]
    fn cents_display_for_messages() {
        assert_eq!(Cents(123456).to_string(), "1234,56");
        assert_eq!(Cents(-5).to_string(), "-0,05");
        assert_eq!(Cents(0).to_string(), "0,00");
    }
}
