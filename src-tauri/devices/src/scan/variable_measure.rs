//! Variable-measure EAN-13 codes printed by store scales (prefix 2, "restricted
//! circulation"): the label carries the item's PLU and either its weight or its price.
//!
//! Layout, as Brazilian scales (Toledo, Filizola, Urano) print it:
//!
//! ```text
//! prefix | PLU (5 digits) | [price check digit] | value | EAN check digit
//!   "2"  |     00123      |                     | 001250|  2      -> 1250 g of PLU 00123
//!   "20" |     00456      |          5          |  1899 |  7      -> R$ 18,99 of PLU 00456
//! ```
//!
//! The value fills what is left of the 13 digits: six digits after a one-digit prefix,
//! five after a two-digit prefix, one fewer when the scale adds a price check digit.

use crate::gtin::validate_gtin;

/// The number of digits of the item code the scale prints.
pub const PLU_DIGITS: usize = 5;

/// What the value digits of a label measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureKind {
    /// Weight in grams (the scale prints 001250 for 1,250 kg).
    WeightGrams,
    /// Total price in cents (the scale prints 001899 for R$ 18,99).
    PriceCents,
}

/// One configured label format, chosen by the code's leading digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableMeasureRule {
    prefix: String,
    kind: MeasureKind,
    has_price_check_digit: bool,
}

/// A configured rule that cannot describe any EAN-13.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariableMeasureRuleError {
    #[error("the scale prefix {0:?} must be \"2\" or two digits from \"20\" to \"29\"")]
    BadPrefix(String),
}

impl VariableMeasureRule {
    /// `prefix` is "2" (any code starting with 2) or "20" to "29".
    pub fn new(
        prefix: &str,
        kind: MeasureKind,
        has_price_check_digit: bool,
    ) -> Result<Self, VariableMeasureRuleError> {
        let is_restricted_circulation = matches!(prefix.len(), 1 | 2)
            && prefix.starts_with('2')
            && prefix.bytes().all(|byte| byte.is_ascii_digit());
        if !is_restricted_circulation {
            return Err(VariableMeasureRuleError::BadPrefix(prefix.to_owned()));
        }
        Ok(Self {
            prefix: prefix.to_owned(),
            kind,
            has_price_check_digit,
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn value_digits(&self) -> usize {
        13 - 1 - self.prefix.len() - PLU_DIGITS - usize::from(self.has_price_check_digit)
    }
}

/// A weighed or priced item read from a scale label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableMeasureItem {
    /// The item code as printed, leading zeros kept, because that is how the scale and
    /// the product register know it.
    pub plu: String,
    pub measure: Measure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    WeightGrams(u32),
    PriceCents(i64),
}

/// Why a scale label was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariableMeasureError {
    #[error(
        "the price check digit of the scale label should be {expected}; the label is \
         damaged or misprinted, weigh the item again"
    )]
    BadPriceCheckDigit { expected: u8 },
}

/// Picks the rule with the longest prefix that `ean13` starts with, so a rule for "25"
/// wins over a catch-all rule for "2".
pub fn matching_rule<'a>(
    rules: &'a [VariableMeasureRule],
    ean13: &str,
) -> Option<&'a VariableMeasureRule> {
    rules
        .iter()
        .filter(|rule| ean13.starts_with(rule.prefix.as_str()))
        .max_by_key(|rule| rule.prefix.len())
}

/// Reads a 13-digit code whose EAN check digit the caller has verified.
pub(super) fn read_variable_measure(
    rule: &VariableMeasureRule,
    ean13: &str,
) -> Result<VariableMeasureItem, VariableMeasureError> {
    debug_assert!(validate_gtin(ean13).is_ok() && ean13.len() == 13);
    let digits: Vec<u8> = ean13.bytes().map(|byte| byte - b'0').collect();
    let plu_start = rule.prefix.len();
    let value_start = plu_start + PLU_DIGITS + usize::from(rule.has_price_check_digit);
    let value = &digits[value_start..value_start + rule.value_digits()];
    if rule.has_price_check_digit
        && let Some(expected) = price_check_digit(value)
        && expected != digits[value_start - 1]
    {
        return Err(VariableMeasureError::BadPriceCheckDigit { expected });
    }
    let number = value
        .iter()
        .fold(0_u32, |number, &digit| number * 10 + u32::from(digit));
    let measure = match rule.kind {
        MeasureKind::WeightGrams => Measure::WeightGrams(number),
        MeasureKind::PriceCents => Measure::PriceCents(i64::from(number)),
    };
    Ok(VariableMeasureItem {
        plu: ean13[plu_start..plu_start + PLU_DIGITS].to_owned(),
        measure,
    })
}

// The GS1 weighting tables for price check digits (General Specifications 7.9.3). Each
// maps a digit to its weighted product: "2-" and "5-" take the units minus the tens of
// 2d and 5d, "5+" their sum, "3" the units of 3d.
const TIMES_2_MINUS: [u8; 10] = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const TIMES_3: [u8; 10] = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const TIMES_5_PLUS: [u8; 10] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
const TIMES_5_MINUS: [u8; 10] = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/// The GS1 price check digit of a 4- or 5-digit value; GS1 defines no other length, and
/// rules only ever produce those two (a one- or two-digit prefix, five PLU digits).
pub fn price_check_digit(value: &[u8]) -> Option<u8> {
    let weighted = |table: &[u8; 10], digit: u8| table[usize::from(digit % 10)];
    match *value {
        [a, b, c, d] => {
            let sum = weighted(&TIMES_2_MINUS, a)
                + weighted(&TIMES_2_MINUS, b)
                + weighted(&TIMES_3, c)
                + weighted(&TIMES_5_MINUS, d);
            Some((sum * 3) % 10)
        }
        [a, b, c, d, e] => {
            let sum = weighted(&TIMES_5_PLUS, a)
                + weighted(&TIMES_2_MINUS, b)
                + weighted(&TIMES_5_MINUS, c)
                + weighted(&TIMES_5_PLUS, d)
                + weighted(&TIMES_2_MINUS, e);
            let product = (10 - sum % 10) % 10;
            // The check digit is the one whose "5-" product completes the sum.
            TIMES_5_MINUS
                .iter()
                .position(|&weighted_product| weighted_product == product)
                .and_then(|digit| u8::try_from(digit).ok())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_check_digits_match_the_gs1_worked_examples() {
        assert_eq!(
            price_check_digit(&[2, 8, 7, 5]),
            Some(9),
            "GS1 4-digit example 2875"
        );
        assert_eq!(
            price_check_digit(&[1, 4, 6, 8, 5]),
            Some(6),
            "GS1 5-digit example 14685"
        );
    }

    #[test]
    fn prefixes_outside_restricted_circulation_are_refused() {
        for prefix in ["", "7", "30", "200", "2a"] {
            assert_eq!(
                VariableMeasureRule::new(prefix, MeasureKind::PriceCents, false),
                Err(VariableMeasureRuleError::BadPrefix(prefix.to_owned())),
                "{prefix:?} cannot mark a scale label"
            );
        }
    }

    #[test]
    fn the_longest_matching_prefix_wins() -> Result<(), VariableMeasureRuleError> {
        let rules = [
            VariableMeasureRule::new("2", MeasureKind::WeightGrams, false)?,
            VariableMeasureRule::new("25", MeasureKind::PriceCents, false)?,
        ];
        let prefix_of = |code| matching_rule(&rules, code).map(VariableMeasureRule::prefix);
        assert_eq!(
            prefix_of("2500789012341"),
            Some("25"),
            "25 is more specific than 2"
        );
        assert_eq!(prefix_of("2001230012502"), Some("2"), "2 catches the rest");
        assert_eq!(
            prefix_of("7891717046084"),
            None,
            "a 789 code is a normal EAN"
        );
        Ok(())
    }
}
