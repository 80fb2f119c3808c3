//! The product CSV import and export on real files: row errors reported by line, the
//! shared catalog's gzip, the exported row count, who may do it, and paths that fail.

mod support;

use std::io::Write;
use std::path::Path;

use fflow_core::catalog::csv_files::{export_products_csv_file, import_products_csv_file};
use fflow_core::catalog::csv_import::ImportProgress;
use support::{count, store};

const HEADER: &str = "sku,barcode,name,category,brand,unit,price_cents,cost_cents,tax_rate_bp,tax_included,sold_by_weight,stock_qty,min_stock,location\n";
const GOOD: &str = "A1,7891717046084,Ração Sênior,Alimentação,Pelo Lindo,un,2226,1313,1200,true,false,96,10,C-01-6\n";
const BAD_PRICE: &str = "A2,,Sem preço,,,un,abc,0,0,true,false,0,0,\n";

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write the CSV file");
}

#[test]
fn an_import_from_a_file_reports_bad_rows_by_line_and_writes_nothing() {
    let store = store();
    let path = store.folder.path().join("produtos.csv");
    write(&path, format!("{HEADER}{GOOD}{BAD_PRICE}").as_bytes());
    let products_before = count(&store.database, "products");
    let report =
        import_products_csv_file(&store.database, &store.manager, &path, false, &mut |_| {})
            .expect("the import runs");
    let places: Vec<(u64, &str)> = report
        .errors
        .iter()
        .map(|error| (error.line, error.column.as_str()))
        .collect();
    assert_eq!(
        places,
        [(3, "price_cents")],
        "the bad row is named by its line"
    );
    assert_eq!(report.imported, 0);
    assert_eq!(
        count(&store.database, "products"),
        products_before,
        "nothing written"
    );
}

#[test]
fn a_gzip_file_imports_with_progress() {
    let store = store();
    let path = store.folder.path().join("produtos.csv.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(format!("{HEADER}{GOOD}").as_bytes())
        .expect("gzip");
    write(&path, &encoder.finish().expect("gzip end"));
    let mut seen = Vec::new();
    let report =
        import_products_csv_file(&store.database, &store.manager, &path, false, &mut |p| {
            seen.push(p)
        })
        .expect("the import runs");
    assert_eq!((report.imported, report.errors.len()), (1, 0));
    assert_eq!(
        seen.last(),
        Some(&ImportProgress::Written { rows: 1, of: 1 }),
        "the last progress says everything was written"
    );
}

#[test]
fn an_export_to_a_file_counts_its_rows() {
    let store = store();
    let path = store.folder.path().join("export.csv");
    let rows = export_products_csv_file(&store.database, &store.manager, &path).expect("export");
    assert_eq!(rows, 2, "the fixture's two products");
    let written = std::fs::read_to_string(&path).expect("read export");
    assert_eq!(
        written.lines().count(),
        3,
        "a header and one line per product"
    );
}

#[test]
fn cashiers_and_bad_paths_are_refused() {
    let store = store();
    let folder = store.folder.path();
    let refused = export_products_csv_file(&store.database, &store.cashier, &folder.join("x.csv"))
        .expect_err("cashier");
    assert_eq!(refused.code(), "manager_approval_required");
    assert!(
        !folder.join("x.csv").exists(),
        "a refused export creates no file"
    );
    let refused = import_products_csv_file(
        &store.database,
        &store.cashier,
        &folder.join("x.csv"),
        false,
        &mut |_| {},
    )
    .expect_err("cashier");
    assert_eq!(refused.code(), "manager_approval_required");
    let missing = import_products_csv_file(
        &store.database,
        &store.manager,
        &folder.join("missing.csv"),
        false,
        &mut |_| {},
    )
    .expect_err("no such file");
    assert_eq!(missing.code(), "invalid_input");
    assert!(missing.to_string().contains("missing.csv"), "{missing}");
    let unwritable = export_products_csv_file(
        &store.database,
        &store.manager,
        &folder.join("no-such-folder/x.csv"),
    )
    .expect_err("no such folder");
    assert_eq!(unwritable.code(), "invalid_input");
}
