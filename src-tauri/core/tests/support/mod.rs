//! A store on a real SQLite file in a temp folder, with people and products to sell.

#![allow(dead_code)] // Each test binary uses its own part of the fixture.

pub mod virtual_printer;

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;

use fflow_core::StoreDatabase;
use fflow_core::catalog::Unit;
use fflow_core::catalog::products::{NewProduct, create_product};
use fflow_core::licensing::test_support::install_license_for_tests;
use fflow_core::people::{Role, TillUser, create_till_user};
use fflow_core::sale::complete::{
    CartLine, CompletedSale, PaymentEntry, SaleRequest, complete_sale,
};

pub const CASHIER_PIN: &str = "1234";
pub const MANAGER_PIN: &str = "9876";

pub struct Store {
    pub folder: tempfile::TempDir,
    pub database: StoreDatabase,
    pub cashier: TillUser,
    pub manager: TillUser,
    /// R$ 10,00 a unit, 10% tax included, barcode 7890000000017.
    pub kibble: String,
    /// R$ 39,90 per kg, sold by weight, no tax.
    pub bulk_food: String,
}

pub fn store() -> Store {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = activated_store_database(folder.path());
    stocked_store(folder, database)
}

/// The fixture's people and products in `database`, which must already be activated.
pub fn stocked_store(folder: tempfile::TempDir, database: StoreDatabase) -> Store {
    let cashier = create_till_user(&database, "Ana", Role::Cashier, CASHIER_PIN).expect("cashier");
    let manager =
        create_till_user(&database, "Bruno", Role::Manager, MANAGER_PIN).expect("manager");
    let kibble = create_product(
        &database,
        &product(
            "SKU-1",
            "Ração Premium Cães 1kg",
            1000,
            1000,
            &["7890000000017"],
        ),
        None,
    )
    .expect("kibble");
    let mut bulk = product("SKU-2", "Ração a granel", 3990, 0, &[]);
    bulk.unit = Unit::Kilogram;
    bulk.sold_by_weight = true;
    let bulk_food = create_product(&database, &bulk, None).expect("bulk food");
    Store {
        folder,
        database,
        cashier,
        manager,
        kibble,
        bulk_food,
    }
}

/// Opens the store database in `folder` and activates it with the test license key, as
/// the hub would; selling and moving stock need an activated store.
pub fn activated_store_database(folder: &std::path::Path) -> StoreDatabase {
    let database = StoreDatabase::open_in(folder).expect("open the store database");
    install_license_for_tests(&database).expect("activate the store with a test license");
    database
}

pub fn product(
    sku: &str,
    name: &str,
    price_cents: i64,
    tax_rate_bp: u32,
    barcodes: &[&str],
) -> NewProduct {
    NewProduct {
        sku: sku.to_owned(),
        name: name.to_owned(),
        category: Some("Alimentação".to_owned()),
        brand: Some("Pelo Lindo".to_owned()),
        unit: Unit::Each,
        price_cents,
        cost_cents: price_cents / 2,
        tax_rate_basis_points: tax_rate_bp,
        tax_included: true,
        sold_by_weight: false,
        min_stock_milli: 0,
        barcodes: barcodes.iter().map(|code| (*code).to_owned()).collect(),
    }
}

pub fn line(product_id: &str, quantity_milli: i64) -> CartLine {
    CartLine {
        product_id: product_id.to_owned(),
        quantity_milli,
        discount: None,
        unit_price_override_cents: None,
    }
}

/// One kibble (R$ 10,00) sold by the cashier, paid with `payments`.
pub fn one_kibble(store: &Store, payments: Vec<PaymentEntry>) -> SaleRequest {
    SaleRequest {
        cashier_id: store.cashier.id.clone(),
        customer_id: None,
        lines: vec![line(&store.kibble, 1000)],
        order_discount: None,
        payments,
        approval: None,
    }
}

pub fn pay(method_code: &str, amount_cents: i64) -> PaymentEntry {
    PaymentEntry {
        method_code: method_code.to_owned(),
        amount_cents,
    }
}

/// How many rows `table` holds (tables named by tests only).
pub fn count(database: &StoreDatabase, table: &str) -> i64 {
    database
        .read(|connection| {
            Ok(
                connection.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                    row.get(0)
                })?,
            )
        })
        .expect("count rows")
}

/// A printer on loopback that accepts one job and hands over every byte it received.
pub fn virtual_printer() -> (SocketAddr, mpsc::Receiver<Vec<u8>>) {
    virtual_printer::virtual_printer_taking(1)
}

/// A loopback address nobody listens on.
pub fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address")
}

/// Sells two bags of kibble (R$ 20,00) in the open session, paid with `payments`.
pub fn sell_two_bags(store: &Store, payments: Vec<PaymentEntry>) -> CompletedSale {
    complete_sale(
        &store.database,
        &SaleRequest {
            cashier_id: store.cashier.id.clone(),
            customer_id: None,
            lines: vec![line(&store.kibble, 2000)],
            order_discount: None,
            payments,
            approval: None,
        },
    )
    .expect("sells R$ 20,00")
}

/// (audit rows the hub's commands wrote, commands in the inbox): a command delivered
/// again must leave both as they were.
pub fn hub_command_effects(database: &StoreDatabase) -> (i64, i64) {
    (
        count(database, "audit_log WHERE actor_id = 'hub'"),
        count(database, "inbox"),
    )
}

/// The cursor of the last hub command the store applied or quarantined.
pub fn command_cursor(database: &StoreDatabase) -> i64 {
    database
        .read(fflow_core::sync::stored_command_cursor)
        .expect("the command cursor")
}
