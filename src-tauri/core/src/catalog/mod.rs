//! The catalog: products, their barcodes, categories and brands, and finding them fast
//! at the counter (exact barcode or SKU, or words of the name).

pub mod csv_export;
pub mod csv_files;
pub mod csv_import;
pub mod lookup;
pub mod low_stock;
pub mod product_edit;
pub mod products;

use serde::{Deserialize, Serialize};

/// How a product is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Whole units (quantities are multiples of 1,000 thousandths).
    Each,
    /// Kilograms (quantities are grams).
    Kilogram,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Each => "un",
            Unit::Kilogram => "kg",
        }
    }

    pub fn parse(text: &str) -> Option<Unit> {
        match text.trim().to_lowercase().as_str() {
            "un" | "unit" | "each" => Some(Unit::Each),
            "kg" => Some(Unit::Kilogram),
            _ => None,
        }
    }
}

/// A product as the counter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub unit: Unit,
    pub price_cents: i64,
    pub cost_cents: i64,
    pub tax_rate_basis_points: u32,
    pub tax_included: bool,
    pub sold_by_weight: bool,
    pub active: bool,
    pub stock_on_hand_milli: i64,
    pub min_stock_milli: i64,
}
