//! Managing till users on a real SQLite file: roles, PIN resets, deactivation, who may
//! do each, and the store never left without an active owner.

mod support;

use fflow_core::StoreDatabase;
use fflow_core::people::{Role, TillUser, create_till_user, list_till_users, sign_in};
use fflow_core::team_changes::{TeamMember, change_role, list_team, reset_pin, set_active};
use support::{CASHIER_PIN, Store, count, store};

const OWNER_PIN: &str = "2468";

fn with_owner() -> (Store, TillUser) {
    let store = store();
    let owner = create_till_user(&store.database, "Dona", Role::Owner, OWNER_PIN).expect("owner");
    (store, owner)
}

fn audit_rows(database: &StoreDatabase, user_id: &str) -> Vec<(String, String, String)> {
    database
        .read(|connection| {
            let mut statement = connection.prepare(
                "SELECT action, actor_id, before || ' ' || after FROM audit_log
                 WHERE entity = 'till_user' AND entity_id = ?1 ORDER BY rowid",
            )?;
            let rows = statement
                .query_map([user_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("audit rows")
}

fn member(database: &StoreDatabase, user_id: &str) -> TeamMember {
    list_team(database)
        .expect("team")
        .into_iter()
        .find(|member| member.user.id == user_id)
        .expect("member")
}

#[test]
fn a_role_change_is_stored_and_audited() {
    let (store, owner) = with_owner();
    let changed =
        change_role(&store.database, &owner, &store.cashier.id, Role::Manager).expect("promote");
    assert_eq!(changed.user.role, Role::Manager);
    assert_eq!(
        member(&store.database, &store.cashier.id),
        changed,
        "stored"
    );
    assert_eq!(
        audit_rows(&store.database, &store.cashier.id),
        vec![(
            "till_user.role_changed".to_owned(),
            owner.id.clone(),
            r#"{"role":"cashier"} {"role":"manager"}"#.to_owned()
        )],
        "one audit row naming who changed what"
    );
}

#[test]
fn refused_team_changes_write_nothing() {
    let (store, owner) = with_owner();
    let (cashier, manager) = (&store.cashier, &store.manager);
    let audit_before = count(&store.database, "audit_log");
    let team_before = list_team(&store.database).expect("team");
    type Change<'a> = Box<dyn Fn() -> Result<(), fflow_core::CoreError> + 'a>;
    let database = &store.database;
    let cases: Vec<(&str, Change<'_>, &str)> = vec![
        (
            "a cashier changes no role",
            Box::new(|| change_role(database, cashier, &manager.id, Role::Cashier).map(drop)),
            "manager_approval_required",
        ),
        (
            "a manager cannot make an owner",
            Box::new(|| change_role(database, manager, &cashier.id, Role::Owner).map(drop)),
            "owner_required",
        ),
        (
            "a manager cannot deactivate the owner",
            Box::new(|| set_active(database, manager, &owner.id, false).map(drop)),
            "owner_required",
        ),
        (
            "a manager cannot reset the owner's PIN",
            Box::new(|| reset_pin(database, manager, &owner.id, "1111", "1111")),
            "owner_required",
        ),
        (
            "nobody deactivates themselves",
            Box::new(|| set_active(database, manager, &manager.id, false).map(drop)),
            "cannot_deactivate_self",
        ),
        (
            "the last active owner cannot be demoted",
            Box::new(|| change_role(database, &owner, &owner.id, Role::Manager).map(drop)),
            "last_active_owner",
        ),
        (
            "the two PINs must agree",
            Box::new(|| reset_pin(database, manager, &cashier.id, "1111", "1112")),
            "invalid_input",
        ),
        (
            "a PIN has 4 to 8 digits",
            Box::new(|| reset_pin(database, manager, &cashier.id, "12", "12")),
            "invalid_input",
        ),
        (
            "an unknown user",
            Box::new(|| set_active(database, manager, "nobody", false).map(drop)),
            "unknown_user",
        ),
    ];
    for (why, change, code) in cases {
        let refused = change().expect_err(why);
        assert_eq!(refused.code(), code, "{why}: {refused}");
    }
    assert_eq!(
        list_team(database).expect("team"),
        team_before,
        "nothing changed"
    );
    assert_eq!(
        count(database, "audit_log"),
        audit_before,
        "nothing audited"
    );
}

#[test]
fn the_last_active_owner_cannot_be_deactivated_but_one_of_two_can() {
    let (store, owner) = with_owner();
    let second = create_till_user(&store.database, "Sócio", Role::Owner, "1357").expect("second");
    set_active(&store.database, &second, &owner.id, false).expect("one of two owners leaves");
    let refused = change_role(&store.database, &second, &second.id, Role::Manager)
        .expect_err("the remaining owner cannot demote themselves");
    assert_eq!(refused.code(), "last_active_owner");
    set_active(&store.database, &second, &owner.id, true).expect("reactivate the owner");
    change_role(&store.database, &owner, &second.id, Role::Manager)
        .expect("with two active owners one may be demoted");
}

#[test]
fn a_deactivated_user_cannot_sign_in_until_reactivated() {
    let store = store();
    let deactivated =
        set_active(&store.database, &store.manager, &store.cashier.id, false).expect("off");
    assert!(!deactivated.active);
    assert!(
        !member(&store.database, &store.cashier.id).active,
        "the team screen still lists them, as inactive"
    );
    assert!(
        list_till_users(&store.database)
            .expect("sign-in list")
            .iter()
            .all(|user| user.id != store.cashier.id),
        "the sign-in screen leaves them out"
    );
    let refused = sign_in(&store.database, &store.cashier.id, CASHIER_PIN).expect_err("off");
    assert_eq!(refused.code(), "unknown_user");
    set_active(&store.database, &store.manager, &store.cashier.id, true).expect("back on");
    sign_in(&store.database, &store.cashier.id, CASHIER_PIN).expect("signs in again");
    let actions: Vec<String> = audit_rows(&store.database, &store.cashier.id)
        .into_iter()
        .map(|(action, _, _)| action)
        .collect();
    assert_eq!(actions, ["till_user.deactivated", "till_user.reactivated"]);
}

#[test]
fn a_reset_pin_replaces_the_old_one_and_is_never_recorded() {
    let store = store();
    reset_pin(
        &store.database,
        &store.manager,
        &store.cashier.id,
        "55667788",
        "55667788",
    )
    .expect("reset");
    sign_in(&store.database, &store.cashier.id, "55667788").expect("the new PIN works");
    let refused = sign_in(&store.database, &store.cashier.id, CASHIER_PIN).expect_err("old");
    assert_eq!(refused.code(), "wrong_pin", "the old PIN no longer works");
    let rows = audit_rows(&store.database, &store.cashier.id);
    assert_eq!(rows.len(), 1, "one audit row");
    assert_eq!(rows[0].0, "till_user.pin_reset");
    assert!(
        !rows[0].2.contains("55667788"),
        "the PIN is never written down"
    );
}
