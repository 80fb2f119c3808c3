//! Activation in the real window against the real hub: a tenant with a plan and an
//! activation code are made with the hub's operator CLI, the app starts on a store with no
//! people and no license, the owner is created, signs in, is asked for the code and
//! activates; a sale made after that reaches the hub's `sync_events` through the shell's
//! background sync task. Screenshots: `target/e2e/activation_NN_<step>.png`.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use fflow_core::StoreDatabase;
use fflow_core::catalog::Unit;
use fflow_core::catalog::products::{NewProduct, create_product};
use fflow_core::licensing::test_support::test_license_public_key_entry;
use support::counter::sell_for_cash;
use support::hub::{HubDatabase, psql};
use support::webdriver::{AppWindow, ENTER, F10};

const BARCODE: &str = "7891000100103";
/// How long the sale may take to reach the hub: the task polls every 2 s.
const SYNC_DEADLINE: Duration = Duration::from_secs(60);

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

#[test]
fn an_owner_activates_through_the_window_and_the_sale_reaches_the_hub() {
    let hub = HubDatabase::create();
    let tenant_id = hub.operator(
        &[
            "tenant",
            "create",
            "--name",
            "Pet Shop Ativação",
            "--cnpj",
            "11.222.333/0001-81",
            "--owner-email",
            "dona@ativacao.example",
            "--owner-password-stdin",
            "--test",
        ],
        Some("a long owner password"),
    );
    hub.operator(
        &[
            "plan",
            "create",
            "--code",
            "pro",
            "--name",
            "Pro",
            "--price-cents",
            "14990",
            "--cycle",
            "monthly",
            "--max-devices",
            "2",
            "--max-users",
            "10",
            "--max-products",
            "100",
        ],
        None,
    );
    hub.operator(
        &[
            "tenant", "set-plan", "--tenant", &tenant_id, "--plan", "pro",
        ],
        None,
    );
    let code = hub.operator(&["activation-code", "create", "--tenant", &tenant_id], None);
    let (_server, hub_url) = hub.serve();

    let data_folder = tempfile::tempdir().expect("temp dir");
    seed_one_product(data_folder.path());
    let data_path = data_folder.path().to_str().expect("temp paths are UTF-8");
    let trusted_keys = test_license_public_key_entry();
    let window = AppWindow::launch(
        app_binary(),
        &[
            ("FFLOW_DATA_DIR", data_path),
            ("FFLOW_HUB_URL", &hub_url),
            ("FFLOW_DEV_LICENSE_PUBLIC_KEYS", &trusted_keys),
            ("FFLOW_ACTIVATION_CODE", ""),
        ],
    );

    window.type_into("[data-testid=owner-name]", "Carla Souza");
    window.type_into("[data-testid=owner-pin]", "2468");
    window.type_into("[data-testid=owner-pin-again]", "2468");
    window.click("[data-testid=create-owner]");
    window.type_into("[data-testid=pin]", &format!("2468{ENTER}"));

    // Signed in as the owner of a counter that is not activated: the dialog asks at once.
    window.text_of("[data-testid=activation-dialog]");
    assert_eq!(
        window
            .settled_attribute("[data-testid=license-status]", "data-state", "checking")
            .as_deref(),
        Some("not_activated")
    );
    window.type_into("[data-testid=activation-code]", "NOT-A-REAL-CODE");
    window.click("[data-testid=activation-submit]");
    assert_eq!(
        window
            .attribute_of(
                "[data-testid=activation-dialog] [data-testid=error]",
                "data-code"
            )
            .as_deref(),
        Some("activation_code_invalid"),
        "a wrong code is refused by the hub with its code, and the store stays unactivated"
    );
    window.screenshot("activation_01_wrong_code");
    window.clear("[data-testid=activation-code]");
    window.type_into("[data-testid=activation-code]", &code);
    window.screenshot("activation_02_code_typed");
    window.click("[data-testid=activation-submit]");
    assert!(
        window.gone("[data-testid=activation-dialog]"),
        "the dialog closes once the hub activated the counter"
    );
    assert_eq!(
        window
            .attribute_of("[data-testid=license-status]", "data-state")
            .as_deref(),
        Some("active"),
        "the license the hub signed is installed and judged active"
    );
    window.screenshot("activation_03_activated");

    // A sale: open the cash session, scan, pay cash. The scan field has the focus back.
    assert_eq!(
        window.type_into_focused(F10).as_deref(),
        Some("scan"),
        "closing the activation dialog gives the focus back to the scan field"
    );
    window.type_into("[data-testid=opening-float]", &format!("100,00{ENTER}"));
    assert!(window.gone("[data-testid=cash-dialog]"));
    sell_for_cash(&window, BARCODE);
    window.click("[data-testid=new-sale]");

    let received = wait_for_sale_on_hub(&hub.url, &tenant_id);
    assert_eq!(
        received, 1,
        "the sale's event must reach the hub's sync_events for this tenant, once"
    );
    // The details dialog, one click away, shows the push that just happened.
    window.click("[data-testid=sync-status]");
    window.text_when("[data-testid=details-last-success]", |text| {
        text != "nunca" && !text.is_empty()
    });
    window.text_of("[data-testid=license-checks]");
    // "Check now" asks the hub at once; the check joins the log as an on-demand one.
    window.click("[data-testid=check-now]");
    let checks = window.text_when("[data-testid=license-checks]", |text| {
        text.contains("manual")
    });
    assert!(
        checks.contains("manual"),
        "the on-demand check is logged and listed: {checks}"
    );
    window.screenshot("activation_04_sync_details");
}

/// Polls the hub's database until the sale event is there or the deadline passes; the
/// push is the background task's, so there is no moment the test could wait for instead.
fn wait_for_sale_on_hub(hub_url: &str, tenant_id: &str) -> u32 {
    let deadline = Instant::now() + SYNC_DEADLINE;
    loop {
        let count: u32 = psql(
            hub_url,
            &format!(
                "SELECT count(*) FROM sync_events WHERE tenant_id = '{tenant_id}' AND kind = 'sale.completed'"
            ),
        )
        .parse()
        .expect("a count");
        if count > 0 || Instant::now() > deadline {
            return count;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// One product, so a sale can be made; no people and no license, as a new store has.
fn seed_one_product(data_folder: &Path) {
    let database = StoreDatabase::open_in(data_folder).expect("open the store database");
    create_product(
        &database,
        &NewProduct {
            sku: "RAC-001".to_owned(),
            name: "Ração Premium Cães 1kg".to_owned(),
            category: Some("Pet".to_owned()),
            brand: None,
            unit: Unit::Each,
            price_cents: 4990,
            cost_cents: 2495,
            tax_rate_basis_points: 0,
            tax_included: true,
            sold_by_weight: false,
            min_stock_milli: 0,
            barcodes: vec![BARCODE.to_owned()],
        },
        None,
    )
    .expect("seed a product");
}
