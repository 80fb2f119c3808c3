//! The serving hub's scheduled pruning, as the runtime role: every tenant's commands older
//! than the retention go, newer ones stay, each tenant's pruning point is recorded, and
//! the cross-tenant lookup it needs reveals no command to the runtime role.

mod common;

use common::runtime_pool;
use common::two_tenants;
use fflow_hub::feed_retention::{PruneReport, prune_all_tenants};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test]
async fn a_pass_prunes_every_tenants_old_commands_and_keeps_the_new(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    let owner = common::owner_pool(&connect_options).await;
    let (alpha, beta) = two_tenants(&runtime).await;
    let per_tenant: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sync_commands WHERE tenant_id = $1")
            .bind(alpha.0)
            .fetch_one(&owner)
            .await
            .expect("count");
    assert!(per_tenant >= 2, "the fixture writes commands");
    // Each tenant's first command is two days old, the rest are new.
    sqlx::query("UPDATE sync_commands SET created_at = now() - interval '2 days' WHERE cursor = 1")
        .execute(&owner)
        .await
        .expect("age commands");

    let report = prune_all_tenants(&runtime, 86_400).await.expect("prune");
    assert_eq!(
        report,
        PruneReport {
            tenants: 2,
            commands: 2
        }
    );
    for tenant in [alpha, beta] {
        let (kept, oldest, pruned_through): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM sync_commands WHERE tenant_id = $1),
                    (SELECT min(cursor) FROM sync_commands WHERE tenant_id = $1),
                    (SELECT pruned_through FROM command_cursors WHERE tenant_id = $1)",
        )
        .bind(tenant.0)
        .fetch_one(&owner)
        .await
        .expect("read the feed");
        assert_eq!(
            (kept, oldest, pruned_through),
            (per_tenant - 1, 2, 1),
            "{tenant}: only the old command went, and the feed says so"
        );
    }
    assert_eq!(
        prune_all_tenants(&runtime, 86_400).await.expect("prune"),
        PruneReport::default(),
        "a second pass finds nothing"
    );
}

#[sqlx::test]
async fn the_runtime_role_cannot_use_the_lookup_setting_to_read_commands(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let runtime = runtime_pool(&connect_options).await;
    two_tenants(&runtime).await;
    let mut transaction = runtime.begin().await.expect("begin");
    sqlx::query("SELECT set_config('app.retention_lookup', 'on', true)")
        .execute(&mut *transaction)
        .await
        .expect("set");
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_commands")
        .fetch_one(&mut *transaction)
        .await
        .expect("count");
    assert_eq!(
        seen, 0,
        "the lookup policy is the owner's, not the runtime role's"
    );
}
