//! Team settings from the counter: only a manager or the owner may add till users (and
//! only the owner may add an owner) or change how soon the counter locks.

use crate::checkout::save_lock_after_seconds;
use crate::people::{Role, TillUser, create_till_user};
use crate::{CoreError, StoreDatabase};

/// Adds `name` with `role` and `pin`, on behalf of `actor` (the signed-in user).
pub fn add_till_user(
    database: &StoreDatabase,
    actor: &TillUser,
    name: &str,
    role: Role,
    pin: &str,
) -> Result<TillUser, CoreError> {
    let allowed = match role {
        Role::Owner => actor.role == Role::Owner,
        Role::Manager | Role::Cashier => actor.role.approves(),
    };
    if !allowed {
        return Err(CoreError::ManagerApprovalRequired {
            action: "adding a till user",
        });
    }
    create_till_user(database, name, role, pin)
}

/// Sets the lock delay on behalf of `actor`, who must be a manager or the owner: a
/// cashier could otherwise keep an unattended counter open.
pub fn set_lock_delay(
    database: &StoreDatabase,
    actor: &TillUser,
    seconds: u32,
) -> Result<(), CoreError> {
    if !actor.role.approves() {
        return Err(CoreError::ManagerApprovalRequired {
            action: "changing the lock delay",
        });
    }
    save_lock_after_seconds(database, seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::list_till_users;

    #[test]
    fn who_may_add_whom() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        let owner = create_till_user(&database, "Dona", Role::Owner, "2468").expect("owner");
        let manager =
            add_till_user(&database, &owner, "Gil", Role::Manager, "1357").expect("manager");
        let cashier =
            add_till_user(&database, &manager, "Ana", Role::Cashier, "1234").expect("cashier");
        let cases = [
            (&cashier, Role::Cashier, "a cashier adds nobody"),
            (&manager, Role::Owner, "a manager cannot make an owner"),
        ];
        for (actor, role, why) in cases {
            let refused = add_till_user(&database, actor, "Novo", role, "9999").expect_err(why);
            assert_eq!(refused.code(), "manager_approval_required", "{why}");
        }
        assert_eq!(
            list_till_users(&database).expect("users").len(),
            3,
            "refused additions write nothing"
        );
        let refused = set_lock_delay(&database, &cashier, 60).expect_err("cashier");
        assert_eq!(refused.code(), "manager_approval_required");
        set_lock_delay(&database, &manager, 60).expect("a manager sets the delay");
    }
}
