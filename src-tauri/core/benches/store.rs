//! Store benchmarks, printed as `<ID> <name> <value>` lines (run through `scripts/bench`).
//!
//! - P1: committing a 5-line sale (p50, p99) against a 4 KiB write + fsync of a file in
//!   the same folder, alternating one with the other in the same run, while a timer
//!   checkpoints the WAL every 200 ms (more often than the app does). Goal: both
//!   ratios ≤ 1.5.
//! - P2: importing the shared 200,000-product catalog, then barcode look-ups and name
//!   searches on it (p99). Goal: barcode p99 ≤ 200 µs. Then the counter's customer box
//!   (`search_customers`) over 10,000 customers, typed as a name prefix, a phone or a
//!   CPF (p50, p99; no goal set yet).
//!
//! Arguments name the benchmarks to run (`P1`, `P2`); none runs all.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fflow_core::StoreDatabase;
use fflow_core::cash::open_session;
use fflow_core::catalog::Unit;
use fflow_core::catalog::csv_import::import_products_csv;
use fflow_core::catalog::lookup::{Page, find_by_barcode, search};
use fflow_core::catalog::products::{NewProduct, create_product};
use fflow_core::customers::{CustomerDetails, create_customer, search_customers};
use fflow_core::licensing::test_support::install_license_for_tests;
use fflow_core::people::{Role, create_till_user};
use fflow_core::sale::complete::{CartLine, PaymentEntry, SaleRequest, complete_sale};

const SALES: usize = 2_000;
const LOOKUPS: usize = 20_000;
const SEARCHES: usize = 2_000;
const CUSTOMERS: usize = 10_000;

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a.starts_with('P'))
        .collect();
    let runs = |id: &str| wanted.is_empty() || wanted.iter().any(|w| w == id);
    // Same disk as the build: temp folders under target/ rather than a tmpfs /tmp.
    let scratch_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-scratch");
    std::fs::create_dir_all(&scratch_root).expect("create target/bench-scratch");
    if runs("P1") {
        sale_commit(&scratch_root);
    }
    if runs("P2") {
        catalog(&scratch_root);
    }
}

fn sale_commit(scratch_root: &Path) {
    let folder = tempfile::tempdir_in(scratch_root).expect("scratch folder");
    let database = Arc::new(StoreDatabase::open_in(folder.path()).expect("open"));
    install_license_for_tests(&database).expect("activate the store");
    let cashier = create_till_user(&database, "Bench", Role::Cashier, "1234").expect("cashier");
    let products: Vec<String> = (0..5)
        .map(|index| {
            create_product(
                &database,
                &NewProduct {
                    sku: format!("B{index}"),
                    name: format!("Produto {index}"),
                    category: None,
                    brand: None,
                    unit: Unit::Each,
                    price_cents: 1000 + index,
                    cost_cents: 500,
                    tax_rate_basis_points: 1800,
                    tax_included: true,
                    sold_by_weight: false,
                    min_stock_milli: 0,
                    barcodes: vec![format!("789000000{index:04}")],
                },
                None,
            )
            .expect("product")
        })
        .collect();
    open_session(&database, &cashier.id, 0).expect("session");
    let request = SaleRequest {
        cashier_id: cashier.id.clone(),
        customer_id: None,
        lines: products
            .iter()
            .map(|id| CartLine {
                product_id: id.clone(),
                quantity_milli: 1000,
                discount: None,
                unit_price_override_cents: None,
            })
            .collect(),
        order_discount: None,
        payments: vec![PaymentEntry {
            method_code: "cash".into(),
            amount_cents: 10_000,
        }],
        approval: None,
    };
    // The app's checkpoint timer, running beside the counter as in production.
    let stop = Arc::new(AtomicBool::new(false));
    let checkpointer = {
        let (database, stop) = (Arc::clone(&database), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = database.checkpoint();
                std::thread::park_timeout(Duration::from_millis(200));
            }
        })
    };
    let fsync_path = folder.path().join("fsync-probe");
    let mut probe = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&fsync_path)
        .expect("probe file");
    let block = [0x5a_u8; 4096];
    for _ in 0..50 {
        complete_sale(&database, &request).expect("warm-up sale");
    }
    // Sales and fsyncs alternate, so both see the same disk and the same neighbours.
    let mut sale_samples = Vec::with_capacity(SALES);
    let mut fsync_samples = Vec::with_capacity(SALES);
    for _ in 0..SALES {
        let started = Instant::now();
        complete_sale(&database, &request).expect("sale");
        sale_samples.push(started.elapsed());
        let started = Instant::now();
        probe.write_all(&block).expect("write");
        probe.sync_all().expect("fsync");
        fsync_samples.push(started.elapsed());
    }
    stop.store(true, Ordering::Relaxed);
    checkpointer.thread().unpark();
    checkpointer.join().expect("checkpointer stops");

    let (sale_p50, sale_p99) = (
        percentile(&mut sale_samples, 50.0),
        percentile(&mut sale_samples, 99.0),
    );
    let (fsync_p50, fsync_p99) = (
        percentile(&mut fsync_samples, 50.0),
        percentile(&mut fsync_samples, 99.0),
    );
    report("P1", "sale_commit_p50_us", micros(sale_p50));
    report("P1", "sale_commit_p99_us", micros(sale_p99));
    report("P1", "fsync_p50_us", micros(fsync_p50));
    report("P1", "fsync_p99_us", micros(fsync_p99));
    report(
        "P1",
        "sale_commit_p50_over_fsync_p50",
        micros(sale_p50) / micros(fsync_p50),
    );
    report(
        "P1",
        "sale_commit_p99_over_fsync_p99",
        micros(sale_p99) / micros(fsync_p99),
    );
}

fn catalog(scratch_root: &Path) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/catalog-200k.csv.gz");
    let mut csv = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(&path).expect("the shared catalog beside the repository"),
    )
    .read_to_end(&mut csv)
    .expect("gunzip");
    let folder = tempfile::tempdir_in(scratch_root).expect("scratch folder");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    install_license_for_tests(&database).expect("activate the store");
    let started = Instant::now();
    let imported =
        import_products_csv(&database, csv.as_slice(), false, None, &mut |_| {}).expect("import");
    let import_seconds = started.elapsed().as_secs_f64();
    assert_eq!(
        imported.errors.len(),
        0,
        "the shared catalog imports cleanly"
    );
    report(
        "P2",
        "import_rows_per_s",
        imported.imported as f64 / import_seconds,
    );
    database.checkpoint().expect("checkpoint after the import");

    let text = String::from_utf8(csv).expect("UTF-8");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|line| line.splitn(4, ',').collect())
        .collect();
    let mut picker = Lcg(0x5eed);
    let mut lookup_samples = Vec::with_capacity(LOOKUPS);
    for _ in 0..LOOKUPS {
        let barcode = rows[picker.below(rows.len())][1];
        let started = Instant::now();
        let found = find_by_barcode(&database, barcode).expect("lookup");
        lookup_samples.push(started.elapsed());
        assert!(found.is_some(), "every catalog barcode is found");
    }
    let mut search_samples = Vec::with_capacity(SEARCHES);
    for _ in 0..SEARCHES {
        // What a cashier types: the start of two words of a real name, without accents.
        let name = rows[picker.below(rows.len())][2].trim_matches('"');
        let query: String = name
            .split_whitespace()
            .take(2)
            .map(|word| word.chars().take(4).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let started = Instant::now();
        let found = search(
            &database,
            &fold_accents(&query),
            Page {
                offset: 0,
                limit: 20,
            },
        )
        .expect("search");
        search_samples.push(started.elapsed());
        assert!(!found.is_empty(), "{query:?} finds its product");
    }
    report(
        "P2",
        "barcode_lookup_p50_us",
        micros(percentile(&mut lookup_samples, 50.0)),
    );
    report(
        "P2",
        "barcode_lookup_p99_us",
        micros(percentile(&mut lookup_samples, 99.0)),
    );
    report(
        "P2",
        "name_search_p50_us",
        micros(percentile(&mut search_samples, 50.0)),
    );
    report(
        "P2",
        "name_search_p99_us",
        micros(percentile(&mut search_samples, 99.0)),
    );
    customer_search(&database);
}

/// The customer box over `CUSTOMERS` customers added one by one as the counter adds
/// them, searched the three ways cashiers type.
fn customer_search(database: &StoreDatabase) {
    const FIRST: [&str; 12] = [
        "Ana", "Bruno", "Cecília", "Diego", "Érica", "Fábio", "Gabriela", "Heitor", "Íris", "João",
        "Lívia", "Márcio",
    ];
    const LAST: [&str; 10] = [
        "Souza",
        "Araújo",
        "Conceição",
        "Ribeiro",
        "Gonçalves",
        "Lima",
        "Pereira",
        "Rocha",
        "Sá",
        "Teixeira",
    ];
    let mut typed = Vec::with_capacity(CUSTOMERS);
    for index in 0..CUSTOMERS {
        let name = format!(
            "{} {} {index}",
            FIRST[index % FIRST.len()],
            LAST[(index / FIRST.len()) % LAST.len()]
        );
        let phone = format!("11 9{:08}", 10_000_000 + index);
        let document = cpf(100_000_000 + index as u64);
        create_customer(
            database,
            &CustomerDetails {
                name: name.clone(),
                phone: Some(phone.clone()),
                email: None,
                document: Some(document.clone()),
            },
        )
        .expect("customer");
        // What a cashier types: a name's first letters without accents, the phone as
        // said aloud, or the CPF's digits.
        let prefix: String = fold_accents(&name).chars().take(5).collect();
        typed.push([prefix, phone, document]);
    }
    let mut picker = Lcg(0xc0ffee);
    let mut samples = Vec::with_capacity(SEARCHES);
    for round in 0..SEARCHES {
        let query = &typed[picker.below(typed.len())][round % 3];
        let started = Instant::now();
        let found = search_customers(database, query, 20).expect("customer search");
        samples.push(started.elapsed());
        assert!(!found.is_empty(), "{query:?} finds its customer");
    }
    report(
        "P2",
        "customer_search_p50_us",
        micros(percentile(&mut samples, 50.0)),
    );
    report(
        "P2",
        "customer_search_p99_us",
        micros(percentile(&mut samples, 99.0)),
    );
}

/// The CPF with base number `base` (nine digits) and its two check digits.
fn cpf(base: u64) -> String {
    let mut digits: Vec<u32> = format!("{base:09}")
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect();
    for _ in 0..2 {
        let weight_start = digits.len() as u32 + 1;
        let sum: u32 = digits
            .iter()
            .zip((2..=weight_start).rev())
            .map(|(digit, weight)| digit * weight)
            .sum();
        let remainder = sum % 11;
        digits.push(if remainder < 2 { 0 } else { 11 - remainder });
    }
    digits.iter().map(|digit| digit.to_string()).collect()
}

fn fold_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' => 'a',
            'é' | 'ê' => 'e',
            'í' => 'i',
            'ó' | 'ô' | 'õ' => 'o',
            'ú' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// A fixed pseudo-random sequence, so every run looks up the same codes.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound
    }
}

fn percentile(samples: &mut [Duration], percent: f64) -> Duration {
    samples.sort_unstable();
    let rank = ((percent / 100.0) * (samples.len() - 1) as f64).round() as usize;
    samples[rank]
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn report(id: &str, name: &str, value: f64) {
    println!("{id} {name} {value:.2}");
}
