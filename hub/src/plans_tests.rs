//! Table tests of how a plan and a tenant's overrides combine into entitlements.

use super::*;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn plan() -> PlanLimits {
    PlanLimits {
        max_devices: 2,
        max_users: 5,
        max_products: 10_000,
        features: strings(&["sales", "stock"]),
    }
}

fn check(overrides: EntitlementOverrides, expected: (u32, u32, u32, &[&str]), why: &str) {
    let got = entitlements_of(&plan(), &overrides);
    assert_eq!(
        (
            got.max_devices,
            got.max_users,
            got.max_products,
            got.features
        ),
        (expected.0, expected.1, expected.2, strings(expected.3)),
        "{why}"
    );
}

#[test]
fn overrides_change_the_plan_field_by_field() {
    check(
        EntitlementOverrides::default(),
        (2, 5, 10_000, &["sales", "stock"]),
        "no overrides: exactly the plan",
    );
    check(
        EntitlementOverrides {
            max_devices: Some(4),
            ..Default::default()
        },
        (4, 5, 10_000, &["sales", "stock"]),
        "an extra device for one tenant leaves the other limits alone",
    );
    check(
        EntitlementOverrides {
            max_products: Some(1),
            max_users: Some(1),
            ..Default::default()
        },
        (2, 1, 1, &["sales", "stock"]),
        "an override may lower a limit too",
    );
    check(
        EntitlementOverrides {
            features_granted: strings(&["grooming", "sales"]),
            ..Default::default()
        },
        (2, 5, 10_000, &["grooming", "sales", "stock"]),
        "a granted feature is added once, in a stable order",
    );
    check(
        EntitlementOverrides {
            features_granted: strings(&["grooming"]),
            features_revoked: strings(&["grooming", "stock"]),
            ..Default::default()
        },
        (2, 5, 10_000, &["sales"]),
        "a revocation wins over the plan and over a grant",
    );
}
