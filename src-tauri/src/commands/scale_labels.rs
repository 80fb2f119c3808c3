//! Commands of the scale label formats (which EAN-13 prefixes the store's scale prints,
//! with a weight or a price). Core checks each format and that a manager or the owner
//! changes them.

use fflow_core::checkout::{self, ScaleLabelFormat};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// One label format as the settings form edits it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScaleLabelFormatInput {
    /// "2", or "20" to "29".
    pub prefix: String,
    /// The value is the price (true) or the weight in grams (false).
    pub price: bool,
    pub price_check_digit: bool,
}

impl From<ScaleLabelFormat> for ScaleLabelFormatInput {
    fn from(format: ScaleLabelFormat) -> Self {
        ScaleLabelFormatInput {
            prefix: format.prefix,
            price: format.price,
            price_check_digit: format.price_check_digit,
        }
    }
}

impl From<ScaleLabelFormatInput> for ScaleLabelFormat {
    fn from(input: ScaleLabelFormatInput) -> Self {
        ScaleLabelFormat {
            prefix: input.prefix,
            price: input.price,
            price_check_digit: input.price_check_digit,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn scale_label_formats(
    context: State<'_, StoreContext>,
) -> Result<Vec<ScaleLabelFormatInput>, CommandError> {
    let formats = checkout::scale_label_formats(database(&context)?)?;
    Ok(formats.into_iter().map(Into::into).collect())
}

#[tauri::command]
#[specta::specta]
pub fn save_scale_label_formats(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    formats: Vec<ScaleLabelFormatInput>,
) -> Result<(), CommandError> {
    let formats: Vec<ScaleLabelFormat> = formats.into_iter().map(Into::into).collect();
    checkout::save_scale_label_formats(database(&context)?, &signed_in.current()?.id, &formats)?;
    Ok(())
}
