//! The first run of a counter: with no till user yet, the person installing it becomes
//! the owner. Once anyone exists, new users are added by an owner, not from this path.

use crate::people::{Role, TillUser, create_till_user, list_till_users};
use crate::{CoreError, StoreDatabase};

/// Whether the counter still needs its first user (the setup screen shows then).
pub fn needs_first_owner(database: &StoreDatabase) -> Result<bool, CoreError> {
    Ok(list_till_users(database)?.is_empty())
}

/// Creates the owner `name` with `pin`, only while the counter has no till user; refuses
/// with `invalid_input` (field `owner`) afterwards, so the setup screen cannot be used to
/// add an owner to a store that has one.
pub fn create_first_owner(
    database: &StoreDatabase,
    name: &str,
    pin: &str,
) -> Result<TillUser, CoreError> {
    if !needs_first_owner(database)? {
        return Err(CoreError::InvalidInput {
            field: "owner",
            reason: "this counter already has its users; sign in instead".to_owned(),
        });
    }
    create_till_user(database, name, Role::Owner, pin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_owner_can_be_created_from_setup() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        assert!(needs_first_owner(&database).expect("read"));
        let refused = create_first_owner(&database, "Dona", "12").expect_err("short PIN");
        assert_eq!(refused.code(), "invalid_input");
        assert!(
            needs_first_owner(&database).expect("read"),
            "a refused PIN creates nobody"
        );
        let owner = create_first_owner(&database, "Dona", "2468").expect("owner");
        assert_eq!(owner.role, Role::Owner);
        let second = create_first_owner(&database, "Intrusa", "1357").expect_err("second");
        assert_eq!(second.code(), "invalid_input");
        assert_eq!(list_till_users(&database).expect("users").len(), 1);
    }
}
