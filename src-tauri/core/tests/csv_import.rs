//! CSV import and export on a real SQLite file: row errors with line and column, nothing
//! written unless bad rows are skipped, progress, a lossless round trip, and the shared
//! catalog's format.

mod support;

use std::io::Read;

use fflow_core::StoreDatabase;
use fflow_core::catalog::csv_export::export_products_csv;
use fflow_core::catalog::csv_import::{
    ImportProgress, ImportReport, RowError, import_products_csv,
};
use fflow_core::catalog::lookup::{find_by_barcode, find_by_sku};
use support::count;

const HEADER: &str = "sku,barcode,name,category,brand,unit,price_cents,cost_cents,tax_rate_bp,tax_included,sold_by_weight,stock_qty,min_stock,location\n";

fn empty_store() -> (tempfile::TempDir, StoreDatabase) {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = support::activated_store_database(folder.path());
    (folder, database)
}

fn import(database: &StoreDatabase, csv: &str, skip: bool) -> ImportReport {
    import_products_csv(database, csv.as_bytes(), skip, None, &mut |_| {}).expect("the import runs")
}

fn error(line: u64, column: &str) -> (u64, String) {
    (line, column.to_owned())
}

fn places(errors: &[RowError]) -> Vec<(u64, String)> {
    errors.iter().map(|e| (e.line, e.column.clone())).collect()
}

const GOOD: &str = "A1,7891717046084,Ração Sênior,Alimentação,Pelo Lindo,un,2226,1313,1200,true,false,96,10,C-01-6\n";

#[test]
fn bad_rows_are_reported_by_line_and_column_and_nothing_is_written() {
    let (_folder, database) = empty_store();
    let csv = format!(
        "{HEADER}{GOOD}\
         A2,,Sem preço,,,un,abc,0,0,true,false,0,0,\n\
         A3,,Unidade errada,,,cx,100,0,0,true,false,0,0,\n\
         A4,,Negativo,,,un,-5,0,0,true,false,0,0,\n\
         A1,,SKU repetido,,,un,100,0,0,true,false,0,0,\n\
         A5,7891717046084,Barcode repetido,,,un,100,0,0,true,false,0,0,\n\
         A6,,Estoque estranho,,,un,100,0,0,talvez,false,0,0,\n\
         ,,Sem SKU,,,un,100,0,0,true,false,0,0,\n\
         A7,,Estoque negativo,,,un,100,0,0,true,false,-2,0,\n"
    );
    let report = import(&database, &csv, false);
    assert_eq!(
        places(&report.errors),
        vec![
            error(3, "price_cents"),
            error(4, "unit"),
            error(5, "price_cents"),
            error(6, "sku"),
            error(7, "barcode"),
            error(8, "tax_included"),
            error(9, "sku"),
            error(10, "stock_qty"),
        ],
        "every bad row is named by line and column: {:#?}",
        report.errors
    );
    assert_eq!(report.imported, 0);
    assert_eq!(
        count(&database, "products"),
        0,
        "an import with errors writes nothing"
    );
    assert_eq!(count(&database, "outbox"), 0);

    let report = import(&database, &csv, true);
    assert_eq!(
        (report.imported, report.skipped, report.errors.len()),
        (1, 8, 8),
        "skipping keeps the good row"
    );
    let product = find_by_barcode(&database, "7891717046084")
        .expect("lookup")
        .expect("imported");
    assert_eq!(
        (product.price_cents, product.stock_on_hand_milli),
        (2226, 96_000)
    );

    let again = import(&database, &format!("{HEADER}{GOOD}"), false);
    assert_eq!(
        places(&again.errors),
        vec![error(2, "sku")],
        "a SKU already in the catalog is a row error"
    );
}

#[test]
fn a_file_without_the_required_columns_is_refused_whole() {
    let (_folder, database) = empty_store();
    let refused = import_products_csv(
        &database,
        "sku,name\nA,B\n".as_bytes(),
        true,
        None,
        &mut |_| {},
    );
    assert_eq!(refused.map_err(|e| e.code()).err(), Some("invalid_input"));
}

#[test]
fn progress_is_reported_and_export_round_trips() {
    let (_folder, database) = empty_store();
    let mut csv = String::from(HEADER);
    for index in 0..2_500 {
        let unit = if index % 10 == 0 {
            "kg,4990,3000,0,true,true,12.5"
        } else {
            "un,1990,900,1800,false,false,7"
        };
        csv.push_str(&format!(
            "S{index:05},789{index:010},Produto {index},Cat {},Marca,{unit},2,B-{:02}-1\n",
            index % 7,
            index % 13
        ));
    }
    let mut seen = Vec::new();
    let report = import_products_csv(&database, csv.as_bytes(), false, None, &mut |p| {
        seen.push(p)
    })
    .expect("imports");
    assert_eq!((report.imported, report.errors.len()), (2_500, 0));
    assert_eq!(
        seen.last(),
        Some(&ImportProgress::Written {
            rows: 2_500,
            of: 2_500
        }),
        "the bar reaches the end"
    );
    assert!(
        seen.contains(&ImportProgress::Checked { rows: 1_000 }),
        "progress while checking: {seen:?}"
    );
    let bulk = find_by_sku(&database, "S00010")
        .expect("lookup")
        .expect("exists");
    assert_eq!(
        bulk.stock_on_hand_milli, 12_500,
        "fractional kilograms survive"
    );

    let mut exported = Vec::new();
    assert_eq!(
        export_products_csv(&database, &mut exported).expect("exports"),
        2_500
    );
    let (_other_folder, other) = empty_store();
    let exported_text = String::from_utf8(exported).expect("UTF-8");
    let report = import(&other, &exported_text, false);
    assert_eq!((report.imported, report.errors.len()), (2_500, 0));
    let mut exported_again = Vec::new();
    export_products_csv(&other, &mut exported_again).expect("exports");
    assert_eq!(
        String::from_utf8(exported_again).expect("UTF-8"),
        exported_text,
        "export → import → export is lossless"
    );
}

#[test]
fn the_shared_catalog_format_imports_without_errors() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/catalog-200k.csv.gz");
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("{} must exist beside the repository: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("gunzip the catalog");
    let sample: String = text
        .lines()
        .take(1_001)
        .flat_map(|line| [line, "\n"])
        .collect();
    let (_folder, database) = empty_store();
    let report = import(&database, &sample, false);
    assert_eq!(
        report.errors,
        vec![],
        "the shared format is accepted as it is"
    );
    assert_eq!(report.imported, 1_000);
    let racao = fflow_core::catalog::lookup::search(
        &database,
        "racao",
        fflow_core::catalog::lookup::Page {
            offset: 0,
            limit: 5,
        },
    )
    .expect("search");
    assert!(
        !racao.is_empty(),
        "imported names are searchable without accents"
    );
}
