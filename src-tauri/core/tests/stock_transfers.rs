//! Stock transfers between bins on a real SQLite file: what a transfer writes, that the
//! product's cached stock stays equal to its ledger, and that every refusal writes nothing.

mod support;

use std::sync::{Arc, Barrier};

use fflow_core::StoreDatabase;
use fflow_core::stock::locations::{create_location, list_locations, rename_location};
use fflow_core::stock::transfer::{StockTransfer, stock_in_location, transfer_stock};
use fflow_core::stock::{MovementReason, adjust_stock, cache_mismatches};
use support::{Store, count, store};

/// A store with 10 bags of kibble and 5 kg of bulk food received (not yet in any bin), and
/// two bins, `A-01` and `B-02`.
fn stocked_store() -> (Store, String, String) {
    let store = store();
    for (product, quantity) in [(&store.kibble, 10_000), (&store.bulk_food, 5_000)] {
        adjust_stock(
            &store.database,
            product,
            quantity,
            MovementReason::Receipt,
            "nota 123",
            &store.manager.id,
        )
        .expect("receive stock");
    }
    let shelf = create_location(&store.database, " A-01 ").expect("shelf");
    let back_room = create_location(&store.database, "B-02").expect("back room");
    (store, shelf.id, back_room.id)
}

fn move_stock(
    store: &Store,
    product: &str,
    from: Option<&str>,
    to: Option<&str>,
    quantity_milli: i64,
) -> Result<fflow_core::stock::transfer::TransferDone, fflow_core::CoreError> {
    transfer_stock(
        &store.database,
        &StockTransfer {
            product_id: product,
            from_location_id: from,
            to_location_id: to,
            quantity_milli,
            actor_id: &store.cashier.id,
            note: Some("reposição"),
        },
    )
}

/// Rows of every table a transfer writes, to prove a refused one wrote none of them.
fn written_rows(database: &StoreDatabase) -> [i64; 3] {
    ["stock_movements", "outbox", "audit_log"].map(|table| count(database, table))
}

fn on_hand(store: &Store, product: &str, location: Option<&str>) -> i64 {
    stock_in_location(&store.database, product, location).expect("stock in location")
}

fn cached_on_hand(store: &Store, product: &str) -> i64 {
    fflow_core::catalog::lookup::find_by_id(&store.database, product)
        .expect("read product")
        .expect("product exists")
        .stock_on_hand_milli
}

#[test]
fn a_transfer_moves_stock_between_bins_and_keeps_the_cache_equal_to_the_ledger() {
    let (store, shelf, back_room) = stocked_store();
    let rows_before = written_rows(&store.database);

    let done = move_stock(&store, &store.kibble, None, Some(&shelf), 6_000).expect("shelve 6");
    assert_eq!(
        (done.from_on_hand_milli, done.to_on_hand_milli),
        (4_000, 6_000)
    );
    let done = move_stock(&store, &store.kibble, Some(&shelf), Some(&back_room), 2_000)
        .expect("move 2 to the back room");
    assert_eq!(
        (done.from_on_hand_milli, done.to_on_hand_milli),
        (4_000, 2_000)
    );
    // Weighed products move in grams.
    move_stock(&store, &store.bulk_food, None, Some(&back_room), 1_250).expect("1.25 kg");

    assert_eq!(
        (
            on_hand(&store, &store.kibble, None),
            on_hand(&store, &store.kibble, Some(&shelf)),
            on_hand(&store, &store.kibble, Some(&back_room)),
        ),
        (4_000, 4_000, 2_000),
        "each side moved by exactly the transferred quantity"
    );
    assert_eq!(
        cached_on_hand(&store, &store.kibble),
        10_000,
        "a transfer never changes how much of a product the store has"
    );
    assert_eq!(cached_on_hand(&store, &store.bulk_food), 5_000);
    assert!(
        cache_mismatches(&store.database).expect("check").is_empty(),
        "the cached stock must stay equal to the sum of the ledger"
    );
    assert_eq!(
        written_rows(&store.database),
        [rows_before[0] + 6, rows_before[1] + 3, rows_before[2] + 3],
        "each transfer is two movements, one outbox event and one audit row"
    );
    let (reasons, references): (String, i64) = store
        .database
        .read(|c| {
            Ok(c.query_row(
                "SELECT group_concat(DISTINCT reason), COUNT(DISTINCT reference_id)
                 FROM stock_movements WHERE reason = 'transfer'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?)
        })
        .expect("read the ledger");
    assert_eq!(
        (reasons.as_str(), references),
        ("transfer", 3),
        "both movements of one transfer share its reference id"
    );
    let kinds: i64 = store
        .database
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'stock.transferred'",
                [],
                |row| row.get(0),
            )?)
        })
        .expect("read the outbox");
    assert_eq!(kinds, 3, "the hub hears of every transfer");
}

#[test]
fn bad_transfers_are_refused_with_their_code_and_write_nothing() {
    let (store, shelf, back_room) = stocked_store();
    move_stock(&store, &store.kibble, None, Some(&shelf), 3_000).expect("shelve 3");
    let (kibble, shelf, back) = (
        store.kibble.as_str(),
        Some(shelf.as_str()),
        Some(back_room.as_str()),
    );
    let unknown = "0190aaaa-0000-7000-8000-000000000000";
    let refuse = |case: &str, product: &str, from, to, quantity: i64, code: &str| {
        let before = written_rows(&store.database);
        let error = move_stock(&store, product, from, to, quantity)
            .expect_err(&format!("{case}: must be refused"));
        assert_eq!(error.code(), code, "{case}: {error}");
        assert_eq!(
            written_rows(&store.database),
            before,
            "{case}: a refused transfer must write nothing"
        );
    };
    refuse("zero", kibble, shelf, back, 0, "quantity_not_positive");
    refuse(
        "negative",
        kibble,
        shelf,
        back,
        -1_000,
        "quantity_not_positive",
    );
    refuse("same bin", kibble, shelf, shelf, 1_000, "same_location");
    refuse("both unbinned", kibble, None, None, 1_000, "same_location");
    refuse(
        "unknown source",
        kibble,
        Some(unknown),
        shelf,
        1_000,
        "unknown_location",
    );
    refuse(
        "unknown target",
        kibble,
        shelf,
        Some(unknown),
        1_000,
        "unknown_location",
    );
    refuse(
        "more than in the bin",
        kibble,
        shelf,
        back,
        4_000,
        "insufficient_stock",
    );
    refuse(
        "empty bin",
        kibble,
        back,
        shelf,
        1_000,
        "insufficient_stock",
    );
    refuse(
        "half a bag",
        kibble,
        shelf,
        back,
        1_500,
        "fractional_quantity",
    );
    refuse(
        "unknown product",
        unknown,
        None,
        shelf,
        1_000,
        "unknown_product",
    );
    assert_eq!(
        (
            on_hand(&store, kibble, shelf),
            on_hand(&store, kibble, back)
        ),
        (3_000, 0),
        "refusals left the bins as they were"
    );
    let by_stranger = transfer_stock(
        &store.database,
        &StockTransfer {
            product_id: kibble,
            from_location_id: shelf,
            to_location_id: back,
            quantity_milli: 1_000,
            actor_id: "nobody",
            note: None,
        },
    );
    assert_eq!(
        by_stranger.map(|_| ()).map_err(|e| e.code()),
        Err("unknown_user")
    );
}

#[test]
fn locations_are_created_listed_and_renamed_with_unique_codes() {
    let (store, shelf, back_room) = stocked_store();
    move_stock(&store, &store.kibble, None, Some(&shelf), 1_000).expect("shelve 1");
    let codes = |store: &Store| -> Vec<String> {
        list_locations(&store.database)
            .expect("list")
            .into_iter()
            .map(|location| location.code)
            .collect()
    };
    assert_eq!(
        codes(&store),
        ["A-01", "B-02"],
        "codes are trimmed and sorted"
    );
    for (case, result, code) in [
        (
            "taken code",
            create_location(&store.database, "B-02").map(|_| ()),
            "duplicate_location",
        ),
        (
            "blank code",
            create_location(&store.database, "  ").map(|_| ()),
            "invalid_input",
        ),
        (
            "rename onto a taken code",
            rename_location(&store.database, &shelf, "B-02").map(|_| ()),
            "duplicate_location",
        ),
        (
            "rename an unknown bin",
            rename_location(&store.database, "nope", "C-03").map(|_| ()),
            "unknown_location",
        ),
    ] {
        assert_eq!(result.map_err(|error| error.code()), Err(code), "{case}");
    }
    let renamed = rename_location(&store.database, &shelf, "Gôndola 1").expect("rename");
    assert_eq!(
        renamed.id, shelf,
        "renaming keeps the id the ledger points at"
    );
    rename_location(&store.database, &back_room, "B-02").expect("keeping its own code is fine");
    assert_eq!(codes(&store), ["B-02", "Gôndola 1"]);
    assert_eq!(
        on_hand(&store, &store.kibble, Some(&shelf)),
        1_000,
        "stock stays in the renamed bin"
    );
    let by_code =
        fflow_core::stock::stock_by_location(&store.database, &store.kibble).expect("by bin");
    assert!(
        by_code.contains(&(Some("Gôndola 1".to_owned()), 1_000)),
        "the per-bin report shows the new code: {by_code:?}"
    );
}

#[test]
fn two_tills_moving_the_same_stock_never_take_more_than_the_bin_holds() {
    let (store, shelf, back_room) = stocked_store();
    move_stock(&store, &store.kibble, None, Some(&shelf), 10_000).expect("shelve 10");
    // Two tills with connections of their own to the same file, as two processes would.
    let tills: Vec<Arc<StoreDatabase>> = (0..2)
        .map(|_| Arc::new(StoreDatabase::open_in(store.folder.path()).expect("a till")))
        .collect();
    let start = Arc::new(Barrier::new(2));
    let attempts: Vec<_> = tills
        .iter()
        .map(|till| {
            let till = Arc::clone(till);
            let start = Arc::clone(&start);
            let (product, from, to, actor) = (
                store.kibble.clone(),
                shelf.clone(),
                back_room.clone(),
                store.cashier.id.clone(),
            );
            std::thread::spawn(move || {
                start.wait();
                transfer_stock(
                    &till,
                    &StockTransfer {
                        product_id: &product,
                        from_location_id: Some(&from),
                        to_location_id: Some(&to),
                        quantity_milli: 6_000,
                        actor_id: &actor,
                        note: None,
                    },
                )
                .map_err(|error| error.code())
            })
        })
        .collect();
    let mut outcomes: Vec<_> = attempts
        .into_iter()
        .map(|attempt| attempt.join().expect("the till finishes").map(|_| "moved"))
        .collect();
    outcomes.sort_unstable();
    assert_eq!(
        outcomes,
        [Ok("moved"), Err("insufficient_stock")],
        "the second till sees the first one's transfer, so 12 of 10 can never leave"
    );
    assert_eq!(
        (
            on_hand(&store, &store.kibble, Some(&shelf)),
            on_hand(&store, &store.kibble, Some(&back_room))
        ),
        (4_000, 6_000)
    );
    assert!(cache_mismatches(&store.database).expect("check").is_empty());
}
