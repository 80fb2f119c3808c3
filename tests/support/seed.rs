//! The store a window test starts from, written through `fflow-core` into the data folder
//! before the app is launched. Every window test that needs people or products seeds
//! here, in this one function, so that later set-up (license activation) has one place
//! to go.

use std::path::Path;

use fflow_core::StoreDatabase;
use fflow_core::catalog::Unit;
use fflow_core::catalog::products::{NewProduct, create_product};
use fflow_core::licensing::test_support::{
    install_license_for_tests, test_license_public_key_entry,
};
use fflow_core::people::{Role, create_till_user};
use fflow_core::receipt::{PIX_CITY, PIX_KEY, STORE_NAME};
use fflow_core::settings::write_setting;

/// A product the tests scan. None has stock at first; the kibble has a minimum of 2, so
/// it shows as low on stock.
#[derive(Debug, Clone)]
pub struct SeededProduct {
    pub id: String,
    pub name: &'static str,
    pub barcode: &'static str,
    pub price_cents: i64,
}

/// Who and what the seeded store holds.
#[derive(Debug, Clone)]
pub struct SeededStore {
    pub cashier_name: &'static str,
    pub cashier_pin: &'static str,
    pub manager_name: &'static str,
    pub manager_pin: &'static str,
    pub kibble: SeededProduct,
    pub treat: SeededProduct,
    /// `FFLOW_DEV_LICENSE_PUBLIC_KEYS` for the app, so it trusts the seeded test license.
    pub trusted_license_keys: String,
}

/// Writes the seeded store into `data_folder` and closes the database again, so the app
/// opens it as it would at a real counter.
pub fn seed_store(data_folder: &Path) -> SeededStore {
    let database = StoreDatabase::open_in(data_folder).expect("open the store database to seed it");
    let seeded = SeededStore {
        cashier_name: "Ana",
        cashier_pin: "1234",
        manager_name: "Bruno",
        manager_pin: "9876",
        kibble: product(
            &database,
            "RAC-001",
            "Ração Premium Cães 1kg",
            "7891000100103",
            4990,
            2000,
        ),
        treat: product(
            &database,
            "PET-065",
            "Petisco Bifinho 65g",
            "7896000000013",
            750,
            0,
        ),
        trusted_license_keys: test_license_public_key_entry(),
    };
    install_license_for_tests(&database).expect("activate the seeded store with the test license");
    create_till_user(
        &database,
        seeded.cashier_name,
        Role::Cashier,
        seeded.cashier_pin,
    )
    .expect("seed the cashier");
    create_till_user(
        &database,
        seeded.manager_name,
        Role::Manager,
        seeded.manager_pin,
    )
    .expect("seed the manager");
    for (key, value) in [
        (STORE_NAME, "Pet Shop Amigo Fiel"),
        (PIX_KEY, "loja@amigofiel.example"),
        (PIX_CITY, "Sao Paulo"),
    ] {
        write_setting(&database, key, value).expect("seed a store setting");
    }
    seeded
}

fn product(
    database: &StoreDatabase,
    sku: &str,
    name: &'static str,
    barcode: &'static str,
    price_cents: i64,
    min_stock_milli: i64,
) -> SeededProduct {
    let id = create_product(
        database,
        &NewProduct {
            sku: sku.to_owned(),
            name: name.to_owned(),
            category: Some("Pet".to_owned()),
            brand: None,
            unit: Unit::Each,
            price_cents,
            cost_cents: price_cents / 2,
            tax_rate_basis_points: 0,
            tax_included: true,
            sold_by_weight: false,
            min_stock_milli,
            barcodes: vec![barcode.to_owned()],
        },
        None,
    )
    .expect("seed a product");
    SeededProduct {
        id,
        name,
        barcode,
        price_cents,
    }
}
