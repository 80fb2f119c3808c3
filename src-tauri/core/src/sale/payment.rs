//! Settling a sale's total with one or more payments: split over any methods, change
//! only from cash.

use serde::{Deserialize, Serialize};

use crate::money::Cents;

/// How a payment method moves money, which decides whether it can give change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Cash,
    Card,
    Pix,
    Other,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Cash => "cash",
            PaymentKind::Card => "card",
            PaymentKind::Pix => "pix",
            PaymentKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<PaymentKind> {
        match text {
            "cash" => Some(PaymentKind::Cash),
            "card" => Some(PaymentKind::Card),
            "pix" => Some(PaymentKind::Pix),
            "other" => Some(PaymentKind::Other),
            _ => None,
        }
    }
}

/// One payment handed over by the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tender {
    pub method_code: String,
    pub kind: PaymentKind,
    pub amount: Cents,
}

/// The payments of a sale once they cover its total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub tendered: Cents,
    pub change: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("a payment must be more than zero")]
    NotPositive,
    #[error("the payments ({tendered}) do not cover the total ({total}); {missing} is missing")]
    Short {
        total: Cents,
        tendered: Cents,
        missing: Cents,
    },
    #[error("change of {change} can only come from cash, but only {cash} was paid in cash")]
    ChangeFromNonCash { change: Cents, cash: Cents },
    #[error("the payments are too large to add up")]
    TooLarge,
}

/// Checks that `tenders` pay `total` and works out the change.
pub fn settle(total: Cents, tenders: &[Tender]) -> Result<Settlement, PaymentError> {
    let mut tendered = Cents::ZERO;
    let mut cash = Cents::ZERO;
    for tender in tenders {
        if tender.amount.0 <= 0 {
            return Err(PaymentError::NotPositive);
        }
        tendered = tendered
            .checked_add(tender.amount)
            .ok_or(PaymentError::TooLarge)?;
        if tender.kind == PaymentKind::Cash {
            cash = cash
                .checked_add(tender.amount)
                .ok_or(PaymentError::TooLarge)?;
        }
    }
    if tendered < total {
        return Err(PaymentError::Short {
            total,
            tendered,
            missing: Cents(total.0 - tendered.0),
        });
    }
    let change = Cents(tendered.0 - total.0);
    // Card and PIX move the exact amount typed; overpaying one cannot be given back in
    // notes, so change may not exceed what came in as cash.
    if change > cash {
        return Err(PaymentError::ChangeFromNonCash { change, cash });
    }
    Ok(Settlement { tendered, change })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tender(kind: PaymentKind, amount: i64) -> Tender {
        Tender {
            method_code: kind.as_str().to_owned(),
            kind,
            amount: Cents(amount),
        }
    }

    fn check(total: i64, tenders: &[Tender], expected: Result<(i64, i64), PaymentError>) {
        let got = settle(Cents(total), tenders).map(|s| (s.tendered.0, s.change.0));
        assert_eq!(got, expected, "total {total} paid with {tenders:?}");
    }

    #[test]
    fn settlement_cases() {
        use PaymentKind::*;
        check(1000, &[tender(Cash, 1000)], Ok((1000, 0)));
        check(1000, &[tender(Cash, 5000)], Ok((5000, 4000)));
        check(1000, &[tender(Card, 1000)], Ok((1000, 0)));
        check(
            1000,
            &[tender(Card, 600), tender(Cash, 500)],
            Ok((1100, 100)),
        );
        check(1000, &[tender(Pix, 400), tender(Card, 600)], Ok((1000, 0)));
        check(0, &[], Ok((0, 0)));
        check(
            1000,
            &[tender(Card, 900)],
            Err(PaymentError::Short {
                total: Cents(1000),
                tendered: Cents(900),
                missing: Cents(100),
            }),
        );
        check(
            1000,
            &[tender(Card, 1200)],
            Err(PaymentError::ChangeFromNonCash {
                change: Cents(200),
                cash: Cents(0),
            }),
        );
        check(
            1000,
            &[tender(Cash, 100), tender(Card, 1200)],
            Err(PaymentError::ChangeFromNonCash {
                change: Cents(300),
                cash: Cents(100),
            }),
        );
        check(1000, &[tender(Cash, 0)], Err(PaymentError::NotPositive));
        check(1000, &[tender(Cash, -100)], Err(PaymentError::NotPositive));
    }

    #[test]
    fn kinds_round_trip_through_text() {
        for kind in [
            PaymentKind::Cash,
            PaymentKind::Card,
            PaymentKind::Pix,
            PaymentKind::Other,
        ] {
            assert_eq!(PaymentKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PaymentKind::parse("cheque"), None);
    }
}
