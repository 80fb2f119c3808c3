//! Master data the hub owns and sends to stores: payment methods and product prices. The
//! same types are the bodies of the owner's `PUT`s, the payloads of the commands that
//! carry each change to the stores, and the rows of a snapshot.

use serde::{Deserialize, Serialize};

/// The command kind that carries a [`PaymentMethod`] to the stores.
pub const PAYMENT_METHOD_UPSERTED: &str = "payment_method.upserted";
/// The command kind that carries a [`ProductPrice`] to the stores.
pub const PRODUCT_PRICE_SET: &str = "product.price_set";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
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

    pub fn parse(text: &str) -> Option<Self> {
        [
            PaymentKind::Cash,
            PaymentKind::Card,
            PaymentKind::Pix,
            PaymentKind::Other,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// `PUT /v1/payment-methods/{code}`: the code comes from the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentMethodChange {
    pub label: String,
    pub kind: PaymentKind,
    pub active: bool,
    pub position: i32,
}

/// A payment method as stores receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentMethod {
    pub code: String,
    pub label: String,
    pub kind: PaymentKind,
    pub active: bool,
    pub position: i32,
}

/// `PUT /v1/products/{sku}/price`: the SKU comes from the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceChange {
    pub price_cents: i64,
}

/// A product's price as stores receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPrice {
    pub sku: String,
    pub price_cents: i64,
}
