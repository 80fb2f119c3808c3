//! What the scan field received, turned into a cart line: a product and, for a scale or
//! GS1 label, how much of it. The exact barcode or SKU comes first (stores give numeric
//! SKUs that are not GTINs); then the code is read as a barcode: a GTIN with its check
//! digit, a scale label in one of the configured formats, or a GS1 string.

use fflow_devices::scan::gs1::Gs1Element;
use fflow_devices::scan::variable_measure::{Measure, VariableMeasureItem};
use fflow_devices::scan::{ScanSettings, ScannedCode, parse_scan};
use rusqlite::Connection;

use super::scale_labels::scale_label_rules;
use crate::catalog::Product;
use crate::catalog::lookup::{product_by_barcode, product_by_sku};
use crate::{CoreError, StoreDatabase};

/// A product found for a scan, with the quantity its label carries, if it carries one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedItem {
    pub product: Product,
    /// Thousandths of a unit, or grams for products sold by weight; `None` for a plain
    /// product code (the cashier's multiplier decides).
    pub quantity_milli: Option<i64>,
}

/// The product for `typed`, `None` when no product has that code. A damaged code or a
/// label that cannot be sold as read is refused with [`CoreError::UnreadableScan`].
pub fn read_counter_scan(
    database: &StoreDatabase,
    typed: &str,
) -> Result<Option<ScannedItem>, CoreError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    database.read(|connection| {
        if let Some(product) = exact_code(connection, typed)? {
            return Ok(Some(ScannedItem {
                product,
                quantity_milli: None,
            }));
        }
        let settings = ScanSettings {
            suffixes: Vec::new(),
            variable_measure_rules: scale_label_rules(connection)?,
        };
        let scanned = parse_scan(typed, &settings)
            .map_err(|error| CoreError::UnreadableScan(error.to_string()))?;
        match scanned {
            ScannedCode::Product { gtin, .. } => plain(product_by_barcode(connection, &gtin)?),
            ScannedCode::VariableMeasure(item) => scale_item(connection, &item),
            ScannedCode::Gs1(elements) => gs1_item(connection, &elements),
            ScannedCode::Text(text) => plain(exact_code(connection, &text)?),
        }
    })
}

fn exact_code(connection: &Connection, code: &str) -> Result<Option<Product>, CoreError> {
    match product_by_barcode(connection, code)? {
        Some(product) => Ok(Some(product)),
        None => product_by_sku(connection, code),
    }
}

fn plain(product: Option<Product>) -> Result<Option<ScannedItem>, CoreError> {
    Ok(product.map(|product| ScannedItem {
        product,
        quantity_milli: None,
    }))
}

/// A scale label names the product by its PLU: the SKU as printed (leading zeros kept)
/// or without the zeros the scale pads it with.
fn scale_item(
    connection: &Connection,
    item: &VariableMeasureItem,
) -> Result<Option<ScannedItem>, CoreError> {
    let unpadded = item.plu.trim_start_matches('0');
    let product = match exact_code(connection, &item.plu)? {
        Some(product) => Some(product),
        None if !unpadded.is_empty() => exact_code(connection, unpadded)?,
        None => None,
    };
    let Some(product) = product else {
        return Ok(None);
    };
    let quantity_milli = match item.measure {
        Measure::WeightGrams(grams) => weighed(&product, i64::from(grams))?,
        Measure::PriceCents(cents) => priced(&product, cents)?,
    };
    Ok(Some(ScannedItem {
        product,
        quantity_milli: Some(quantity_milli),
    }))
}

/// A GS1 label: the GTIN names the product; a net weight or an amount payable, if
/// present, gives the quantity.
fn gs1_item(
    connection: &Connection,
    elements: &[Gs1Element],
) -> Result<Option<ScannedItem>, CoreError> {
    let Some(gtin) = elements.iter().find_map(|element| match element {
        Gs1Element::Gtin(gtin) => Some(gtin.as_str()),
        _ => None,
    }) else {
        return Err(CoreError::UnreadableScan(
            "the label has no product code (GTIN); scan the product's own barcode".to_owned(),
        ));
    };
    // A GTIN-14 with a leading zero is the EAN-13 on the package.
    let product = match product_by_barcode(connection, gtin)? {
        Some(product) => Some(product),
        None => match gtin.strip_prefix('0') {
            Some(ean13) => product_by_barcode(connection, ean13)?,
            None => None,
        },
    };
    let Some(product) = product else {
        return Ok(None);
    };
    let mut quantity_milli = None;
    for element in elements {
        match element {
            Gs1Element::NetWeightGrams(grams) => {
                let grams = i64::try_from(*grams).map_err(|_| too_heavy())?;
                quantity_milli = Some(weighed(&product, grams)?);
            }
            Gs1Element::PriceCents(cents) => quantity_milli = Some(priced(&product, *cents)?),
            _ => {}
        }
    }
    Ok(Some(ScannedItem {
        product,
        quantity_milli,
    }))
}

fn weighed(product: &Product, grams: i64) -> Result<i64, CoreError> {
    if !product.sold_by_weight {
        return Err(CoreError::UnreadableScan(format!(
            "the label carries a weight, but {} is sold by unit; scan the product's own barcode",
            product.name
        )));
    }
    if grams <= 0 {
        return Err(CoreError::UnreadableScan(
            "the scale label shows no weight; weigh the item again".to_owned(),
        ));
    }
    Ok(grams)
}

/// A label with the price: for a product sold by weight, the weight that costs that
/// much (to the gram); for one sold by unit, a whole number of units.
fn priced(product: &Product, cents: i64) -> Result<i64, CoreError> {
    if cents <= 0 || product.price_cents <= 0 {
        return Err(CoreError::UnreadableScan(format!(
            "the label's price cannot be sold as {} at its catalog price; weigh the item again",
            product.name
        )));
    }
    if product.sold_by_weight {
        // price_cents is per kg, so grams = cents × 1000 / price, rounded to the gram.
        let grams = (i128::from(cents) * 1000 + i128::from(product.price_cents) / 2)
            / i128::from(product.price_cents);
        return i64::try_from(grams).map_err(|_| too_heavy());
    }
    if cents % product.price_cents != 0 {
        return Err(CoreError::UnreadableScan(format!(
            "the label's price is not a whole number of {} at its catalog price; check the price on the scale",
            product.name
        )));
    }
    Ok(cents / product.price_cents * 1000)
}

fn too_heavy() -> CoreError {
    CoreError::UnreadableScan("the label's weight is beyond what a counter sells".to_owned())
}
