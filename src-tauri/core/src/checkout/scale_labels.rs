//! The counter's scale label formats: which EAN-13 prefixes ("2", "20" to "29") are
//! labels printed by the store's scale, whether the value is a weight or a price, and
//! whether the scale adds a price check digit. Kept in the settings table, changed only
//! by a manager or the owner (a wrong format misweighs every label), with an audit row.
//!
//! The setting holds one rule per entry, `prefix:weight` or `prefix:price`, with
//! `:check` when the scale prints a price check digit, separated by `;`.

use fflow_devices::scan::variable_measure::{MeasureKind, VariableMeasureRule};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::settings::{read_setting, set_manager_setting};
use crate::{CoreError, StoreDatabase};

/// The settings key of the rules.
pub const SCALE_LABELS: &str = "scale_labels";

/// One label format as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleLabelFormat {
    /// "2", or "20" to "29".
    pub prefix: String,
    /// The value is the price (true) or the weight in grams (false).
    pub price: bool,
    /// The scale prints a price check digit before the value.
    pub price_check_digit: bool,
}

impl ScaleLabelFormat {
    fn rule(&self) -> Result<VariableMeasureRule, CoreError> {
        let kind = if self.price {
            MeasureKind::PriceCents
        } else {
            MeasureKind::WeightGrams
        };
        VariableMeasureRule::new(&self.prefix, kind, self.price_check_digit).map_err(|error| {
            CoreError::InvalidInput {
                field: "scale_labels",
                reason: error.to_string(),
            }
        })
    }

    fn stored(&self) -> String {
        let kind = if self.price { "price" } else { "weight" };
        let check = if self.price_check_digit { ":check" } else { "" };
        format!("{}:{kind}{check}", self.prefix)
    }
}

/// The configured formats; none until a manager sets them, so every EAN-13 is then an
/// ordinary product code.
pub fn scale_label_formats(database: &StoreDatabase) -> Result<Vec<ScaleLabelFormat>, CoreError> {
    database.read(formats_on)
}

/// The formats as rules for the scan parser.
pub(crate) fn scale_label_rules(
    connection: &Connection,
) -> Result<Vec<VariableMeasureRule>, CoreError> {
    formats_on(connection)?
        .iter()
        .map(ScaleLabelFormat::rule)
        .collect()
}

/// Replaces the formats; a manager or the owner only, each checked, prefixes unique.
pub fn save_scale_label_formats(
    database: &StoreDatabase,
    actor_id: &str,
    formats: &[ScaleLabelFormat],
) -> Result<(), CoreError> {
    for (index, format) in formats.iter().enumerate() {
        format.rule()?;
        if formats[..index]
            .iter()
            .any(|earlier| earlier.prefix == format.prefix)
        {
            return Err(CoreError::InvalidInput {
                field: "scale_labels",
                reason: format!("the prefix {} is listed twice", format.prefix),
            });
        }
    }
    let stored: Vec<String> = formats.iter().map(ScaleLabelFormat::stored).collect();
    database.write(|transaction| {
        set_manager_setting(
            transaction,
            actor_id,
            SCALE_LABELS,
            &stored.join(";"),
            "changing the scale label formats",
        )
    })
}

fn formats_on(connection: &Connection) -> Result<Vec<ScaleLabelFormat>, CoreError> {
    let stored = read_setting(connection, SCALE_LABELS)?.unwrap_or_default();
    stored
        .split(';')
        .filter(|entry| !entry.trim().is_empty())
        .map(parse_entry)
        .collect()
}

fn parse_entry(entry: &str) -> Result<ScaleLabelFormat, CoreError> {
    let mut parts = entry.trim().split(':');
    let prefix = parts.next().unwrap_or_default().to_owned();
    let price = match parts.next() {
        Some("price") => true,
        Some("weight") => false,
        _ => return Err(corrupt(entry)),
    };
    let price_check_digit = match parts.next() {
        None => false,
        Some("check") => true,
        Some(_) => return Err(corrupt(entry)),
    };
    if parts.next().is_some() {
        return Err(corrupt(entry));
    }
    Ok(ScaleLabelFormat {
        prefix,
        price,
        price_check_digit,
    })
}

fn corrupt(entry: &str) -> CoreError {
    CoreError::InvalidInput {
        field: "scale_labels",
        reason: format!(
            "the stored scale label format {entry:?} is not understood; set the formats again"
        ),
    }
}
