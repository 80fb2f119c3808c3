//! Managing the till users from the counter: the whole team with each one's state, a
//! new role, a new PIN, deactivating and reactivating. A manager or the owner decides;
//! only the owner touches owners, nobody deactivates themselves, and the store always
//! keeps one active owner. Every change writes an audit row (never the PIN).

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use crate::licensing::enforcement::{LimitedResource, require_within_limit};
use crate::people::{Role, TillUser, hash_pin, require_approver};
use crate::records::{AuditEntry, append_to_audit_log, now_millis};
use crate::{CoreError, StoreDatabase};

/// A till user with whether they may still sign in, for the team screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub user: TillUser,
    pub active: bool,
}

/// Every till user, active or not, by name.
pub fn list_team(database: &StoreDatabase) -> Result<Vec<TeamMember>, CoreError> {
    database.read(|connection| {
        let mut statement = connection
            .prepare_cached("SELECT id, name, role, active FROM till_users ORDER BY name, id")?;
        let members = statement.query_map([], member_from_row)?;
        Ok(members.collect::<Result<Vec<_>, _>>()?)
    })
}

/// A row of `SELECT id, name, role, active FROM till_users`.
fn member_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TeamMember> {
    let role: String = row.get(2)?;
    Ok(TeamMember {
        user: TillUser {
            id: row.get(0)?,
            name: row.get(1)?,
            role: Role::parse(&role),
        },
        active: row.get(3)?,
    })
}

/// Gives `user_id` the role `role` on behalf of `actor`.
pub fn change_role(
    database: &StoreDatabase,
    actor: &TillUser,
    user_id: &str,
    role: Role,
) -> Result<TeamMember, CoreError> {
    database.write(|transaction| {
        let (actor, target) = target_for(transaction, actor, user_id, "changing a role")?;
        if role == Role::Owner && actor.role != Role::Owner {
            return Err(CoreError::OwnerRequired {
                action: "making an owner",
            });
        }
        if target.user.role == Role::Owner && role != Role::Owner {
            refuse_losing_the_last_owner(transaction, &target)?;
        }
        transaction.execute(
            "UPDATE till_users SET role = ?2 WHERE id = ?1",
            params![user_id, role.as_str()],
        )?;
        audit(
            transaction,
            &actor,
            &target,
            "till_user.role_changed",
            (
                json!({ "role": target.user.role.as_str() }),
                json!({ "role": role.as_str() }),
            ),
        )?;
        Ok(TeamMember {
            user: TillUser {
                role,
                ..target.user
            },
            active: target.active,
        })
    })
}

/// Sets a new PIN for `user_id` on behalf of `actor`. The PIN is typed twice, and both
/// must agree, so a slip of the finger does not lock the user out.
pub fn reset_pin(
    database: &StoreDatabase,
    actor: &TillUser,
    user_id: &str,
    pin: &str,
    pin_again: &str,
) -> Result<(), CoreError> {
    if pin != pin_again {
        return Err(CoreError::InvalidInput {
            field: "pin",
            reason: "the two PINs typed are not the same".to_owned(),
        });
    }
    let pin_hash = hash_pin(pin)?;
    database.write(|transaction| {
        let (actor, target) = target_for(transaction, actor, user_id, "resetting a PIN")?;
        transaction.execute(
            "UPDATE till_users SET pin_hash = ?2 WHERE id = ?1",
            params![user_id, pin_hash],
        )?;
        audit(
            transaction,
            &actor,
            &target,
            "till_user.pin_reset",
            (json!({}), json!({})),
        )
    })
}

/// Deactivates (`active` false) or reactivates `user_id` on behalf of `actor`. A
/// deactivated user no longer appears on the sign-in screen and cannot sign in.
pub fn set_active(
    database: &StoreDatabase,
    actor: &TillUser,
    user_id: &str,
    active: bool,
) -> Result<TeamMember, CoreError> {
    database.write(|transaction| {
        let (actor, target) = target_for(transaction, actor, user_id, "deactivating a till user")?;
        if !active && target.user.id == actor.id {
            return Err(CoreError::CannotDeactivateSelf);
        }
        if !active && target.user.role == Role::Owner {
            refuse_losing_the_last_owner(transaction, &target)?;
        }
        transaction.execute(
            "UPDATE till_users SET active = ?2 WHERE id = ?1",
            params![user_id, active],
        )?;
        if active {
            // The license counts active users, so coming back takes a seat again.
            require_within_limit(transaction, LimitedResource::TillUsers)?;
        }
        let action = if active {
            "till_user.reactivated"
        } else {
            "till_user.deactivated"
        };
        audit(
            transaction,
            &actor,
            &target,
            action,
            (
                json!({ "active": target.active }),
                json!({ "active": active }),
            ),
        )?;
        Ok(TeamMember {
            user: target.user,
            active,
        })
    })
}

/// The acting user as stored now, and the till user `user_id`, once `actor` is known to be an active manager or owner (read
/// again here: the role of the signed-in user may have changed since they signed in) and,
/// when the target is an owner, an owner too.
fn target_for(
    transaction: &Transaction<'_>,
    actor: &TillUser,
    user_id: &str,
    action: &'static str,
) -> Result<(TillUser, TeamMember), CoreError> {
    let actor = require_approver(transaction, actor, action)?;
    let target = transaction
        .prepare_cached("SELECT id, name, role, active FROM till_users WHERE id = ?1")?
        .query_row([user_id], member_from_row)
        .optional()?
        .ok_or_else(|| CoreError::UnknownUser(user_id.to_owned()))?;
    if target.user.role == Role::Owner && actor.role != Role::Owner {
        return Err(CoreError::OwnerRequired {
            action: "changing an owner",
        });
    }
    Ok((actor, target))
}

/// Refuses when `target` is the only active owner: without one, nobody could add owners
/// or change them again.
fn refuse_losing_the_last_owner(
    transaction: &Transaction<'_>,
    target: &TeamMember,
) -> Result<(), CoreError> {
    let active_owners: i64 = transaction.query_row(
        "SELECT COUNT(*) FROM till_users WHERE role = 'owner' AND active = 1",
        [],
        |row| row.get(0),
    )?;
    if target.active && active_owners <= 1 {
        return Err(CoreError::LastActiveOwner {
            name: target.user.name.clone(),
        });
    }
    Ok(())
}

fn audit(
    transaction: &Transaction<'_>,
    actor: &TillUser,
    target: &TeamMember,
    action: &str,
    (before, after): (serde_json::Value, serde_json::Value),
) -> Result<(), CoreError> {
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(&actor.id),
            approved_by: None,
            action,
            entity: "till_user",
            entity_id: &target.user.id,
            before: Some(before),
            after: Some(after),
            occurred_at: now_millis(),
        },
    )
}
