//! Pricing the cart while it is built, with the same rules the sale is committed with,
//! and the payment side of the checkout: methods and the PIX code.

use serde::{Deserialize, Serialize};

use crate::money::Cents;
use crate::pix::{PixReceiver, static_br_code};
use crate::receipt::{PIX_CITY, PIX_KEY, STORE_NAME};
use crate::sale::complete::{CartLine, price_from_catalog};
use crate::sale::payment::PaymentKind;
use crate::sale::pricing::{CartAmounts, Discount};
use crate::settings::read_setting;
use crate::{CoreError, StoreDatabase};

/// The price of `lines` with `order_discount`, exactly as `complete_sale` would charge it
/// now: the same products, the same overrides, the same pricing function.
pub fn quote_cart(
    database: &StoreDatabase,
    lines: &[CartLine],
    order_discount: Option<Discount>,
) -> Result<CartAmounts, CoreError> {
    database.read(|connection| Ok(price_from_catalog(connection, lines, order_discount)?.amounts))
}

/// A way to pay that the counter offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethod {
    pub code: String,
    pub label: String,
    pub kind: PaymentKind,
}

/// The active payment methods in the order the store arranged them.
pub fn active_payment_methods(database: &StoreDatabase) -> Result<Vec<PaymentMethod>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT code, label, kind FROM payment_methods WHERE active = 1 ORDER BY position, code",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut methods = Vec::new();
        for row in rows {
            let (code, label, kind) = row?;
            // A kind this build does not know cannot be settled by `settle`, so it is
            // not offered rather than offered and refused at the end of the sale.
            if let Some(kind) = PaymentKind::parse(&kind) {
                methods.push(PaymentMethod { code, label, kind });
            }
        }
        Ok(methods)
    })
}

/// The PIX "copia e cola" for `amount` to the store's PIX key, labelled `reference`.
/// Fails with `invalid_input` (field `pix_key`) when the store has not set up PIX.
pub fn pix_payload_for_amount(
    database: &StoreDatabase,
    amount: Cents,
    reference: &str,
) -> Result<String, CoreError> {
    if amount.0 <= 0 {
        return Err(CoreError::InvalidInput {
            field: "amount",
            reason: "a PIX charge must be more than zero".to_owned(),
        });
    }
    let receiver = database.read(|connection| {
        Ok(PixReceiver {
            key: read_setting(connection, PIX_KEY)?.unwrap_or_default(),
            name: read_setting(connection, STORE_NAME)?
                .unwrap_or_else(|| "F-Flow Store".to_owned()),
            city: read_setting(connection, PIX_CITY)?.unwrap_or_default(),
        })
    })?;
    let txid: String = reference
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(25)
        .collect();
    static_br_code(
        &receiver,
        Some(amount),
        if txid.is_empty() { "***" } else { &txid },
    )
}
