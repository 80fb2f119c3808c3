//! The serial barcode scanner chosen in the settings: its port, baud rate and the suffix
//! it ends codes with beyond CR/LF (`#`, a tab, ...). A manager's setting, audited like
//! the other counter hardware; checked before it is saved, so the scanner's reader never
//! meets a port it cannot open for a reason the settings could have caught. Keyboard
//! (USB HID) scanners need no setting: they type into the scan field.

use fflow_devices::serial_port::{SerialFlowControl, SerialPortSettings};
use serde::{Deserialize, Serialize};

use crate::printer_settings::BAUD_RATES;
use crate::settings::{read_setting, set_manager_setting};
use crate::{CoreError, StoreDatabase};

/// The settings key; `off` when no serial scanner is used.
pub const SERIAL_SCANNER_SETTING: &str = "serial_scanner";

/// A serial scanner as the settings screen edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SerialScannerSettings {
    /// Such as `/dev/ttyUSB0` or `/dev/ttyACM0`.
    pub path: String,
    pub baud_rate: u32,
    /// One ASCII character the scanner ends codes with besides CR and LF, or empty.
    pub suffix: String,
}

impl SerialScannerSettings {
    /// The port to open, or why these settings cannot name one.
    pub fn port(&self) -> Result<SerialPortSettings, CoreError> {
        let path = self.path.trim();
        if path.is_empty() {
            return Err(invalid(
                "the scanner's serial port is missing, such as /dev/ttyUSB0",
            ));
        }
        if !BAUD_RATES.contains(&self.baud_rate) {
            return Err(invalid(&format!(
                "{} is not a baud rate scanners use; pick one of {BAUD_RATES:?}",
                self.baud_rate
            )));
        }
        self.suffix_bytes()?;
        Ok(SerialPortSettings {
            path: path.to_owned(),
            baud_rate: self.baud_rate,
            // Scanners send a few bytes at a time and never wait for the counter.
            flow_control: SerialFlowControl::None,
        })
    }

    /// The bytes that end a code besides CR and LF.
    pub fn suffix_bytes(&self) -> Result<Vec<u8>, CoreError> {
        match self.suffix.as_bytes() {
            [] => Ok(Vec::new()),
            [byte] if byte.is_ascii() && !byte.is_ascii_alphanumeric() => Ok(vec![*byte]),
            _ => Err(invalid(&format!(
                "{:?} cannot end a code: use one sign such as # or a tab, or nothing for CR/LF",
                self.suffix
            ))),
        }
    }
}

/// The saved scanner, or `None` when the counter has no serial scanner.
pub fn serial_scanner_settings(
    database: &StoreDatabase,
) -> Result<Option<SerialScannerSettings>, CoreError> {
    let stored = database.read(|connection| read_setting(connection, SERIAL_SCANNER_SETTING))?;
    match stored.as_deref() {
        None | Some("off") => Ok(None),
        Some(json) => serde_json::from_str(json).map(Some).map_err(|error| {
            invalid(&format!(
                "the saved scanner settings cannot be read: {error}; set them again"
            ))
        }),
    }
}

/// Saves (or, with `None`, removes) the scanner; a manager or the owner only, checked
/// first, nothing saved when refused.
pub fn save_serial_scanner_settings(
    database: &StoreDatabase,
    actor_id: &str,
    settings: Option<&SerialScannerSettings>,
) -> Result<(), CoreError> {
    let stored = match settings {
        None => "off".to_owned(),
        Some(settings) => {
            let port = settings.port()?;
            let trimmed = SerialScannerSettings {
                path: port.path,
                ..settings.clone()
            };
            serde_json::to_string(&trimmed).map_err(|error| invalid(&error.to_string()))?
        }
    };
    database.write(|transaction| {
        set_manager_setting(
            transaction,
            actor_id,
            SERIAL_SCANNER_SETTING,
            &stored,
            "changing the barcode scanner",
        )
    })
}

fn invalid(reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: "scanner",
        reason: reason.to_owned(),
    }
}
