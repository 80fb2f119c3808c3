//! A serial barcode scanner in the real window: the manager sets it up in the settings
//! (F12) on one end of a pseudo-terminal pair, the test types codes into the other end as
//! the scanner would, and each code lands in the cart as if scanned into the scan field;
//! a scanner at the wrong speed is told apart in the cashier's words. Screenshots:
//! `target/e2e/counter_serial_scanner_NN_<step>.png`.

mod support;

use std::io::Write;
use std::path::Path;

use serialport::{SerialPort, TTYPort};
use support::counter::{launch_offline, sign_in_as_and_open_session};
use support::seed::seed_store;
use support::webdriver::{ESCAPE, F12};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

#[test]
fn codes_from_a_serial_scanner_land_in_the_cart() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    let (mut scanner, port) = TTYPort::pair().expect("a pseudo-terminal pair");
    let port_path = port.name().expect("the port side has a path");
    let window = launch_offline(app_binary(), data_folder.path(), &store);
    sign_in_as_and_open_session(&window, store.manager_name, store.manager_pin);

    // F12: the scanner on the pseudo-terminal, ending its codes with CR as most do.
    window.type_into_focused(F12);
    window.click("[data-testid=serial-scanner-used] option[value='serial']");
    window.clear("[data-testid=serial-scanner-path]");
    window.type_into("[data-testid=serial-scanner-path]", &port_path);
    window.click("[data-testid=serial-scanner-save]");
    assert_eq!(
        window.text_of("[data-testid=serial-scanner-saved]"),
        "Salvo."
    );
    window.screenshot("counter_serial_scanner_01_settings");
    window.type_into_focused(ESCAPE);
    assert!(window.gone("[data-testid=settings-dialog]"));

    // Two codes from the scanner, ended with CR and with CR LF, as scanners send them.
    scanner
        .write_all(format!("{}\r", store.kibble.barcode).as_bytes())
        .expect("the scanner sends the kibble");
    window.text_when("[data-testid=cart-line]", |line| {
        line.contains(store.kibble.name)
    });
    scanner
        .write_all(format!("{}\r\n", store.treat.barcode).as_bytes())
        .expect("the scanner sends the treat");
    window.text_when("[data-testid=cart]", |cart| cart.contains(store.treat.name));
    assert_eq!(
        window.count_of("[data-testid=cart-line]"),
        2,
        "each code is a line of its own"
    );
    window.screenshot("counter_serial_scanner_02_cart");

    // A scanner at another speed sends bytes that are not text: the settings say so.
    scanner
        .write_all(&[0xc3, 0x28, 0xff, b'\r'])
        .expect("garbage");
    scanner.flush().expect("flush");
    window.type_into_focused(F12);
    let problem = window.text_when("[data-testid=serial-scanner-problem]", |text| {
        !text.is_empty()
    });
    assert!(
        problem.contains("velocidade (baud)"),
        "the cashier is told to check the speed: {problem}"
    );
    window.screenshot("counter_serial_scanner_03_garbage");
    drop(port);
}
