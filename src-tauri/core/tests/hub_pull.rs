//! The store pulling the hub's commands, against the real hub binary on a real
//! PostgreSQL: master data the owner changes on the hub reaches the store once, a command
//! the store cannot apply is quarantined while the next one applies, a store too far
//! behind the pruned feed (or ahead of it) starts again from the snapshot, and the background task pulls
//! on its own.

// Each test binary uses its own part of the real-hub fixture.
#[path = "support/hub_process.rs"]
mod hub_process;
mod support;

use std::time::Duration;

use fflow_core::StoreDatabase;
use fflow_core::hub_client::{HubClient, activate};
use fflow_core::sync::{
    SyncTaskSettings, pull_commands, quarantined_commands, run_sync, sync_status,
};
use fflow_protocol::auth::SessionTokens;
use hub_process::{TestHub, psql};
use serde_json::json;
use support::{Store, command_cursor, count, hub_command_effects, stocked_store};

/// The password `TestHub` gives the tenant's owner.
const OWNER_PASSWORD: &str = "a long owner password";

/// An activated store with the fixture's products (SKU-1 at R$ 10,00, SKU-2).
async fn linked_store(hub: &TestHub, base: &str) -> (Store, HubClient) {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open the store database");
    let client = HubClient::new(base, folder.path().to_path_buf(), false).expect("a client");
    activate(&client, &database, &hub.activation_code(), "Caixa 1")
        .await
        .expect("the hub activates the store");
    (stocked_store(folder, database), client)
}

/// The tenant's owner, signed in on the hub: changes master data through its API.
struct Owner {
    base: String,
    access_token: String,
    http: reqwest::Client,
}

impl Owner {
    async fn sign_in(hub: &TestHub, base: &str) -> Owner {
        // `TestHub` makes a test tenant, and only live tenants sign in by CNPJ.
        psql(&hub.database_url, "UPDATE tenants SET mode = 'live'");
        let http = reqwest::Client::new();
        let tokens: SessionTokens = http
            .post(format!("{base}/v1/auth/sign-in"))
            .json(&json!({
                "tenant": "11222333000181",
                "email": "dona@alfa.example",
                "password": OWNER_PASSWORD,
            }))
            .send()
            .await
            .expect("the hub answers")
            .json()
            .await
            .expect("session tokens");
        Owner {
            base: base.to_owned(),
            access_token: tokens.access_token,
            http,
        }
    }

    async fn put(&self, path: &str, body: serde_json::Value) {
        let answer = self
            .http
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.access_token)
            .json(&body)
            .send()
            .await
            .expect("the hub answers");
        assert_eq!(
            answer.status(),
            200,
            "PUT {path}: {:?}",
            answer.text().await
        );
    }

    async fn set_payment_method(&self, code: &str, label: &str) {
        self.put(
            &format!("/v1/payment-methods/{code}"),
            json!({"label": label, "kind": "pix", "active": true, "position": 4}),
        )
        .await;
    }

    async fn set_price(&self, sku: &str, price_cents: i64) {
        self.put(
            &format!("/v1/products/{sku}/price"),
            json!({ "price_cents": price_cents }),
        )
        .await;
    }
}

fn label_of(database: &StoreDatabase, code: &str) -> String {
    database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT label FROM payment_methods WHERE code = ?1",
                [code],
                |row| row.get(0),
            )?)
        })
        .expect("a payment method")
}

fn price_of(database: &StoreDatabase, sku: &str) -> i64 {
    database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT price_cents FROM products WHERE sku = ?1",
                [sku],
                |row| row.get(0),
            )?)
        })
        .expect("a product")
}

/// The cursor the hub recorded as acknowledged by the tenant's only device.
fn acked_at_hub(hub: &TestHub) -> i64 {
    psql(&hub.database_url, "SELECT acked_cursor FROM devices")
        .parse()
        .expect("a cursor")
}

#[tokio::test]
async fn a_payment_method_changed_on_the_hub_reaches_the_store_once_even_when_delivered_twice() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = linked_store(&hub, &base).await;
    let owner = Owner::sign_in(&hub, &base).await;
    owner.set_payment_method("pix", "PIX Alfa").await;

    let first = pull_commands(&client, &store.database)
        .await
        .expect("the pull applies the command");
    assert_eq!((first.applied, first.duplicates), (1, 0), "{first:?}");
    assert_eq!(label_of(&store.database, "pix"), "PIX Alfa");
    assert_eq!(hub_command_effects(&store.database), (1, 1));
    assert_eq!(
        acked_at_hub(&hub),
        command_cursor(&store.database),
        "the store acknowledges what it applied"
    );

    // The cursor is lost (a restored backup, say): the hub delivers the command again.
    store
        .database
        .write(|transaction| Ok(transaction.execute("DELETE FROM sync_state", [])?))
        .expect("forget the cursor");
    let again = pull_commands(&client, &store.database)
        .await
        .expect("the second delivery is accepted");
    assert_eq!(
        (again.applied, again.duplicates),
        (0, 1),
        "the inbox recognizes the command: {again:?}"
    );
    assert_eq!(
        hub_command_effects(&store.database),
        (1, 1),
        "the change took effect once: one audit row"
    );

    let status = sync_status(&store.database).expect("status");
    assert!(
        status.last_pull_success_at.is_some() && status.last_pull_error.is_none(),
        "{status:?}"
    );
    hub.stop();
    let error = pull_commands(&client, &store.database)
        .await
        .expect_err("nobody answers");
    assert_eq!(error.code(), "hub_unreachable");
    let status = sync_status(&store.database).expect("status");
    assert!(
        status
            .last_pull_error
            .as_deref()
            .is_some_and(|error| error.starts_with("hub_unreachable")),
        "the UI is told why the pull failed: {status:?}"
    );
}

#[tokio::test]
async fn a_command_the_store_cannot_apply_is_quarantined_and_the_next_one_applies() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = linked_store(&hub, &base).await;
    let owner = Owner::sign_in(&hub, &base).await;
    owner.set_price("NOT-SOLD-HERE", 500).await;
    // A payload the store cannot read, written into the feed as a faulty hub would.
    psql(
        &hub.database_url,
        &format!(
            "WITH taken AS (
                 INSERT INTO command_cursors AS c (tenant_id, last_cursor) VALUES ('{tenant}', 1)
                 ON CONFLICT (tenant_id) DO UPDATE SET last_cursor = c.last_cursor + 1
                 RETURNING last_cursor)
             INSERT INTO sync_commands (tenant_id, cursor, id, kind, payload)
             SELECT '{tenant}', last_cursor, gen_random_uuid(), 'payment_method.upserted',
                    '{{\"code\": 5}}'::jsonb
             FROM taken",
            tenant = hub.tenant_id
        ),
    );
    owner.set_price("SKU-1", 1290).await;

    let report = pull_commands(&client, &store.database)
        .await
        .expect("one bad command does not fail the pull");
    assert_eq!((report.applied, report.quarantined), (1, 2), "{report:?}");
    assert_eq!(
        price_of(&store.database, "SKU-1"),
        1290,
        "the command after the bad ones is applied"
    );
    let quarantined = quarantined_commands(&store.database).expect("the quarantine");
    let reasons: Vec<(i64, &str)> = quarantined
        .iter()
        .map(|command| (command.cursor, command.reason_code.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![(1, "unknown_sku"), (2, "invalid_payload")],
        "each is kept with its reason"
    );
    assert_eq!(
        sync_status(&store.database)
            .expect("status")
            .quarantined_commands,
        2
    );
    assert_eq!(
        command_cursor(&store.database),
        3,
        "the cursor moves past them"
    );
    assert_eq!(acked_at_hub(&hub), 3);
}

#[tokio::test]
async fn a_store_behind_the_pruned_feed_or_ahead_of_it_starts_again_from_the_snapshot() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = linked_store(&hub, &base).await;
    let owner = Owner::sign_in(&hub, &base).await;
    owner.set_price("SKU-1", 1100).await;
    pull_commands(&client, &store.database)
        .await
        .expect("the first change arrives");
    assert_eq!(command_cursor(&store.database), 1);

    // While the store is away, the owner changes more and the hub prunes those commands.
    owner.set_price("SKU-2", 4490).await;
    owner.set_payment_method("pix", "PIX da Loja").await;
    psql(
        &hub.database_url,
        "UPDATE sync_commands SET created_at = now() - interval '3 days'",
    );
    hub.operator(
        &[
            "commands",
            "prune",
            "--tenant",
            &hub.tenant_id,
            "--older-than-days",
            "1",
        ],
        None,
    );

    let report = pull_commands(&client, &store.database)
        .await
        .expect("the snapshot replaces the pruned commands");
    assert_eq!(report.snapshots_applied, 1, "{report:?}");
    assert_eq!(price_of(&store.database, "SKU-2"), 4490);
    assert_eq!(price_of(&store.database, "SKU-1"), 1100);
    assert_eq!(label_of(&store.database, "pix"), "PIX da Loja");
    assert_eq!(
        command_cursor(&store.database),
        3,
        "the store continues from the snapshot's cursor"
    );

    owner.set_price("SKU-1", 1200).await;
    let report = pull_commands(&client, &store.database)
        .await
        .expect("pulls after the snapshot");
    assert_eq!(
        (report.applied, report.snapshots_applied),
        (1, 0),
        "{report:?}"
    );
    assert_eq!(price_of(&store.database, "SKU-1"), 1200);

    // A cursor the hub never handed out (a hub restored from a backup): the snapshot
    // brings the store back to the hub's numbering.
    store
        .database
        .write(|transaction| Ok(transaction.execute("UPDATE sync_state SET value = '999'", [])?))
        .expect("a cursor from another feed");
    let report = pull_commands(&client, &store.database)
        .await
        .expect("the snapshot mends a cursor ahead of the hub");
    assert_eq!(report.snapshots_applied, 1, "{report:?}");
    assert_eq!(command_cursor(&store.database), 4);
}

#[tokio::test]
async fn the_background_task_pulls_hub_changes_on_its_own() {
    let mut hub = TestHub::with_seats(1);
    let base = hub.start();
    let (store, client) = linked_store(&hub, &base).await;
    Owner::sign_in(&hub, &base)
        .await
        .set_payment_method("pix", "PIX pelo hub")
        .await;
    let settings = SyncTaskSettings {
        poll_interval: Duration::from_millis(50),
        status_check_interval: Duration::from_secs(600),
        first_retry_delay: Duration::from_millis(100),
        longest_retry_delay: Duration::from_secs(1),
    };
    let applied = async {
        while label_of(&store.database, "pix") != "PIX pelo hub" {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(
        Duration::from_secs(60),
        run_sync(&client, &store.database, &settings, applied),
    )
    .await
    .expect("the task pulls the change without being asked");
    assert_eq!(count(&store.database, "inbox"), 1);
}
