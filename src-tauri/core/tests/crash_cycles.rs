//! The store killed with SIGKILL at random moments while it sells and syncs, two hundred
//! times over, against the real hub: every sale it committed reaches the hub exactly
//! once, nothing it did not commit appears there, and its sale numbers stay gap-free.
//! The store process is `examples/crash_drill.rs`, the same core and sync task as the app.

#[path = "support/hub_process.rs"]
mod hub_process;
#[path = "support/hub_store.rs"]
mod hub_store;
#[path = "support/seeded_random.rs"]
mod seeded_random;
mod support;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use fflow_core::StoreDatabase;
use fflow_core::sync::{push_outbox, sync_status};
use hub_process::TestHub;
use hub_store::{
    projected_sales_at_hub, sale_codes_at_hub, sale_codes_in_store, sale_events_at_hub,
    sales_in_store, selling_store,
};
use seeded_random::SeededRandom;
use support::count;

const KILL_CYCLES: usize = 200;
/// A quarter of the kills land this soon after the start: mostly in start-up (opening the
/// database, the first token and heartbeat) or in the first sales.
const EARLY_KILL_MICROS: u64 = 30_000;
/// The others land anywhere up to this: in sales, pushes, pulls and their answers.
const LATEST_KILL_MICROS: u64 = 300_000;

/// Builds the headless counter (once per test run) and answers its path.
fn drill_binary() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let built = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "fflow-core",
            "--features",
            "test-support",
        ])
        .args(["--example", "crash_drill"])
        .status()
        .expect("cargo runs");
    assert!(built.success(), "building the crash_drill example failed");
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    target.join("debug").join("examples").join("crash_drill")
}

/// What one store process was doing when it was killed.
struct KilledRun {
    /// Codes of the sales it reported committed.
    reported: Vec<String>,
}

/// Starts the store on `folder`, kills it at a random moment and collects every sale it
/// had reported by then.
fn run_until_killed(
    drill: &Path,
    folder: &Path,
    hub_url: &str,
    people_and_product: [&str; 2],
    random: &mut SeededRandom,
) -> KilledRun {
    let mut child = Command::new(drill)
        .arg(folder)
        .arg(hub_url)
        .args(people_and_product)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the drill starts");
    // Read all along, so a full pipe never holds the store up.
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let latest = if random.below(4) == 0 {
        EARLY_KILL_MICROS
    } else {
        LATEST_KILL_MICROS
    };
    // Not a wait for something to happen: the kill is meant to land at an arbitrary moment.
    std::thread::sleep(Duration::from_micros(random.below(latest)));
    if let Some(status) = child.try_wait().expect("poll the drill") {
        let mut errors = String::new();
        let _ = child
            .stderr
            .take()
            .expect("piped")
            .read_to_string(&mut errors);
        panic!("the drill stopped on its own ({status}): {errors}");
    }
    child.kill().expect("SIGKILL the drill");
    child.wait().expect("reap the drill");
    let text = reader
        .join()
        .expect("the reader thread")
        .expect("read the drill's output");
    KilledRun {
        reported: text.split_inclusive('\n').filter_map(sold_code).collect(),
    }
}

/// The code in a whole `sold <code>\n` line.
fn sold_code(line: &str) -> Option<String> {
    let code = line.strip_suffix('\n')?.strip_prefix("sold ")?;
    Some(code.to_owned())
}

fn integrity(database: &StoreDatabase) -> String {
    database
        .read(
            |connection| Ok(connection.query_row("PRAGMA integrity_check", [], |row| row.get(0))?),
        )
        .expect("integrity check")
}

/// (lowest, highest, count) of the store's sale numbers.
fn sale_numbers(database: &StoreDatabase) -> (i64, i64, i64) {
    database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT min(number), max(number), count(*) FROM sales",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?)
        })
        .expect("read sale numbers")
}

#[tokio::test]
async fn every_sale_committed_before_a_kill_reaches_the_hub_exactly_once() {
    let drill = drill_binary();
    let mut hub = TestHub::with_seats(1);
    // Every start of the store asks for a device token.
    hub.token_challenges_per_minute = Some(100_000);
    let base = hub.start();
    let (store, client) = selling_store(&hub, &base).await;
    let folder = store.folder.path().to_path_buf();
    let people_and_product = [store.cashier.id.as_str(), store.kibble.as_str()];
    let mut random = SeededRandom::from_environment("crash_cycles");

    let mut reported = BTreeSet::new();
    let mut killed_with_nothing_reported = 0;
    for _ in 0..KILL_CYCLES {
        let run = run_until_killed(&drill, &folder, &base, people_and_product, &mut random);
        if run.reported.is_empty() {
            killed_with_nothing_reported += 1;
        }
        for code in run.reported {
            assert!(reported.insert(code.clone()), "{code} reported twice");
        }
    }
    let (synced_by_killed_stores, _) = projected_sales_at_hub(&hub);
    eprintln!(
        "crash_cycles: {} sales reported, {synced_by_killed_stores} at the hub before the final drain",
        reported.len()
    );
    assert!(
        reported.len() >= KILL_CYCLES && killed_with_nothing_reported > 0,
        "the kills landed both in start-up and in selling: {} sales reported, {killed_with_nothing_reported} runs killed before their first",
        reported.len()
    );

    assert!(
        synced_by_killed_stores > 0,
        "the killed stores synced between kills, not only the final drain"
    );

    // What the last process left in the outbox goes at the store's next start.
    for _ in 0..1_000 {
        if sync_status(&store.database).expect("status").pending_events == 0 {
            break;
        }
        push_outbox(&client, &store.database)
            .await
            .expect("the outbox drains after the last kill");
    }
    let database = &store.database;
    assert_eq!(
        integrity(database),
        "ok",
        "SQLite survived every kill whole"
    );
    assert_eq!(count(database, "outbox WHERE acked_at IS NULL"), 0);

    let in_store = sale_codes_in_store(database);
    let missing: Vec<_> = reported
        .iter()
        .filter(|code| in_store.binary_search(code).is_err())
        .collect();
    assert!(missing.is_empty(), "reported sales lost: {missing:?}");
    let (lowest, highest, sales) = sale_numbers(database);
    assert_eq!(
        (lowest, highest),
        (1, sales),
        "sale numbers are gap-free: a killed sale left no hole"
    );

    assert_eq!(
        sale_codes_at_hub(&hub),
        in_store,
        "the hub holds exactly the store's committed sales"
    );
    assert_eq!(sale_events_at_hub(&hub), (sales, sales), "no event twice");
    assert_eq!(projected_sales_at_hub(&hub), sales_in_store(database));
}
