//! Wrong PINs lock a till user out: the fifth wrong PIN in a row refuses even the right
//! PIN for a while, the count survives a restart, a right PIN before the limit clears it,
//! and a manager's approval meets the same rule.

mod support;

use fflow_core::people::pin_attempts::FIRST_LOCKOUT_MINUTES;
use fflow_core::people::{manager_approval, sign_in};
use fflow_core::{CoreError, StoreDatabase};
use support::{CASHIER_PIN, MANAGER_PIN, store};

const WRONG_PIN: &str = "0000";

fn wrong(database: &StoreDatabase, user: &str) -> CoreError {
    sign_in(database, user, WRONG_PIN).expect_err("a wrong PIN is refused")
}

#[test]
fn the_fifth_wrong_pin_locks_the_user_out_even_for_the_right_pin() {
    let store = store();
    let cashier = &store.cashier.id;
    for attempt in 1..=4 {
        assert_eq!(
            wrong(&store.database, cashier).code(),
            "wrong_pin",
            "attempt {attempt} is only a wrong PIN"
        );
    }
    let locked = wrong(&store.database, cashier);
    assert!(
        matches!(locked, CoreError::PinLocked { minutes_left } if minutes_left == FIRST_LOCKOUT_MINUTES),
        "the fifth wrong PIN starts the first lockout, got {locked:?}"
    );
    let refused = sign_in(&store.database, cashier, CASHIER_PIN).expect_err("locked out");
    assert_eq!(
        refused.code(),
        "pin_locked",
        "the right PIN is not checked while locked"
    );

    let manager = sign_in(&store.database, &store.manager.id, MANAGER_PIN)
        .expect("another user is not locked out by the cashier's guesses");
    assert_eq!(manager.id, store.manager.id);
}

#[test]
fn the_count_survives_a_restart() {
    let store = store();
    for _ in 0..4 {
        wrong(&store.database, &store.cashier.id);
    }
    let path = store.folder.path().to_owned();
    let cashier = store.cashier.id.clone();
    drop(store.database);
    let reopened = StoreDatabase::open_in(&path).expect("reopen");
    assert_eq!(
        wrong(&reopened, &cashier).code(),
        "pin_locked",
        "four wrong PINs before the restart and one after make five"
    );
}

#[test]
fn a_right_pin_before_the_limit_starts_the_count_again() {
    let store = store();
    let cashier = &store.cashier.id;
    for _ in 0..4 {
        wrong(&store.database, cashier);
    }
    sign_in(&store.database, cashier, CASHIER_PIN).expect("the right PIN still works");
    for attempt in 1..=4 {
        assert_eq!(
            wrong(&store.database, cashier).code(),
            "wrong_pin",
            "attempt {attempt} after a right PIN counts from one again"
        );
    }
}

#[test]
fn guessing_a_managers_pin_for_an_approval_locks_the_manager_out_too() {
    let store = store();
    for _ in 0..4 {
        let refused = manager_approval(&store.database, &store.manager.id, WRONG_PIN, "refund")
            .expect_err("wrong PIN");
        assert_eq!(refused.code(), "wrong_pin");
    }
    let locked = manager_approval(&store.database, &store.manager.id, WRONG_PIN, "refund")
        .expect_err("locked");
    assert_eq!(locked.code(), "pin_locked");
    let refused = manager_approval(&store.database, &store.manager.id, MANAGER_PIN, "refund")
        .expect_err("still locked");
    assert_eq!(
        refused.code(),
        "pin_locked",
        "approvals wait out the lockout as well"
    );
}
