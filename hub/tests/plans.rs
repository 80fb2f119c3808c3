//! Plans and entitlements against PostgreSQL: an operator defines plans, a tenant is put on
//! one (audited), and its entitlements are the plan changed by its overrides.

mod common;

use common::{owner_pool, runtime_pool, two_tenants};
use fflow_hub::audit::ActorKind;
use fflow_hub::plans::{
    BillingCycle, NewPlan, PlanError, PlanLimits, assign_plan, create_plan, tenant_entitlements,
};
use fflow_hub::tenancy::begin_for_tenant;
use fflow_protocol::license::Entitlements;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn pro_plan() -> NewPlan {
    NewPlan {
        code: "pro-monthly".to_owned(),
        name: "Pro".to_owned(),
        price_cents: 19_990,
        billing_cycle: BillingCycle::Monthly,
        limits: PlanLimits {
            max_devices: 2,
            max_users: 5,
            max_products: 10_000,
            features: vec!["sales".to_owned(), "stock".to_owned()],
        },
    }
}

#[sqlx::test]
async fn a_tenants_entitlements_are_its_plan_changed_by_its_overrides(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let owner = owner_pool(&connect_options).await;
    let runtime = runtime_pool(&connect_options).await;
    create_plan(&owner, &pro_plan()).await.expect("create plan");
    // The fixture gives each tenant an override of max_devices = 5.
    let (a, _) = two_tenants(&runtime).await;

    let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
    assert_eq!(
        tenant_entitlements(&mut transaction, a)
            .await
            .expect("read"),
        None,
        "a tenant on no plan is entitled to nothing"
    );
    assign_plan(
        &mut transaction,
        a,
        "pro-monthly",
        ActorKind::Support,
        "support:maria",
        Some("ticket 77: upgrade requested by the owner"),
    )
    .await
    .expect("assign plan");
    sqlx::query(
        "UPDATE tenant_entitlement_overrides
         SET features_granted = '{grooming}', features_revoked = '{stock}'",
    )
    .execute(&mut *transaction)
    .await
    .expect("change overrides");
    let entitlements = tenant_entitlements(&mut transaction, a)
        .await
        .expect("read");
    assert_eq!(
        entitlements,
        Some(Entitlements {
            features: vec!["grooming".to_owned(), "sales".to_owned()],
            max_users: 5,
            max_products: 10_000,
            max_devices: 5,
        }),
        "the license must carry the plan as changed for this tenant, no more, no less"
    );
    let (before, after): (serde_json::Value, serde_json::Value) =
        sqlx::query_as("SELECT before, after FROM audit_log WHERE action = 'tenant.plan_change'")
            .fetch_one(&mut *transaction)
            .await
            .expect("the plan change was audited");
    assert_eq!(
        (before, after),
        (
            serde_json::json!({"plan": null}),
            serde_json::json!({"plan": "pro-monthly"})
        ),
        "a plan change records the plan before and after"
    );
}

#[sqlx::test]
async fn unknown_plans_and_duplicate_codes_are_refused(
    _: PgPoolOptions,
    connect_options: PgConnectOptions,
) {
    let owner = owner_pool(&connect_options).await;
    let runtime = runtime_pool(&connect_options).await;
    create_plan(&owner, &pro_plan()).await.expect("create plan");
    assert!(
        matches!(
            create_plan(&owner, &pro_plan()).await,
            Err(PlanError::CodeTaken(code)) if code == "pro-monthly"
        ),
        "licenses name plans by code, so a code names one plan"
    );
    let (a, _) = two_tenants(&runtime).await;
    let mut transaction = begin_for_tenant(&runtime, a).await.expect("begin");
    assert!(
        matches!(
            assign_plan(&mut transaction, a, "platinum", ActorKind::Operator, "cli", None).await,
            Err(PlanError::UnknownPlan(code)) if code == "platinum"
        ),
        "a typo in a plan code must not leave the tenant on no plan"
    );
}
