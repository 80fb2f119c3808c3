//! A headless counter for the crash test (`tests/crash_cycles.rs`): it sells one bag after
//! another as fast as it can and runs the background sync task beside it, exactly as the
//! app does, until it is killed. After each sale has committed it prints `sold <code>`,
//! so the test knows which sales the store promised and can kill it at any moment.
//!
//! Usage: `crash_drill <data folder> <hub base URL> <cashier id> <product id>`; the store
//! in the data folder must already be activated, stocked and have an open cash session.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use fflow_core::StoreDatabase;
use fflow_core::hub_client::HubClient;
use fflow_core::sale::complete::{CartLine, PaymentEntry, SaleRequest, complete_sale};
use fflow_core::sync::{SyncTaskSettings, run_sync};

/// The sync task's pace: fast, so kills land in pushes and pulls as often as in sales.
const SYNC_SETTINGS: SyncTaskSettings = SyncTaskSettings {
    poll_interval: Duration::from_millis(5),
    status_check_interval: Duration::from_secs(600),
    first_retry_delay: Duration::from_millis(20),
    longest_retry_delay: Duration::from_millis(200),
};

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [folder, hub_url, cashier_id, product_id] = arguments.as_slice() else {
        eprintln!("usage: crash_drill <data folder> <hub base URL> <cashier id> <product id>");
        std::process::exit(2);
    };
    let folder = PathBuf::from(folder);
    let database = StoreDatabase::open_in(&folder).unwrap_or_else(|error| fail("open", &error));
    let client = HubClient::new(hub_url, folder, false).unwrap_or_else(|error| fail("hub", &error));
    let request = SaleRequest {
        cashier_id: cashier_id.clone(),
        customer_id: None,
        lines: vec![CartLine {
            product_id: product_id.clone(),
            quantity_milli: 1000,
            discount: None,
            unit_price_override_cents: None,
        }],
        order_discount: None,
        payments: vec![PaymentEntry {
            method_code: "cash".to_owned(),
            amount_cents: 1000,
        }],
        approval: None,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|error| fail("runtime", &error));
    std::thread::scope(|scope| {
        scope.spawn(|| sell_forever(&database, &request));
        runtime.block_on(run_sync(
            &client,
            &database,
            &SYNC_SETTINGS,
            std::future::pending(),
        ));
    });
}

fn sell_forever(database: &StoreDatabase, request: &SaleRequest) -> ! {
    let mut stdout = std::io::stdout().lock();
    loop {
        let sale = complete_sale(database, request).unwrap_or_else(|error| fail("sell", &error));
        // The line leaves only after the commit returned: every code printed is a sale
        // the store promised to keep.
        writeln!(stdout, "sold {}", sale.code)
            .and_then(|()| stdout.flush())
            .unwrap_or_else(|error| fail("print", &error));
    }
}

fn fail(step: &str, error: &dyn std::fmt::Display) -> ! {
    eprintln!("crash_drill: {step}: {error}");
    std::process::exit(1);
}
