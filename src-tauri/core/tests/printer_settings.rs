//! The receipt printer chosen in the settings, on a real SQLite file: saved, read back
//! after a restart as the connection the queue prints on, and refused whole when wrong.

mod support;

use std::net::SocketAddr;
use std::path::PathBuf;

use fflow_core::StoreDatabase;
use fflow_core::print_queue::ReceiptPrinter;
use fflow_core::printer_settings::{
    FlowControlSetting, ReceiptPrinterSettings, receipt_paper, receipt_printer,
    receipt_printer_settings, save_receipt_printer_settings,
};
use fflow_devices::print_document::PaperWidth;
use fflow_devices::printer_connection::PrinterConnection;
use fflow_devices::serial_port::{SerialFlowControl, SerialPortSettings};
use support::store;

fn serial(path: &str, baud_rate: u32, paper_mm: u8) -> ReceiptPrinterSettings {
    ReceiptPrinterSettings::Serial {
        path: path.to_owned(),
        baud_rate,
        flow_control: FlowControlSetting::Hardware,
        paper_mm,
    }
}

fn device_file(path: &str) -> ReceiptPrinterSettings {
    ReceiptPrinterSettings::DeviceFile {
        path: path.to_owned(),
        paper_mm: 80,
    }
}

fn network(address: &str) -> ReceiptPrinterSettings {
    ReceiptPrinterSettings::Network {
        address: address.to_owned(),
        paper_mm: 80,
    }
}

#[test]
fn the_chosen_printer_is_saved_and_read_back_after_a_restart() {
    let store = store();
    assert_eq!(
        receipt_printer(&store.database).expect("read"),
        None,
        "no printer until one is chosen"
    );
    save_receipt_printer_settings(&store.database, &network(" 192.168.0.50 ")).expect("save");
    let address: SocketAddr = "192.168.0.50:9100".parse().expect("address");
    assert_eq!(
        receipt_printer(&store.database).expect("read"),
        Some(ReceiptPrinter {
            connection: PrinterConnection::Network { address },
            paper: PaperWidth::Millimetres80,
        }),
        "an address without a port means the raw printing port"
    );

    save_receipt_printer_settings(&store.database, &serial("/dev/ttyUSB0", 38_400, 58))
        .expect("switch to a serial printer");
    let reopened = StoreDatabase::open_in(store.folder.path()).expect("reopen");
    assert_eq!(
        receipt_printer_settings(&reopened).expect("read"),
        Some(serial("/dev/ttyUSB0", 38_400, 58)),
        "the choice survives a restart as it was saved"
    );
    assert_eq!(
        receipt_printer(&reopened).expect("read"),
        Some(ReceiptPrinter {
            connection: PrinterConnection::Serial(SerialPortSettings {
                path: "/dev/ttyUSB0".to_owned(),
                baud_rate: 38_400,
                flow_control: SerialFlowControl::Hardware,
            }),
            paper: PaperWidth::Millimetres58,
        })
    );

    save_receipt_printer_settings(&reopened, &device_file(" /dev/usb/lp0 "))
        .expect("switch to a USB printer");
    assert_eq!(
        receipt_printer(&reopened).expect("read"),
        Some(ReceiptPrinter {
            connection: PrinterConnection::DeviceFile {
                path: PathBuf::from("/dev/usb/lp0"),
            },
            paper: PaperWidth::Millimetres80,
        }),
        "the device file is used as typed, without the spaces around it"
    );
}

#[test]
fn wrong_printer_settings_are_refused_and_the_saved_ones_stay() {
    let store = store();
    let saved = network("10.0.0.7:9101");
    save_receipt_printer_settings(&store.database, &saved).expect("save");
    for (case, settings) in [
        ("a host name, not an address", network("impressora.local")),
        ("a port out of range", network("10.0.0.7:70000")),
        (
            "a baud rate no printer uses",
            serial("/dev/ttyUSB0", 12_345, 80),
        ),
        ("no serial port", serial("  ", 9600, 80)),
        (
            "a paper width the layout does not know",
            serial("/dev/ttyS0", 9600, 57),
        ),
        ("no device file", device_file(" ")),
        (
            "a device file relative to wherever the app started",
            device_file("usb/lp0"),
        ),
    ] {
        assert_eq!(
            save_receipt_printer_settings(&store.database, &settings).map_err(|e| e.code()),
            Err("invalid_input"),
            "{case}"
        );
        assert_eq!(
            receipt_printer_settings(&store.database).expect("read"),
            Some(saved.clone()),
            "{case}: the saved printer is kept"
        );
    }
}

#[test]
fn the_receipt_preview_paper_is_the_printers_or_80_mm_before_one_is_set_up() {
    let store = store();
    assert_eq!(
        receipt_paper(&store.database).expect("read"),
        PaperWidth::Millimetres80,
        "no printer yet: the common counter roll"
    );
    save_receipt_printer_settings(&store.database, &serial("/dev/ttyUSB0", 9600, 58))
        .expect("save");
    assert_eq!(
        receipt_paper(&store.database).expect("read"),
        PaperWidth::Millimetres58
    );
}
