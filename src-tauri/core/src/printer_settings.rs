//! Which receipt printer this counter uses, kept in the settings table as one JSON value
//! so the connection kind and its details change together. Saved settings are checked
//! first (a network address that parses, a usual baud rate, a device file given by its
//! full path, a paper width the layout knows), so the print queue never meets a printer
//! it cannot address.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use fflow_devices::network_printer::RAW_PRINTING_PORT;
use fflow_devices::print_document::PaperWidth;
use fflow_devices::printer_connection::PrinterConnection;
use fflow_devices::serial_port::{SerialFlowControl, SerialPortSettings};
use serde::{Deserialize, Serialize};

use crate::print_queue::ReceiptPrinter;
use crate::settings::{read_setting, write_setting};
use crate::{CoreError, StoreDatabase};

/// Settings key of the receipt printer.
pub const RECEIPT_PRINTER_SETTING: &str = "receipt_printer";

/// Baud rates receipt printers and serial scanners offer.
pub(crate) const BAUD_RATES: [u32; 8] = [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200];

/// The receipt printer as the settings screen edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "connection", rename_all = "snake_case")]
pub enum ReceiptPrinterSettings {
    /// `address` is an IP address, with `:port` when not 9100.
    Network { address: String, paper_mm: u8 },
    Serial {
        path: String,
        baud_rate: u32,
        flow_control: FlowControlSetting,
        paper_mm: u8,
    },
    /// `path` is the file the system shows the printer as, such as `/dev/usb/lp0`.
    DeviceFile { path: String, paper_mm: u8 },
}

/// Flow control as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowControlSetting {
    None,
    Hardware,
    Software,
}

impl ReceiptPrinterSettings {
    /// The printer these settings describe, or why they cannot describe one.
    pub fn to_printer(&self) -> Result<ReceiptPrinter, CoreError> {
        match self {
            ReceiptPrinterSettings::Network { address, paper_mm } => Ok(ReceiptPrinter {
                connection: PrinterConnection::Network {
                    address: network_address(address)?,
                },
                paper: paper(*paper_mm)?,
            }),
            ReceiptPrinterSettings::Serial {
                path,
                baud_rate,
                flow_control,
                paper_mm,
            } => {
                if path.trim().is_empty() {
                    return Err(invalid(
                        "the serial port is missing, such as /dev/ttyUSB0 or COM3",
                    ));
                }
                if !BAUD_RATES.contains(baud_rate) {
                    return Err(invalid(&format!(
                        "{baud_rate} is not a baud rate printers use; pick one of {BAUD_RATES:?}"
                    )));
                }
                Ok(ReceiptPrinter {
                    connection: PrinterConnection::Serial(SerialPortSettings {
                        path: path.trim().to_owned(),
                        baud_rate: *baud_rate,
                        flow_control: match flow_control {
                            FlowControlSetting::None => SerialFlowControl::None,
                            FlowControlSetting::Hardware => SerialFlowControl::Hardware,
                            FlowControlSetting::Software => SerialFlowControl::Software,
                        },
                    }),
                    paper: paper(*paper_mm)?,
                })
            }
            ReceiptPrinterSettings::DeviceFile { path, paper_mm } => Ok(ReceiptPrinter {
                connection: PrinterConnection::DeviceFile {
                    path: device_file_path(path)?,
                },
                paper: paper(*paper_mm)?,
            }),
        }
    }
}

/// Saves `settings` after checking them; nothing is saved when they are refused.
pub fn save_receipt_printer_settings(
    database: &StoreDatabase,
    settings: &ReceiptPrinterSettings,
) -> Result<(), CoreError> {
    settings.to_printer()?;
    let json = serde_json::to_string(settings).map_err(|error| invalid(&error.to_string()))?;
    write_setting(database, RECEIPT_PRINTER_SETTING, &json)
}

/// The saved settings, or `None` when no printer was set up.
pub fn receipt_printer_settings(
    database: &StoreDatabase,
) -> Result<Option<ReceiptPrinterSettings>, CoreError> {
    let Some(json) =
        database.read(|connection| read_setting(connection, RECEIPT_PRINTER_SETTING))?
    else {
        return Ok(None);
    };
    serde_json::from_str(&json).map(Some).map_err(|error| {
        invalid(&format!(
            "the saved printer settings cannot be read: {error}"
        ))
    })
}

/// The printer to send receipts and drawer pulses to, or `None` when none was set up.
pub fn receipt_printer(database: &StoreDatabase) -> Result<Option<ReceiptPrinter>, CoreError> {
    receipt_printer_settings(database)?
        .map(|settings| settings.to_printer())
        .transpose()
}

/// The paper the counter's receipts come out on: the set-up printer's, or 80 mm (the
/// common counter roll) when no printer is set up yet, so a preview still shows a receipt.
pub fn receipt_paper(database: &StoreDatabase) -> Result<PaperWidth, CoreError> {
    Ok(receipt_printer(database)?.map_or(PaperWidth::Millimetres80, |printer| printer.paper))
}

fn network_address(address: &str) -> Result<SocketAddr, CoreError> {
    let address = address.trim();
    address
        .parse::<SocketAddr>()
        .or_else(|_| {
            address
                .parse::<IpAddr>()
                .map(|ip| SocketAddr::new(ip, RAW_PRINTING_PORT))
        })
        .map_err(|_| {
            invalid(&format!(
                "{address:?} is not a printer address; type its IP, such as 192.168.0.50 or \
                 192.168.0.50:9100"
            ))
        })
}

/// A full path, because a relative one would depend on the folder the app was started in.
fn device_file_path(path: &str) -> Result<PathBuf, CoreError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(invalid(
            "the printer's device file is missing, such as /dev/usb/lp0",
        ));
    }
    if !Path::new(path).is_absolute() {
        return Err(invalid(&format!(
            "{path:?} is not a full path; type the printer's device file from the root, \
             such as /dev/usb/lp0"
        )));
    }
    Ok(PathBuf::from(path))
}

fn paper(millimetres: u8) -> Result<PaperWidth, CoreError> {
    match millimetres {
        58 => Ok(PaperWidth::Millimetres58),
        80 => Ok(PaperWidth::Millimetres80),
        _ => Err(invalid(&format!(
            "paper is 58 or 80 mm wide, not {millimetres}"
        ))),
    }
}

fn invalid(reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: "printer",
        reason: reason.to_owned(),
    }
}
