//! F-Flow Store peripherals: receipt printers, barcode scanners and the cash drawer.
//!
//! Devices know nothing of sales. Core hands them documents (a receipt) or asks them to
//! read input (a scanned code); this crate turns those into bytes on a wire and back.

pub mod device_file_printer;
pub mod escpos;
pub mod gpio;
pub mod gtin;
pub mod keyboard_wedge;
pub mod network_printer;
pub mod print_document;
pub mod print_failure;
pub mod printer_connection;
pub mod printer_status;
pub mod printer_stream;
pub mod receipt_png;
pub mod scan;
pub mod serial_port;
pub mod serial_printer;
pub mod serial_scanner;
pub mod status_check;
