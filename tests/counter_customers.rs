//! Customers and parked carts in the real window: the cashier names a new customer for
//! the sale (F5), puts the cart on hold (F11) to serve someone else, takes it back and
//! sells it to her; another cart is thrown away with a reason. The database then holds
//! both sales, the customer on the right one, no cart left on hold and the discard in the
//! audit log. Screenshots: `target/e2e/counter_customers_NN_<step>.png`.

mod support;

use std::path::Path;

use fflow_core::StoreDatabase;
use support::counter::{launch_offline, sell_for_cash, sign_in_and_open_session};
use support::seed::seed_store;
use support::webdriver::{AppWindow, ENTER, F4, F5, F11};

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

fn scan(window: &AppWindow, barcode: &str) {
    window.type_into_focused(&format!("{barcode}{ENTER}"));
    window.text_of("[data-testid=cart-line]");
}

#[test]
fn a_parked_cart_comes_back_with_its_customer_and_is_sold_to_her() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let store = seed_store(data_folder.path());
    let window = launch_offline(app_binary(), data_folder.path(), &store);
    sign_in_and_open_session(&window, &store);

    // F5: nobody has this phone yet, so the cashier adds Maria with it filled in.
    scan(&window, store.treat.barcode);
    window.type_into_focused(F5);
    window.type_into("[data-testid=customer-search]", "(11) 98765-4321");
    window.text_when("[data-testid=customer-results]", |text| {
        text.contains("Nenhum cliente")
    });
    window.click("[data-testid=customer-new]");
    assert_eq!(
        window
            .attribute_of("[data-testid=customer-phone]", "value")
            .as_deref(),
        Some("(11) 98765-4321")
    );
    window.type_into("[data-testid=customer-name]", "Maria Souza");
    window.type_into("[data-testid=customer-document]", "529.982.247-25");
    window.screenshot("counter_customers_01_new_customer");
    window.click("[data-testid=customer-save]");
    assert_eq!(
        window.text_of("[data-testid=sale-customer] strong"),
        "Maria Souza",
        "the sale screen names her"
    );

    // F11: her cart waits under her name while the next customer pays.
    window.type_into_focused(F11);
    assert_eq!(
        window
            .attribute_of("[data-testid=held-label]", "value")
            .as_deref(),
        Some("Maria Souza")
    );
    window.click("[data-testid=held-park]");
    assert_eq!(
        window.text_of("[data-testid=held-notice]"),
        "Carrinho em espera: Maria Souza."
    );
    assert_eq!(window.count_of("[data-testid=cart-line]"), 0);
    assert_eq!(window.count_of("[data-testid=sale-customer]"), 0);
    sell_for_cash(&window, store.kibble.barcode);
    window.click("[data-testid=new-sale]");

    // Another cart is set aside and then thrown away, with a reason.
    scan(&window, store.kibble.barcode);
    window.type_into_focused(F11);
    window.type_into("[data-testid=held-label]", "Balcão");
    window.click("[data-testid=held-park]");
    window.type_into_focused(F11);
    window.text_when("[data-testid=held-list]", |text| text.contains("Balcão"));
    window.screenshot("counter_customers_02_carts_on_hold");
    let balcao = "[data-testid=held-list] li:nth-child(2) [data-testid=held-discard]";
    window.click(balcao);
    window.type_into("[data-testid=held-discard-reason]", "cliente desistiu");
    window.click("[data-testid=held-discard-confirm]");
    window.text_when("[data-testid=held-list]", |text| !text.contains("Balcão"));

    // Maria is back: her cart returns whole, with her on it, and she pays.
    window.click("[data-testid=held-resume]");
    assert_eq!(
        window.text_when("[data-testid=held-notice]", |text| text
            .contains("retomado")),
        "Carrinho retomado: Maria Souza."
    );
    assert_eq!(window.count_of("[data-testid=cart-line]"), 1);
    assert_eq!(
        window.text_of("[data-testid=sale-customer] strong"),
        "Maria Souza"
    );
    window.screenshot("counter_customers_03_resumed");
    window.type_into_focused(F4);
    window.type_into("[data-testid=pay-cash]", "50,00");
    window.click("[data-testid=confirm-payment]");
    window.text_when("[data-testid=receipt]", |text| text.contains("TOTAL"));

    let database = StoreDatabase::open_in(data_folder.path()).expect("reopen the store");
    let (customer_id, phone, document): (String, String, String) = database
        .read(|connection| {
            Ok(
                connection.query_row("SELECT id, phone, document FROM customers", [], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?,
            )
        })
        .expect("one customer");
    assert_eq!(
        (phone.as_str(), document.as_str()),
        ("11987654321", "52998224725"),
        "stored normalized"
    );
    let sales: Vec<(Option<String>, i64)> = database
        .read(|connection| {
            let mut statement =
                connection.prepare("SELECT customer_id, total_cents FROM sales ORDER BY number")?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("read the sales");
    assert_eq!(
        sales,
        [
            (None, store.kibble.price_cents),
            (Some(customer_id), store.treat.price_cents)
        ],
        "the sale in between had no customer; Maria's sale names her"
    );
    let (held, discards): (i64, i64) = database
        .read(|connection| {
            Ok(connection.query_row(
                "SELECT (SELECT COUNT(*) FROM held_carts),
                        (SELECT COUNT(*) FROM audit_log WHERE action = 'held_cart.discarded'
                           AND json_extract(after, '$.reason') = 'cliente desistiu')",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("read held carts and the audit log");
    assert_eq!(
        (held, discards),
        (0, 1),
        "nothing left on hold; the discard audited"
    );
}
