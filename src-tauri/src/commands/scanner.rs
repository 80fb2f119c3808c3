//! Commands of the barcode scanners: the serial scanner's port, baud rate and suffix in
//! the settings (core checks them and that a manager changes them) and what its reader
//! last met, and the timing that tells a keyboard scanner's burst from typing.

use fflow_core::scanner_settings::{
    SerialScannerSettings, save_serial_scanner_settings, serial_scanner_settings,
};
use fflow_devices::keyboard_wedge::WEDGE_THRESHOLDS;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::scanner_service::ScannerService;
use crate::signed_in::SignedIn;

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SerialScannerInput {
    pub path: String,
    pub baud_rate: u32,
    /// One sign the scanner ends codes with besides CR/LF, or empty.
    pub suffix: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SerialScannerView {
    /// `None` when the counter has no serial scanner.
    pub settings: Option<SerialScannerInput>,
    /// What the reader last met (`scanner_not_found`, `scanner_sent_garbage`, ...), for
    /// the screen to word, and the English detail behind it.
    pub problem_code: Option<String>,
    pub problem_detail: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn serial_scanner(
    context: State<'_, StoreContext>,
    reader: State<'_, ScannerService>,
) -> Result<SerialScannerView, CommandError> {
    let settings = serial_scanner_settings(database(&context)?)?;
    let problem = reader.problem();
    Ok(SerialScannerView {
        settings: settings.map(|settings| SerialScannerInput {
            path: settings.path,
            baud_rate: settings.baud_rate,
            suffix: settings.suffix,
        }),
        problem_code: problem.as_ref().map(|problem| problem.code.clone()),
        problem_detail: problem.map(|problem| problem.detail),
    })
}

#[tauri::command]
#[specta::specta]
pub fn save_serial_scanner(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    reader: State<'_, ScannerService>,
    settings: Option<SerialScannerInput>,
) -> Result<(), CommandError> {
    let settings = settings.map(|input| SerialScannerSettings {
        path: input.path,
        baud_rate: input.baud_rate,
        suffix: input.suffix,
    });
    save_serial_scanner_settings(
        database(&context)?,
        &signed_in.current()?.id,
        settings.as_ref(),
    )?;
    reader.wake();
    Ok(())
}

/// The timing that tells a keyboard (USB HID) scanner's burst from a person typing,
/// devices' documented numbers, so the window applies the same rule.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KeyboardScannerTiming {
    pub min_characters: u32,
    pub max_median_gap_ms: u32,
    pub max_single_gap_ms: u32,
}

#[tauri::command]
#[specta::specta]
pub fn keyboard_scanner_timing() -> KeyboardScannerTiming {
    let thresholds = WEDGE_THRESHOLDS;
    let narrow = |value: u64| u32::try_from(value).unwrap_or(u32::MAX);
    KeyboardScannerTiming {
        min_characters: u32::try_from(thresholds.min_characters).unwrap_or(u32::MAX),
        max_median_gap_ms: narrow(thresholds.max_median_gap_ms),
        max_single_gap_ms: narrow(thresholds.max_single_gap_ms),
    }
}
