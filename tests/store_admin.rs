//! A manager looks after the store in the real window: edits a product's price and adds
//! a barcode, exports the catalog to a CSV file, and deactivates a cashier; the database
//! then holds what the window showed. Screenshots: `target/e2e/store_admin_NN_<step>.png`.

mod support;

use std::path::Path;

use fflow_core::StoreDatabase;
use fflow_core::catalog::product_edit::product_with_barcodes;
use fflow_core::team_changes::list_team;
use support::seed::seed_store;
use support::webdriver::{AppWindow, ENTER, ESCAPE, F7, F12};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

#[test]
fn a_manager_edits_a_product_exports_the_catalog_and_deactivates_a_cashier() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    let data_path = data_folder.path().to_str().expect("temp paths are UTF-8");
    let export_folder = tempfile::tempdir().expect("temp dir for the export");
    let export_path = export_folder.path().join("produtos.csv");
    let window = AppWindow::launch(
        app_binary(),
        &[
            ("FFLOW_DATA_DIR", data_path),
            ("FFLOW_HUB_URL", ""),
            ("FFLOW_DEV_LICENSE_PUBLIC_KEYS", &store.trusted_license_keys),
        ],
    );
    window.click(&format!("[data-testid='user-{}']", store.manager_name));
    window.type_into("[data-testid=pin]", store.manager_pin);
    window.type_into("[data-testid=pin]", ENTER);
    window.text_of("[data-testid=signed-in-user]");

    // F7: the kibble is low on stock; the manager raises its price and adds a barcode
    // with the scanner, whose Enter adds the code rather than saving the form.
    window.type_into_focused(F7);
    window.click("[data-testid=product-row] .line-name");
    window.click("[data-testid=edit-product]");
    window.clear("[data-testid=edit-price]");
    window.type_into("[data-testid=edit-price]", "54,90");
    window.type_into("[data-testid=edit-new-barcode]", "7891000100110");
    window.type_into("[data-testid=edit-new-barcode]", ENTER);
    window.screenshot("store_admin_01_edit_product");
    window.click("[data-testid=save-product]");
    assert_eq!(
        window.text_of("[data-testid=product-saved]"),
        "Produto salvo."
    );

    // The catalog goes out as CSV to a path typed in the field.
    window.click("[data-testid=open-csv]");
    window.type_into(
        "[data-testid=export-path]",
        export_path.to_str().expect("UTF-8 path"),
    );
    window.click("[data-testid=run-export]");
    assert_eq!(
        window.text_of("[data-testid=export-done]"),
        "2 produtos exportados."
    );
    window.screenshot("store_admin_02_csv_export");
    window.type_into_focused(ESCAPE);

    // F12: the team lists Ana first (by name); the manager deactivates her.
    window.type_into_focused(F12);
    window.click("[data-testid=team-member] button[data-testid^=member-active-]");
    window.text_when("[data-testid=member-state]", |state| state == "inativo");
    window.screenshot("store_admin_03_team");

    let database = StoreDatabase::open_in(data_folder.path()).expect("reopen the store");
    let kibble = product_with_barcodes(&database, &store.kibble.id).expect("kibble");
    assert_eq!(kibble.product.price_cents, 5490, "the new price is stored");
    assert!(
        kibble.barcodes.contains(&"7891000100110".to_owned()),
        "the scanned barcode is the kibble's: {:?}",
        kibble.barcodes
    );
    let exported = std::fs::read_to_string(&export_path).expect("the export file exists");
    assert_eq!(exported.lines().count(), 3, "a header and two products");
    let ana = list_team(&database)
        .expect("team")
        .into_iter()
        .find(|member| member.user.name == store.cashier_name)
        .expect("Ana is listed");
    assert!(!ana.active, "Ana is deactivated in the database too");
}
