//! The scan field's codes read against a real store: exact barcodes and numeric SKUs
//! first, GTINs with their check digit, scale labels in the configured formats (weight
//! or price, with or without a price check digit), GS1 labels with a net weight, and the
//! refusals a cashier sees for damaged codes or labels that cannot be sold as read.

mod support;

use fflow_core::CoreError;
use fflow_core::catalog::Unit;
use fflow_core::catalog::products::create_product;
use fflow_core::checkout::{
    ScaleLabelFormat, read_counter_scan, save_scale_label_formats, scale_label_formats,
};
use fflow_devices::gtin::check_digit;
use fflow_devices::scan::variable_measure::price_check_digit;
use support::{Store, count, product, store};

/// `body` (12 digits) with its EAN-13 check digit.
fn ean13(body: &str) -> String {
    let digits: Vec<u8> = body.bytes().map(|byte| byte - b'0').collect();
    format!("{body}{}", check_digit(&digits))
}

/// The store, plus bulk food the scale knows as PLU 00123 (SKU "123", R$ 39,90 per kg)
/// and a unit product with a numeric SKU that is not a valid EAN-8.
fn store_with_scale_products() -> (Store, String, String) {
    let store = store();
    let mut bulk = product("123", "Ração granel Premium", 3990, 0, &[]);
    bulk.unit = Unit::Kilogram;
    bulk.sold_by_weight = true;
    let bulk = create_product(&store.database, &bulk, None).expect("bulk food");
    let collar = create_product(
        &store.database,
        &product("12345678", "Coleira", 2500, 0, &[]),
        None,
    )
    .expect("collar");
    (store, bulk, collar)
}

fn formats(entries: &[(&str, bool, bool)]) -> Vec<ScaleLabelFormat> {
    entries
        .iter()
        .map(|(prefix, price, check)| ScaleLabelFormat {
            prefix: (*prefix).to_owned(),
            price: *price,
            price_check_digit: *check,
        })
        .collect()
}

fn read(store: &Store, typed: &str) -> Option<(String, Option<i64>)> {
    read_counter_scan(&store.database, typed)
        .unwrap_or_else(|error| panic!("reading {typed:?}: {error}"))
        .map(|item| (item.product.id, item.quantity_milli))
}

#[test]
fn plain_codes_find_products_by_barcode_sku_and_gtin() {
    let (store, _, collar) = store_with_scale_products();
    assert_eq!(
        read(&store, " 7890000000017 "),
        Some((store.kibble.clone(), None))
    );
    assert_eq!(
        read(&store, "12345678"),
        Some((collar, None)),
        "a numeric SKU is found even though it is no valid EAN-8"
    );
    assert_eq!(
        read(&store, &ean13("789000000002")),
        None,
        "a valid GTIN nobody has"
    );
    assert_eq!(read(&store, "   "), None);
    let damaged = read_counter_scan(&store.database, "7890000000018");
    assert!(
        matches!(&damaged, Err(CoreError::UnreadableScan(message)) if message.contains("misread")),
        "a bad check digit is a damaged code: {damaged:?}"
    );
}

#[test]
fn scale_labels_carry_the_weight_or_the_price_in_the_configured_format() {
    let (store, bulk, collar) = store_with_scale_products();
    let weight_label = ean13("200123001250");
    assert_eq!(
        read(&store, &weight_label),
        None,
        "without a format, a 2… code is only a barcode, and nobody has it"
    );
    save_scale_label_formats(
        &store.database,
        &store.manager.id,
        &formats(&[("2", false, false), ("21", true, true)]),
    )
    .expect("the manager sets the formats");
    assert_eq!(
        read(&store, &weight_label),
        Some((bulk.clone(), Some(1250))),
        "PLU 00123 is SKU 123; 001250 is 1,250 kg"
    );
    // R$ 19,95 of bulk food at R$ 39,90/kg is 500 g; the price check digit guards it.
    let check = price_check_digit(&[1, 9, 9, 5]).expect("four digits");
    let price_label = ean13(&format!("2100123{check}1995"));
    assert_eq!(read(&store, &price_label), Some((bulk, Some(500))));
    let wrong_check = (check + 1) % 10;
    let misprinted = read_counter_scan(
        &store.database,
        &ean13(&format!("2100123{wrong_check}1995")),
    );
    assert!(
        matches!(misprinted, Err(CoreError::UnreadableScan(_))),
        "a wrong price check digit is refused: {misprinted:?}"
    );
    // A weight label whose PLU is a product sold by unit cannot be sold as read.
    create_product(
        &store.database,
        &product("456", "Brinquedo", 1500, 0, &[]),
        None,
    )
    .expect("a unit product with a short SKU");
    let refused = read_counter_scan(&store.database, &ean13("200456001000"));
    assert!(
        matches!(&refused, Err(CoreError::UnreadableScan(message)) if message.contains("sold by unit")),
        "{refused:?}"
    );
    assert_eq!(read(&store, "12345678").map(|(id, _)| id), Some(collar));
}

#[test]
fn a_gs1_label_gives_the_product_and_its_net_weight() {
    let (store, _, _) = store_with_scale_products();
    create_product(
        &store.database,
        &{
            let mut packed = product("GS1-1", "Petisco a peso", 5000, 0, &["7891000100103"]);
            packed.sold_by_weight = true;
            packed.unit = Unit::Kilogram;
            packed
        },
        None,
    )
    .expect("packed by weight");
    let item = read_counter_scan(&store.database, "(01)07891000100103(3103)000750")
        .expect("readable")
        .expect("found through the GTIN-14 with its leading zero");
    assert_eq!(
        (item.product.sku.as_str(), item.quantity_milli),
        ("GS1-1", Some(750))
    );
}

#[test]
fn only_a_manager_changes_the_formats_and_bad_ones_change_nothing() {
    let (store, _, _) = store_with_scale_products();
    let audit_before = count(&store.database, "audit_log");
    let refused = save_scale_label_formats(
        &store.database,
        &store.cashier.id,
        &formats(&[("2", false, false)]),
    );
    assert!(
        matches!(refused, Err(CoreError::ManagerApprovalRequired { .. })),
        "{refused:?}"
    );
    for bad in [
        formats(&[("3", false, false)]),
        formats(&[("20", false, false), ("20", true, false)]),
    ] {
        let result = save_scale_label_formats(&store.database, &store.manager.id, &bad);
        assert!(
            matches!(result, Err(CoreError::InvalidInput { .. })),
            "{bad:?}: {result:?}"
        );
    }
    assert_eq!(scale_label_formats(&store.database).expect("formats"), []);
    assert_eq!(
        count(&store.database, "audit_log"),
        audit_before,
        "nothing was written"
    );

    let wanted = formats(&[("2", false, false), ("25", true, true)]);
    save_scale_label_formats(&store.database, &store.manager.id, &wanted).expect("saved");
    assert_eq!(
        scale_label_formats(&store.database).expect("formats"),
        wanted
    );
    assert_eq!(
        count(&store.database, "audit_log"),
        audit_before + 1,
        "one audit row"
    );
}
