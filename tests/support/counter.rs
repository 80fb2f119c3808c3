//! Steps the window tests share at the counter: starting the app on a seeded store
//! without a hub, and a cash sale from scan to receipt.

use std::path::Path;

use super::seed::SeededStore;
use super::webdriver::{AppWindow, ENTER, F4};

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
