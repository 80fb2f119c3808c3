//! The receipt as the printer will put it on paper: core's PNG of the sale's receipt on
//! the counter's paper width, handed to the webview as a data URL so it needs no file or
//! custom protocol.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fflow_core::printer_settings::receipt_paper;
use fflow_core::receipt;
use fflow_devices::print_document::PaperWidth;
use serde::Serialize;
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;

/// A picture of the receipt, one pixel a printer dot.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptImageView {
    /// `data:image/png;base64,...`
    pub data_url: String,
    /// 58 or 80: the paper the picture is laid out for.
    pub paper_mm: u8,
}

/// The receipt of `sale` (id or code) as it prints on the counter's paper.
#[tauri::command]
#[specta::specta]
pub fn receipt_image(
    context: State<'_, StoreContext>,
    sale: String,
) -> Result<ReceiptImageView, CommandError> {
    let database = database(&context)?;
    let paper = receipt_paper(database)?;
    let png = receipt::receipt_png(database, &sale, paper)?;
    Ok(ReceiptImageView {
        data_url: format!("data:image/png;base64,{}", STANDARD.encode(png)),
        paper_mm: match paper {
            PaperWidth::Millimetres58 => 58,
            PaperWidth::Millimetres80 => 80,
        },
    })
}
