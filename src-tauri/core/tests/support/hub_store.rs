//! A store activated against the real test hub, and what each side holds of its sales:
//! shared by the tests that prove a sale reaches the hub exactly once (hub down, killed
//! store, faulty network).

#![allow(dead_code)] // Each test binary uses its own part of the fixture.

use fflow_core::cash::open_session;
use fflow_core::hub_client::{HubClient, activate};
use fflow_core::sale::complete::complete_sale;
use fflow_core::{CoreError, StoreDatabase};

use crate::hub_process::{TestHub, psql};
use crate::support::{Store, one_kibble, pay, stocked_store};

/// A store in a fresh folder, talking to the hub at `base`.
pub fn fresh_store(base: &str) -> (tempfile::TempDir, StoreDatabase, HubClient) {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open the store database");
    let client = HubClient::new(base, folder.path().to_path_buf(), false).expect("a client");
    (folder, database, client)
}

/// Activates a fresh store with a new code and gives it people, products and an open
/// cash session.
pub async fn selling_store(hub: &TestHub, base: &str) -> (Store, HubClient) {
    let (folder, database, client) = fresh_store(base);
    activate(&client, &database, &hub.activation_code(), "Caixa 1")
        .await
        .expect("the hub activates the store");
    let store = stocked_store(folder, database);
    open_session(&store.database, &store.cashier.id, 10_000).expect("open a session");
    (store, client)
}

/// Sells one bag of kibble for cash.
pub fn sell(store: &Store) -> Result<(), CoreError> {
    complete_sale(&store.database, &one_kibble(store, vec![pay("cash", 1000)])).map(|_| ())
}

/// Sale events the hub holds for the tenant: all of them, and distinct sequence numbers.
pub fn sale_events_at_hub(hub: &TestHub) -> (i64, i64) {
    let counts = psql(
        &hub.database_url,
        "SELECT count(*), count(DISTINCT (epoch, seq)) FROM sync_events \
         WHERE kind = 'sale.completed'",
    );
    let (all, distinct) = counts.split_once('|').expect("two columns");
    (
        all.parse().expect("a count"),
        distinct.parse().expect("a count"),
    )
}

/// (sales, total in cents) as the hub projected them from the pushed events.
pub fn projected_sales_at_hub(hub: &TestHub) -> (i64, i64) {
    let totals = psql(
        &hub.database_url,
        "SELECT count(*), coalesce(sum(total_cents), 0) FROM sales",
    );
    let (sales, total) = totals.split_once('|').expect("two columns");
    (
        sales.parse().expect("a count"),
        total.parse().expect("a sum"),
    )
}

/// (sales, total in cents) as the store committed them.
pub fn sales_in_store(database: &StoreDatabase) -> (i64, i64) {
    database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT count(*), coalesce(sum(total_cents), 0) FROM sales",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("read the store's sales")
}

/// The codes of the sales the hub projected, sorted.
pub fn sale_codes_at_hub(hub: &TestHub) -> Vec<String> {
    let codes = psql(&hub.database_url, "SELECT code FROM sales ORDER BY code");
    codes.lines().map(str::to_owned).collect()
}

/// The codes of the sales the store committed, sorted.
pub fn sale_codes_in_store(database: &StoreDatabase) -> Vec<String> {
    database
        .read(|connection| {
            let mut statement = connection.prepare("SELECT code FROM sales ORDER BY code")?;
            let codes = statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(codes)
        })
        .expect("read the store's sale codes")
}
