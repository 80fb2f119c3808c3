//! Parked carts on a real SQLite file: they survive a restart, are priced again on resume,
//! can be resumed by only one till, and are discarded with an audit row.

mod support;

use std::sync::{Arc, Barrier};

use fflow_core::StoreDatabase;
use fflow_core::catalog::products::change_price;
use fflow_core::sale::complete::CartLine;
use fflow_core::sale::held_carts::{
    CartToPark, discard_held_cart, list_held_carts, park_cart, resume_held_cart,
};
use fflow_core::sale::pricing::Discount;
use support::{Store, count, line, store};

fn park(store: &Store, label: &str, lines: &[CartLine]) -> Result<String, fflow_core::CoreError> {
    park_on(&store.database, &store.cashier.id, label, lines)
}

fn park_on(
    database: &StoreDatabase,
    cashier_id: &str,
    label: &str,
    lines: &[CartLine],
) -> Result<String, fflow_core::CoreError> {
    park_cart(
        database,
        &CartToPark {
            label,
            cashier_id,
            customer_id: None,
            lines,
            order_discount: Some(Discount::Percent { basis_points: 1000 }),
        },
    )
}

#[test]
fn a_parked_cart_survives_a_restart_and_is_priced_again_on_resume() {
    let Store {
        folder,
        database,
        cashier,
        manager,
        kibble,
        bulk_food,
    } = store();
    // 2 × R$ 10,00 + 0.500 kg × R$ 39,90 = 39,95, less 10% (4,00) = 35,95.
    let id = park_on(
        &database,
        &cashier.id,
        "  Maria, volta já ",
        &[line(&kibble, 2000), line(&bulk_food, 500)],
    )
    .expect("park");
    drop(database);

    let database = StoreDatabase::open_in(folder.path()).expect("reopen after a restart");
    let listed = list_held_carts(&database).expect("list");
    assert_eq!(
        listed.len(),
        1,
        "the parked cart is still there after a restart"
    );
    assert_eq!(
        (
            listed[0].id.as_str(),
            listed[0].label.as_str(),
            listed[0].cashier_name.as_str()
        ),
        (id.as_str(), "Maria, volta já", "Ana")
    );
    assert_eq!(
        (listed[0].line_count, listed[0].total_cents_when_parked),
        (2, 3595)
    );

    change_price(&database, &kibble, 1200, &manager.id).expect("kibble goes up");
    let resumed = resume_held_cart(&database, &id).expect("resume");
    // 2 × R$ 12,00 + 19,95 = 43,95, less 10% (4,40) = 39,55.
    assert_eq!(resumed.amounts.total.0, 3955, "priced at today's prices");
    assert_eq!(resumed.lines.len(), 2);
    assert_eq!(resumed.parked_by, cashier.id);
    assert_eq!(resumed.price_changes.len(), 1, "only the kibble changed");
    assert_eq!(
        (
            resumed.price_changes[0].line,
            resumed.price_changes[0].parked_unit_price_cents,
            resumed.price_changes[0].current_unit_price_cents
        ),
        (1, 1000, 1200)
    );
    assert!(list_held_carts(&database).expect("list").is_empty());
    assert_eq!(
        resume_held_cart(&database, &id)
            .map(|_| ())
            .map_err(|e| e.code()),
        Err("unknown_held_cart"),
        "a cart is resumed once"
    );
}

#[test]
fn two_tills_resuming_the_same_cart_only_one_gets_it() {
    let store = store();
    let carts: Vec<String> = (0..16)
        .map(|index| {
            park(
                &store,
                &format!("cart {index}"),
                &[line(&store.kibble, 1000)],
            )
            .expect("park")
        })
        .collect();
    // Two tills: two connections of their own to the same file, as two processes would.
    let tills: Vec<Arc<StoreDatabase>> = (0..2)
        .map(|_| Arc::new(StoreDatabase::open_in(store.folder.path()).expect("open a till")))
        .collect();
    for cart in &carts {
        let start = Arc::new(Barrier::new(2));
        let attempts: Vec<_> = tills
            .iter()
            .map(|till| {
                let (till, start, cart) = (Arc::clone(till), Arc::clone(&start), cart.clone());
                std::thread::spawn(move || {
                    start.wait();
                    resume_held_cart(&till, &cart).map(|resumed| resumed.label)
                })
            })
            .collect();
        let results: Vec<_> = attempts
            .into_iter()
            .map(|attempt| attempt.join().expect("the till thread finishes"))
            .collect();
        let winners = results.iter().filter(|result| result.is_ok()).count();
        assert_eq!(winners, 1, "exactly one till gets {cart}: {results:?}");
        let loser = results.iter().find_map(|result| result.as_ref().err());
        assert_eq!(loser.map(|error| error.code()), Some("unknown_held_cart"));
    }
    assert_eq!(count(&store.database, "held_carts"), 0);
}

#[test]
fn discarding_is_audited_and_bad_requests_change_nothing() {
    let store = store();
    let id = park(&store, "Balcão", &[line(&store.kibble, 3000)]).expect("park");
    let unchanged = |store: &Store| {
        (
            count(&store.database, "held_carts"),
            count(&store.database, "audit_log"),
        )
    };
    let before = unchanged(&store);
    for (case, result, code) in [
        (
            "empty cart",
            park(&store, "x", &[]).map(|_| ()),
            "empty_cart",
        ),
        (
            "blank label",
            park(&store, " ", &[line(&store.kibble, 1000)]).map(|_| ()),
            "invalid_input",
        ),
        (
            "zero quantity",
            park(&store, "x", &[line(&store.kibble, 0)]).map(|_| ()),
            "quantity_not_positive",
        ),
        (
            "unknown product",
            park(&store, "x", &[line("nope", 1000)]).map(|_| ()),
            "unknown_product",
        ),
        (
            "blank reason",
            discard_held_cart(&store.database, &id, &store.cashier.id, " "),
            "invalid_input",
        ),
        (
            "unknown cart",
            discard_held_cart(&store.database, "nope", &store.cashier.id, "x"),
            "unknown_held_cart",
        ),
        (
            "unknown user",
            discard_held_cart(&store.database, &id, "nobody", "x"),
            "unknown_user",
        ),
    ] {
        assert_eq!(result.map_err(|error| error.code()), Err(code), "{case}");
        assert_eq!(unchanged(&store), before, "{case}: nothing written");
    }

    // A product deactivated while the cart waited: the resume is refused, the cart stays.
    store
        .database
        .write(|t| {
            Ok(t.execute(
                "UPDATE products SET active = 0 WHERE id = ?1",
                [&store.kibble],
            )?)
        })
        .expect("deactivate the kibble");
    assert_eq!(
        resume_held_cart(&store.database, &id)
            .map(|_| ())
            .map_err(|e| e.code()),
        Err("inactive_product")
    );
    assert_eq!(
        unchanged(&store),
        before,
        "a refused resume leaves the cart parked"
    );

    discard_held_cart(&store.database, &id, &store.cashier.id, "cliente desistiu")
        .expect("discard");
    assert_eq!(count(&store.database, "held_carts"), 0);
    let (actor, lines, reason): (String, i64, String) = store
        .database
        .read(|c| {
            Ok(c.query_row(
                "SELECT actor_id, json_array_length(before, '$.lines'),
                        json_extract(after, '$.reason')
                 FROM audit_log WHERE action = 'held_cart.discarded' AND entity_id = ?1",
                [&id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?)
        })
        .expect("the discard is audited");
    assert_eq!(
        (actor.as_str(), lines, reason.as_str()),
        (store.cashier.id.as_str(), 1, "cliente desistiu"),
        "the audit row says who threw away what, and why"
    );
}
