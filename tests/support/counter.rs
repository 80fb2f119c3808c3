//! Steps the window tests share at the counter: starting the app on a seeded store
//! without a hub, and a cash sale from scan to receipt.

use std::path::Path;

use super::seed::SeededStore;
use super::webdriver::{AppWindow, ENTER, F4, F10};

/// The app on the store seeded in `data_folder`, with no hub, trusting the seed's license.
pub fn launch_offline(application: &Path, data_folder: &Path, store: &SeededStore) -> AppWindow {
    let data_path = data_folder.to_str().expect("temp paths are UTF-8");
    AppWindow::launch(
        application,
        &[
            ("FFLOW_DATA_DIR", data_path),
            ("FFLOW_HUB_URL", ""),
            ("FFLOW_DEV_LICENSE_PUBLIC_KEYS", &store.trusted_license_keys),
        ],
    )
}

/// Scans `barcode` into an empty cart and pays R$ 50,00 in cash; returns once the
/// receipt preview shows.
pub fn sell_for_cash(window: &AppWindow, barcode: &str) {
    window.type_into_focused(&format!("{barcode}{ENTER}"));
    window.text_of("[data-testid=cart-line]");
    window.type_into_focused(F4);
    window.type_into("[data-testid=pay-cash]", "50,00");
    window.click("[data-testid=confirm-payment]");
    window.text_when("[data-testid=receipt]", |text| text.contains("TOTAL"));
}

/// Signs the seeded cashier in and opens the cash session with R$ 100,00.
pub fn sign_in_and_open_session(window: &AppWindow, store: &SeededStore) {
    sign_in_as_and_open_session(window, store.cashier_name, store.cashier_pin);
}

/// Signs `name` in with `pin` and opens the cash session with R$ 100,00.
pub fn sign_in_as_and_open_session(window: &AppWindow, name: &str, pin: &str) {
    window.click(&format!("[data-testid='user-{name}']"));
    window.type_into("[data-testid=pin]", &format!("{pin}{ENTER}"));
    window.text_of("[data-testid=signed-in-user]");
    window.type_into_focused(F10);
    window.type_into("[data-testid=opening-float]", &format!("100,00{ENTER}"));
    assert!(
        window.gone("[data-testid=cash-dialog]"),
        "the session opened"
    );
}
