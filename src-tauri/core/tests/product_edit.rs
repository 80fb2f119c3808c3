//! Editing a product on a real SQLite file: the edit is stored with one audit row and
//! one outbox event, and a refused edit changes nothing.

mod support;

use fflow_core::StoreDatabase;
use fflow_core::catalog::Unit;
use fflow_core::catalog::product_edit::{
    ProductEdit, ProductWithBarcodes, edit_product, product_with_barcodes,
};
use fflow_core::catalog::products::create_product;
use fflow_core::people::{Role, create_till_user};
use fflow_core::team_changes::change_role;
use support::{Store, count, product, store};

/// The kibble of the fixture, with everything changed that the form can change.
fn full_edit() -> ProductEdit {
    ProductEdit {
        sku: " RAC-2KG ".to_owned(),
        name: "  Ração Premium Cães 2kg ".to_owned(),
        category: Some("Rações".to_owned()),
        brand: Some("Marca Boa".to_owned()),
        unit: Unit::Kilogram,
        price_cents: 1990,
        cost_cents: 1200,
        tax_rate_basis_points: 1800,
        tax_included: false,
        sold_by_weight: true,
        active: false,
        min_stock_milli: 5_000,
        barcodes_added: vec!["7890000000024".to_owned()],
        barcodes_removed: vec!["7890000000017".to_owned()],
    }
}

fn outbox_kinds(database: &StoreDatabase, product_id: &str) -> Vec<String> {
    database
        .read(|connection| {
            let mut statement = connection
                .prepare("SELECT kind FROM outbox WHERE aggregate_id = ?1 ORDER BY seq")?;
            let kinds = statement.query_map([product_id], |row| row.get(0))?;
            Ok(kinds.collect::<Result<Vec<String>, _>>()?)
        })
        .expect("outbox kinds")
}

fn audit_actions(database: &StoreDatabase, product_id: &str) -> Vec<(String, String)> {
    database
        .read(|connection| {
            let mut statement = connection.prepare(
                "SELECT action, actor_id FROM audit_log WHERE entity_id = ?1 ORDER BY rowid",
            )?;
            let rows = statement.query_map([product_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("audit rows")
}

#[test]
fn an_edit_is_stored_audited_and_sent_as_one_event() {
    let store = store();
    let events_before = outbox_kinds(&store.database, &store.kibble).len();
    let edited = edit_product(&store.database, &store.manager, &store.kibble, &full_edit())
        .expect("a manager edits the kibble");

    let stored = product_with_barcodes(&store.database, &store.kibble).expect("read back");
    assert_eq!(stored, edited, "the answer is what was stored");
    let product = &stored.product;
    assert_eq!(
        product.name, "Ração Premium Cães 2kg",
        "the name is trimmed"
    );
    assert_eq!(product.category.as_deref(), Some("Rações"));
    assert_eq!(product.brand.as_deref(), Some("Marca Boa"));
    assert_eq!(product.unit, Unit::Kilogram);
    assert_eq!(
        (product.price_cents, product.cost_cents),
        (1990, 1200),
        "price and cost are stored in cents"
    );
    assert_eq!(product.tax_rate_basis_points, 1800);
    assert!(!product.tax_included, "tax now added on top");
    assert!(product.sold_by_weight && !product.active);
    assert_eq!(
        (product.sku.as_str(), product.min_stock_milli),
        ("RAC-2KG", 5_000),
        "the SKU is trimmed; the minimum is in thousandths"
    );
    assert_eq!(
        stored.barcodes,
        vec!["7890000000024".to_owned()],
        "the old barcode is gone and the new one is there"
    );

    let kinds = outbox_kinds(&store.database, &store.kibble);
    assert_eq!(
        kinds[events_before..],
        ["product.edited".to_owned()],
        "exactly one outbox event for the whole edit"
    );
    assert_eq!(
        audit_actions(&store.database, &store.kibble),
        vec![("product.edited".to_owned(), store.manager.id.clone())],
        "one audit row naming who edited"
    );
}

#[test]
fn refused_edits_change_nothing_and_say_why() {
    let store = store();
    create_product(
        &store.database,
        &product("SKU-7", "Areia Gato", 2500, 0, &["7890000000031"]),
        None,
    )
    .expect("another product");
    let before = snapshot(&store);
    let cases: [(&str, ProductEdit, &str, &str); 8] = [
        (
            "the SKU of another product",
            ProductEdit {
                sku: "SKU-7".to_owned(),
                ..full_edit()
            },
            "duplicate_sku",
            "the SKU SKU-7 is already used by another product",
        ),
        (
            "an empty SKU",
            ProductEdit {
                sku: "  ".to_owned(),
                ..full_edit()
            },
            "invalid_input",
            "sku: a product needs a SKU",
        ),
        (
            "a negative minimum stock",
            ProductEdit {
                min_stock_milli: -1,
                ..full_edit()
            },
            "invalid_input",
            "min_stock: a minimum stock cannot be negative",
        ),
        (
            "an empty name",
            ProductEdit {
                name: "   ".to_owned(),
                ..full_edit()
            },
            "invalid_input",
            "name: a product needs a name",
        ),
        (
            "a negative price",
            ProductEdit {
                price_cents: -1,
                ..full_edit()
            },
            "invalid_input",
            "price: a price cannot be negative",
        ),
        (
            "a barcode of another product",
            ProductEdit {
                barcodes_added: vec!["7890000000031".to_owned()],
                ..full_edit()
            },
            "duplicate_barcode",
            "the barcode 7890000000031 is already used by another product",
        ),
        (
            "removing a barcode the product does not have",
            ProductEdit {
                barcodes_removed: vec!["7890000000031".to_owned()],
                ..full_edit()
            },
            "invalid_input",
            "barcode: 7890000000031 is not a barcode of Ração Premium Cães 1kg",
        ),
        (
            "a tax rate above 100%",
            ProductEdit {
                tax_rate_basis_points: 10_001,
                ..full_edit()
            },
            "invalid_input",
            "tax_rate: a tax rate cannot be above 100%",
        ),
    ];
    for (why, edit, code, message) in cases {
        let refused =
            edit_product(&store.database, &store.manager, &store.kibble, &edit).expect_err(why);
        assert_eq!(
            (refused.code(), refused.to_string().as_str()),
            (code, message),
            "{why}"
        );
        assert_eq!(snapshot(&store), before, "{why} writes nothing");
    }
}

#[test]
fn a_cashier_cannot_edit_products() {
    let store = store();
    let before = snapshot(&store);
    let refused = edit_product(&store.database, &store.cashier, &store.kibble, &full_edit())
        .expect_err("cashier");
    assert_eq!(refused.code(), "manager_approval_required");
    assert_eq!(snapshot(&store), before, "a refused cashier writes nothing");
}

#[test]
fn a_manager_demoted_since_signing_in_cannot_edit() {
    let store = store();
    let owner = create_till_user(&store.database, "Dona", Role::Owner, "2468").expect("owner");
    change_role(&store.database, &owner, &store.manager.id, Role::Cashier).expect("demote");
    let before = snapshot(&store);
    // `store.manager` still says "manager", as the signed-in user of the counter would.
    let refused = edit_product(&store.database, &store.manager, &store.kibble, &full_edit())
        .expect_err("the stored role counts, not the one from sign-in");
    assert_eq!(refused.code(), "manager_approval_required");
    assert_eq!(snapshot(&store), before, "nothing written");
}

/// What an edit could have touched: the product, and the outbox and audit log lengths.
fn snapshot(store: &Store) -> (ProductWithBarcodes, i64, i64, i64) {
    (
        product_with_barcodes(&store.database, &store.kibble).expect("kibble"),
        count(&store.database, "outbox"),
        count(&store.database, "audit_log"),
        count(&store.database, "product_barcodes"),
    )
}
