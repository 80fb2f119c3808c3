//! The first run of a counter in the real window: with no till user, the setup screen
//! creates the owner, who signs in with the PIN just chosen; the status bar switches the
//! language and the theme; the owner adds a cashier, sets the lock delay and the store's
//! data for receipts and PIX; the counter locks and unlocks with the PIN; "switch
//! cashier" goes back to sign-in, where the new cashier is listed. Screenshots: `target/e2e/counter_setup_NN_<step>.png`.

mod support;

use std::path::Path;

use fflow_core::StoreDatabase;
use fflow_core::store_profile::store_profile;
use support::webdriver::{AppWindow, ENTER, ESCAPE, F12};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

#[test]
fn the_first_owner_is_created_signs_in_and_locks_the_counter() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let data_path = data_folder.path().to_str().expect("temp paths are UTF-8");
    let window = AppWindow::launch(
        app_binary(),
        &[("FFLOW_DATA_DIR", data_path), ("FFLOW_HUB_URL", "")],
    );

    window.type_into("[data-testid=owner-name]", "Carla Souza");
    window.type_into("[data-testid=owner-pin]", "2468");
    window.type_into("[data-testid=owner-pin-again]", "2469");
    window.click("[data-testid=create-owner]");
    assert_eq!(
        window
            .attribute_of("[data-testid=error]", "data-code")
            .as_deref(),
        Some("pins_differ"),
        "two different PINs create nobody"
    );
    window.clear("[data-testid=owner-pin-again]");
    window.type_into("[data-testid=owner-pin-again]", "2468");
    window.screenshot("counter_setup_01_first_run");
    window.click("[data-testid=create-owner]");

    // The only user is already chosen; the PIN signs her in.
    window.type_into("[data-testid=pin]", &format!("2468{ENTER}"));
    assert_eq!(
        window.text_of("[data-testid=signed-in-user]"),
        "Operador: Carla Souza"
    );

    // English and the dark theme, from the status bar.
    window.click("[data-testid=language] option[value='en']");
    assert_eq!(
        window.text_when("[data-testid=shortcut-F4]", |text| text.contains("Pay")),
        "F4 Pay",
        "the function keys follow the language"
    );
    window.click("[data-testid=theme] option[value='dark']");
    assert_eq!(window.count_of("html[data-theme='dark']"), 1);
    window.screenshot("counter_setup_02_sale_screen_en_dark");

    // F12: the owner adds a cashier and sets the lock delay to two minutes.
    window.type_into_focused(F12);
    window.type_into("[data-testid=new-user-name]", "Davi Lima");
    window.type_into("[data-testid=new-user-pin]", "1357");
    window.click("[data-testid=add-user]");
    assert!(
        window
            .text_when("[data-testid=team]", |team| team.contains("Davi Lima"))
            .contains("Davi Lima"),
        "the new cashier joins the team"
    );
    window.clear("[data-testid=lock-minutes]");
    window.type_into("[data-testid=lock-minutes]", "2");
    window.click("[data-testid=save-lock]");
    window.text_of("[data-testid=lock-saved]");
    window.screenshot("counter_setup_03_settings");

    // From the settings, the store's data for receipts and PIX; core keeps it normalized.
    window.click("[data-testid=open-store-profile]");
    window.type_into("[data-testid=profile-name]", "Pet Shop Carla");
    window.type_into("[data-testid=profile-cnpj]", "11.222.333/0001-81");
    window.type_into("[data-testid=profile-pixKey]", "Carla@PetShop.example");
    window.type_into("[data-testid=profile-pixCity]", "Curitiba");
    window.click("[data-testid=profile-save]");
    window.text_of("[data-testid=profile-saved]");
    window.screenshot("counter_setup_04_store_data");
    window.type_into_focused(ESCAPE);

    // Locking hides the sale screen until the same PIN is typed again.
    window.click("[data-testid=lock-now]");
    window.type_into("[data-testid=pin]", "1111");
    window.click("[data-testid=sign-in-button]");
    assert_eq!(
        window
            .attribute_of("[data-testid=error]", "data-code")
            .as_deref(),
        Some("wrong_pin")
    );
    window.screenshot("counter_setup_05_locked");
    window.type_into("[data-testid=pin]", &format!("2468{ENTER}"));
    assert!(
        window.gone("[data-testid=lock-screen]"),
        "the right PIN unlocks the counter"
    );

    window.click("[data-testid=switch-cashier]");
    window.text_of("[data-testid=sign-in]");
    window.text_of("[data-testid='user-Davi Lima']");
    assert_eq!(
        window.count_of("[data-testid=scan]"),
        0,
        "signed out, nothing to sell with"
    );

    let profile = store_profile(&StoreDatabase::open_in(data_folder.path()).expect("reopen"))
        .expect("read the store data");
    assert_eq!(
        [
            profile.name,
            profile.cnpj,
            profile.pix_key,
            profile.pix_city
        ],
        [
            "Pet Shop Carla",
            "11222333000181",
            "carla@petshop.example",
            "Curitiba"
        ],
        "what the owner typed, as core keeps it"
    );
}
