//! A fault-injecting proxy between the store and the real hub (`support/fault_proxy.rs`):
//! requests dropped, delayed, refused with a 503, answers cut off by a reset, lost after
//! the hub committed, or replaced by a 502. The counter sells throughout; every sale
//! reaches the hub exactly once, and the outbox drains once the network heals.

#[path = "support/fault_proxy.rs"]
mod fault_proxy;
#[path = "support/hub_process.rs"]
mod hub_process;
#[path = "support/hub_store.rs"]
mod hub_store;
#[path = "support/seeded_random.rs"]
mod seeded_random;
mod support;

use std::time::Duration;

use fault_proxy::{FAULT_PATTERN, Fault, FaultProxy};
use fflow_core::hub_client::HubClient;
use fflow_core::sync::{SyncTaskSettings, run_sync, sync_status};
use hub_process::TestHub;
use hub_store::{
    projected_sales_at_hub, sale_codes_at_hub, sale_codes_in_store, sale_events_at_hub,
    sales_in_store, sell, selling_store,
};
use seeded_random::SeededRandom;
use support::count;

const PUSH: &str = "/v1/sync/push";
/// Pushes made while the network is faulty: each fault of the pattern meets a push three
/// times.
const FAULTY_PUSHES: u64 = 3 * FAULT_PATTERN.len() as u64;
const SALES_BETWEEN_PUSHES: usize = 4;

/// Fast, so the test sees many rounds; heartbeats every 200 ms meet the faults too.
const SETTINGS: SyncTaskSettings = SyncTaskSettings {
    poll_interval: Duration::from_millis(10),
    status_check_interval: Duration::from_millis(200),
    first_retry_delay: Duration::from_millis(10),
    longest_retry_delay: Duration::from_millis(100),
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_holds_through_a_faulty_network_and_the_outbox_drains_once_it_heals() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, _) = selling_store(&hub, &base).await;
    let hub_address = hub.listen.parse().expect("the hub's address");
    let random = SeededRandom::from_environment("faulty_network");
    let proxy = FaultProxy::start(hub_address, random).await;
    let client = HubClient::new(&proxy.base_url(), store.folder.path().to_path_buf(), false)
        .expect("a client through the proxy");

    let sell_through_faults_then_heal = async {
        while proxy.requests_to(PUSH) < FAULTY_PUSHES {
            for _ in 0..SALES_BETWEEN_PUSHES {
                sell(&store).expect("the counter sells whatever the network does");
            }
            proxy
                .wait_for_requests_to(PUSH, proxy.requests_to(PUSH) + 1)
                .await;
        }
        proxy.heal();
        // Heartbeats and pulls keep requests coming, so this always wakes up again.
        while sync_status(&store.database).expect("status").pending_events > 0 {
            proxy.wait_for_next_request().await;
        }
    };
    tokio::time::timeout(
        Duration::from_secs(180),
        run_sync(
            &client,
            &store.database,
            &SETTINGS,
            sell_through_faults_then_heal,
        ),
    )
    .await
    .expect("the outbox drains after the faults stop");

    for fault in FAULT_PATTERN
        .into_iter()
        .filter(|fault| *fault != Fault::Pass)
    {
        assert!(
            proxy.injected(PUSH, fault) >= 3,
            "{fault:?} met pushes only {} times",
            proxy.injected(PUSH, fault)
        );
    }
    let database = &store.database;
    let (sales, _) = sales_in_store(database);
    eprintln!(
        "faulty_network: {sales} sales, {} pushes, {} pulls, {} heartbeats through the proxy",
        proxy.requests_to(PUSH),
        proxy.requests_to("/v1/sync/pull"),
        proxy.requests_to("/v1/devices/heartbeat")
    );
    assert!(sales >= FAULTY_PUSHES as i64, "{sales} sales");
    assert_eq!(count(database, "outbox WHERE acked_at IS NULL"), 0);
    assert_eq!(sale_events_at_hub(&hub), (sales, sales), "no event twice");
    assert_eq!(sale_codes_at_hub(&hub), sale_codes_in_store(database));
    assert_eq!(projected_sales_at_hub(&hub), sales_in_store(database));
}
