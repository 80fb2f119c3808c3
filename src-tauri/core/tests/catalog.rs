//! The catalog on a real SQLite file: refusals, exact look-ups, accent-insensitive
//! search, and a stock ledger that cannot be rewritten.

mod support;

use fflow_core::catalog::lookup::{Page, find_by_barcode, find_by_sku, search};
use fflow_core::catalog::products::create_product;
use fflow_core::stock::{MovementReason, adjust_stock, cache_mismatches};
use support::{count, product, store};

#[test]
fn duplicates_and_bad_fields_are_refused_and_write_nothing() {
    let store = store();
    let products_before = count(&store.database, "products");
    let cases = [
        (product("SKU-1", "Outro", 100, 0, &[]), "duplicate_sku"),
        (
            product("SKU-9", "Outro", 100, 0, &["7890000000017"]),
            "duplicate_barcode",
        ),
        (
            product("SKU-9", "Outro", 100, 0, &["123", "123"]),
            "duplicate_barcode",
        ),
        (product("SKU-9", "Outro", -1, 0, &[]), "invalid_input"),
        (product("SKU-9", "  ", 100, 0, &[]), "invalid_input"),
        (product("", "Outro", 100, 0, &[]), "invalid_input"),
        (product("SKU-9", "Outro", 100, 10_001, &[]), "invalid_input"),
        (
            product("SKU-9", "Outro", 100, 0, &["12 34"]),
            "invalid_input",
        ),
    ];
    for (new_product, code) in cases {
        let error = create_product(&store.database, &new_product, None).expect_err("refused");
        assert_eq!(error.code(), code, "{new_product:?}: {error}");
    }
    assert_eq!(
        count(&store.database, "products"),
        products_before,
        "refusals write nothing"
    );
}

#[test]
fn exact_lookups_and_accent_insensitive_search() {
    let store = store();
    create_product(
        &store.database,
        &product("SKU-3", "Petisco Sênior Salmão", 500, 0, &["7891717046084"]),
        None,
    )
    .expect("add");
    let found = find_by_barcode(&store.database, " 7891717046084 ")
        .expect("lookup")
        .expect("found by barcode");
    assert_eq!(found.sku, "SKU-3");
    assert_eq!(
        find_by_barcode(&store.database, "0000000000000").expect("lookup"),
        None
    );
    assert_eq!(
        find_by_sku(&store.database, "SKU-1")
            .expect("lookup")
            .map(|p| p.name),
        Some("Ração Premium Cães 1kg".to_owned())
    );

    let names = |query: &str| -> Vec<String> {
        search(
            &store.database,
            query,
            Page {
                offset: 0,
                limit: 20,
            },
        )
        .expect("search")
        .into_iter()
        .map(|p| p.name)
        .collect()
    };
    assert_eq!(
        names("racao prem"),
        vec!["Ração Premium Cães 1kg"],
        "no accents, prefixes"
    );
    let mut both = names("RAÇÃO");
    both.sort();
    assert_eq!(
        both,
        ["Ração Premium Cães 1kg", "Ração a granel"],
        "case- and accent-insensitive"
    );
    assert_eq!(names("senior salm"), vec!["Petisco Sênior Salmão"]);
    assert_eq!(
        names("sku-3"),
        vec!["Petisco Sênior Salmão"],
        "SKUs are searchable too"
    );
    assert!(names("gato").is_empty());
    assert!(
        names("\"*)(").is_empty(),
        "syntax in the input never breaks the query"
    );
    let second_page = search(
        &store.database,
        "racao",
        Page {
            offset: 1,
            limit: 1,
        },
    )
    .expect("page 2");
    assert_eq!(second_page.len(), 1, "paging skips and limits");
}

#[test]
fn stock_moves_only_through_the_ledger() {
    let store = store();
    let after = adjust_stock(
        &store.database,
        &store.kibble,
        24_000,
        MovementReason::Receipt,
        "NF 123",
        &store.manager.id,
    )
    .expect("receive");
    assert_eq!(after, 24_000);
    let after = adjust_stock(
        &store.database,
        &store.kibble,
        -1_000,
        MovementReason::Adjustment,
        "avaria",
        &store.manager.id,
    )
    .expect("adjust");
    assert_eq!(after, 23_000);
    assert_eq!(
        adjust_stock(
            &store.database,
            &store.kibble,
            0,
            MovementReason::Adjustment,
            "nada",
            &store.manager.id
        )
        .map_err(|e| e.code()),
        Err("invalid_input")
    );
    assert!(
        cache_mismatches(&store.database).expect("check").is_empty(),
        "cache equals the ledger"
    );
    let rewrite = store
        .database
        .write(|t| Ok(t.execute("UPDATE stock_movements SET quantity_milli = 1", [])?));
    assert!(rewrite.is_err(), "the ledger cannot be rewritten");
    let erase = store
        .database
        .write(|t| Ok(t.execute("DELETE FROM audit_log", [])?));
    assert!(erase.is_err(), "the audit log is append-only");
    assert_eq!(
        count(&store.database, "audit_log"),
        2,
        "both adjustments were audited"
    );
}
