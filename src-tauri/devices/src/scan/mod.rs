//! Scanned codes: what a barcode scanner sent, cleaned and classified into a product
//! GTIN, a scale label (PLU with weight or price), a GS1 element string, or plain text.
//!
//! This is the one entry point for serial and keyboard-wedge scanners alike; it knows
//! nothing of products, so "unknown product" is core's answer, not this module's.

pub mod cleaning;
pub mod gs1;
pub mod upc_e;
pub mod variable_measure;

#[cfg(test)]
mod tests;

use crate::gtin::{GtinError, validate_gtin};
use cleaning::{AimSymbology, clean_scan};
use gs1::{Gs1Element, Gs1Error, parse_gs1, starts_with_human_readable_ai};
use upc_e::{expand_upc_e, looks_like_upc_e};
use variable_measure::{
    VariableMeasureError, VariableMeasureItem, VariableMeasureRule, matching_rule,
    read_variable_measure,
};

/// How this counter's scanners and scales are set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanSettings {
    /// Characters the scanner is configured to append after each code (besides CR/LF,
    /// which are always removed), such as `"#"` or `"\t"`.
    pub suffixes: Vec<String>,
    /// Scale label formats; an EAN-13 matching none of them is an ordinary product.
    pub variable_measure_rules: Vec<VariableMeasureRule>,
}

/// The barcode families whose number is a GTIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductSymbology {
    Ean8,
    UpcA,
    /// Read as eight digits and expanded: the GTIN given is the 12-digit UPC-A.
    UpcE,
    Ean13,
    Gtin14,
}

/// What a scan turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannedCode {
    /// A product code with a verified check digit.
    Product {
        symbology: ProductSymbology,
        gtin: String,
    },
    /// A label printed by a store scale.
    VariableMeasure(VariableMeasureItem),
    /// A GS1 label with application identifiers.
    Gs1(Vec<Gs1Element>),
    /// Anything else (Code 128, Code 39, QR with free text, internal codes), as read.
    Text(String),
}

/// Why a scan cannot be used; each message tells the cashier what to do next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("nothing was read; scan the code again")]
    Empty,
    #[error("{0}; scan it again or type the number")]
    Gtin(#[from] GtinError),
    #[error(transparent)]
    VariableMeasure(#[from] VariableMeasureError),
    #[error(transparent)]
    Gs1(#[from] Gs1Error),
}

/// Cleans and classifies one scan.
pub fn parse_scan(raw: &str, settings: &ScanSettings) -> Result<ScannedCode, ScanError> {
    let cleaned = clean_scan(raw, &settings.suffixes);
    let data = cleaned.data;
    if data.is_empty() {
        return Err(ScanError::Empty);
    }
    let is_gs1 = match cleaned.symbology {
        Some(AimSymbology::Gs1) => true,
        None => starts_with_human_readable_ai(&data),
        Some(_) => false,
    };
    if is_gs1 {
        return Ok(ScannedCode::Gs1(parse_gs1(&data)?));
    }
    let claims_ean_upc = matches!(
        cleaned.symbology,
        Some(AimSymbology::EanUpc | AimSymbology::Ean8)
    );
    let all_digits = data.bytes().all(|byte| byte.is_ascii_digit());
    match (cleaned.symbology, all_digits) {
        // The scanner said Code 128 (or similar): digits there are an internal code.
        (Some(AimSymbology::Other), _) => Ok(ScannedCode::Text(data)),
        (_, false) if claims_ean_upc => Err(GtinError::NotDigits.into()),
        (_, false) => Ok(ScannedCode::Text(data)),
        (symbology, true) => classify_digits(data, symbology, settings),
    }
}

fn classify_digits(
    digits: String,
    symbology: Option<AimSymbology>,
    settings: &ScanSettings,
) -> Result<ScannedCode, ScanError> {
    let product = |symbology, gtin| Ok(ScannedCode::Product { symbology, gtin });
    match digits.len() {
        8 => classify_eight_digits(digits, symbology),
        12 => {
            validate_gtin(&digits)?;
            product(ProductSymbology::UpcA, digits)
        }
        13 => {
            validate_gtin(&digits)?;
            match matching_rule(&settings.variable_measure_rules, &digits) {
                Some(rule) => Ok(ScannedCode::VariableMeasure(read_variable_measure(
                    rule, &digits,
                )?)),
                None => product(ProductSymbology::Ean13, digits),
            }
        }
        14 => {
            validate_gtin(&digits)?;
            product(ProductSymbology::Gtin14, digits)
        }
        length if symbology.is_some() => Err(GtinError::WrongLength(length).into()),
        // Digits of another length are a store's own code (Code 128, ITF, typed).
        _ => Ok(ScannedCode::Text(digits)),
    }
}

/// Eight digits are EAN-8 or UPC-E. The AIM identifier settles it when present;
/// otherwise EAN-8 is tried first (far more common here), then UPC-E.
fn classify_eight_digits(
    digits: String,
    symbology: Option<AimSymbology>,
) -> Result<ScannedCode, ScanError> {
    let as_ean8 = |digits: String| {
        validate_gtin(&digits)?;
        Ok(ScannedCode::Product {
            symbology: ProductSymbology::Ean8,
            gtin: digits,
        })
    };
    let as_upc_e = |digits: &str| {
        Ok(ScannedCode::Product {
            symbology: ProductSymbology::UpcE,
            gtin: expand_upc_e(digits)?,
        })
    };
    match symbology {
        Some(AimSymbology::Ean8) => as_ean8(digits),
        Some(AimSymbology::EanUpc) => as_upc_e(&digits),
        _ => match validate_gtin(&digits) {
            Ok(()) => as_ean8(digits),
            Err(ean8_error) if looks_like_upc_e(&digits) => {
                as_upc_e(&digits).or(Err(ean8_error.into()))
            }
            Err(ean8_error) => Err(ean8_error.into()),
        },
    }
}
