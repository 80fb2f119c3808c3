//! P3 and P7: how fast the real app reaches a sale screen ready for a scan with the
//! 200,000-product catalog, and how much memory the app (shell and WebKit processes)
//! holds once idle. Run through `scripts/bench P3 P7`, under Xvfb, against the app built
//! in the `bench-app` profile (release with debug assertions, so the seeded store's test
//! license is trusted as in the window tests).
//!
//! Cold start is timed from the moment WebKitWebDriver is asked to start the app to the
//! moment the scan field holds the focus after the cashier's PIN was typed: it includes
//! the sign-in round trip and every WebDriver round trip, so it is an upper bound of what
//! a cashier waits. The page cache is warm after the first run; the median of the runs
//! and the slowest are both printed.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use fflow_core::StoreDatabase;
use fflow_core::catalog::csv_import::import_products_csv;
use support::seed::seed_store;
use support::webdriver::{AppWindow, ENTER};

const COLD_START_RUNS: usize = 5;
const COLD_START_GOAL_MS: f64 = 1_500.0;
const IDLE_RSS_GOAL_MB: f64 = 200.0;
/// How long the app is left alone before its memory is read, and how often it is read.
const IDLE_SETTLE: Duration = Duration::from_secs(10);
const IDLE_SAMPLE_EVERY: Duration = Duration::from_millis(500);
const READY_LIMIT: Duration = Duration::from_secs(60);

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|argument| !argument.starts_with("--"))
        .collect();
    let runs = |id: &str| wanted.is_empty() || wanted.iter().any(|w| w == id);
    if !runs("P3") && !runs("P7") {
        return;
    }
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    import_catalog(data_folder.path());
    let data_path = data_folder.path().to_str().expect("temp paths are UTF-8");
    let environment = [
        ("FFLOW_DATA_DIR", data_path),
        ("FFLOW_HUB_URL", ""),
        (
            "FFLOW_DEV_LICENSE_PUBLIC_KEYS",
            store.trusted_license_keys.as_str(),
        ),
    ];

    let mut starts = Vec::new();
    let mut idle = None;
    let measured_runs = if runs("P3") { COLD_START_RUNS } else { 1 };
    for run in 0..measured_runs {
        let window = AppWindow::launch(Path::new(env!("CARGO_BIN_EXE_fflow")), &environment);
        starts.push(ready_for_a_scan(
            &window,
            store.cashier_name,
            store.cashier_pin,
        ));
        if run == 0 && runs("P7") {
            idle = Some(idle_memory(window.process_group()));
        }
    }
    if runs("P3") {
        starts.sort_by(f64::total_cmp);
        let median = starts[starts.len() / 2];
        let slowest = starts[starts.len() - 1];
        report("P3", "cold_start_ms", median);
        report("P3", "cold_start_slowest_ms", slowest);
        report("P3", "cold_start_goal_ms", COLD_START_GOAL_MS);
        report("P3", "cold_start_over_goal", median / COLD_START_GOAL_MS);
    }
    if let Some(memory) = idle {
        report("P7", "idle_rss_mb", memory.rss_mb);
        report("P7", "idle_pss_mb", memory.pss_mb);
        report("P7", "idle_processes", memory.processes as f64);
        report("P7", "idle_rss_goal_mb", IDLE_RSS_GOAL_MB);
        report("P7", "idle_rss_over_goal", memory.rss_mb / IDLE_RSS_GOAL_MB);
    }
}

/// Fills the seeded store with the shared 200,000-product catalog.
fn import_catalog(data_folder: &Path) {
    let csv_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/catalog-200k.csv.gz");
    let file = std::fs::File::open(&csv_path)
        .unwrap_or_else(|error| panic!("{}: {error}", csv_path.display()));
    let mut csv = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut csv)
        .expect("the catalog decompresses");
    let database = StoreDatabase::open_in(data_folder).expect("open the seeded store");
    let report = import_products_csv(&database, csv.as_slice(), false, None, &mut |_| {})
        .expect("the catalog imports");
    assert!(
        report.imported >= 200_000,
        "the catalog holds 200,000 products, {} imported",
        report.imported
    );
}

/// Signs the cashier in and answers the milliseconds from the app's start to the scan
/// field holding the focus.
fn ready_for_a_scan(window: &AppWindow, cashier: &str, pin: &str) -> f64 {
    window.click(&format!("[data-testid='user-{cashier}']"));
    window.type_into("[data-testid=pin]", &format!("{pin}{ENTER}"));
    let deadline = Instant::now() + READY_LIMIT;
    while window.focused_testid().as_deref() != Some("scan") {
        assert!(
            Instant::now() < deadline,
            "the scan field never took the focus"
        );
    }
    window.app_started_at.elapsed().as_secs_f64() * 1_000.0
}

struct IdleMemory {
    rss_mb: f64,
    pss_mb: f64,
    processes: usize,
}

/// Leaves the app idle, then reads the resident memory of every app process in the
/// driver's process group (the shell and its WebKit helpers; the drivers themselves are
/// test tools and left out). RSS counts shared pages once per process, so it is the
/// upper bound; PSS shares them out.
fn idle_memory(group: u32) -> IdleMemory {
    let settled_at = Instant::now() + IDLE_SETTLE;
    let mut last = app_memory(group);
    while Instant::now() < settled_at {
        std::thread::sleep(IDLE_SAMPLE_EVERY);
        last = app_memory(group);
    }
    last
}

fn app_memory(group: u32) -> IdleMemory {
    let mut memory = IdleMemory {
        rss_mb: 0.0,
        pss_mb: 0.0,
        processes: 0,
    };
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The command name is in parentheses and may hold spaces; fields follow it.
        let Some((name, fields)) = stat.split_once(") ") else {
            continue;
        };
        let command = name.rsplit_once('(').map_or("", |(_, command)| command);
        let process_group = fields
            .split_whitespace()
            .nth(2)
            .and_then(|g| g.parse().ok());
        if process_group != Some(group)
            || command.contains("tauri-driver")
            || command.contains("WebKitWebDrive")
        {
            continue;
        }
        memory.rss_mb += kilobytes(&format!("/proc/{pid}/status"), "VmRSS:") / 1024.0;
        memory.pss_mb += kilobytes(&format!("/proc/{pid}/smaps_rollup"), "Pss:") / 1024.0;
        memory.processes += 1;
    }
    memory
}

fn kilobytes(path: &str, field: &str) -> f64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix(field))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|value| value.parse().ok())
        })
        .unwrap_or(0.0)
}

fn report(id: &str, name: &str, value: f64) {
    println!("{id} {name} {value:.1}");
}
