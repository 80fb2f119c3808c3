//! Till users: who works the counter, their role, and their PIN (Argon2-hashed; the PIN
//! itself is never stored or logged).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub mod pin_attempts;

use crate::licensing::enforcement::{LimitedResource, require_within_limit};
use crate::records::{new_id, now_millis};
use crate::{CoreError, StoreDatabase};

/// What a till user may do. Managers and owners approve refunds, voids and overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Cashier,
    Manager,
    Owner,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Manager => "manager",
            Role::Owner => "owner",
        }
    }

    pub(crate) fn parse(text: &str) -> Role {
        match text {
            "owner" => Role::Owner,
            "manager" => Role::Manager,
            _ => Role::Cashier,
        }
    }

    /// Whether this role may approve actions that need a manager.
    pub fn approves(self) -> bool {
        matches!(self, Role::Manager | Role::Owner)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TillUser {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// Adds a till user with `pin` (4 to 8 digits).
pub fn create_till_user(
    database: &StoreDatabase,
    name: &str,
    role: Role,
    pin: &str,
) -> Result<TillUser, CoreError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "name",
            reason: "a till user needs a name".to_owned(),
        });
    }
    let pin_hash = hash_pin(pin)?;
    let user = TillUser {
        id: new_id(),
        name: name.to_owned(),
        role,
    };
    database.write(|transaction| {
        transaction.execute(
            "INSERT INTO till_users (id, name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![user.id, user.name, role.as_str(), pin_hash, now_millis()],
        )?;
        require_within_limit(transaction, LimitedResource::TillUsers)
    })?;
    Ok(user)
}

/// The active till user `user_id` if `pin` is theirs. Wrong PINs are counted and lock
/// the user out for a while after too many (see [`pin_attempts`]).
pub fn sign_in(database: &StoreDatabase, user_id: &str, pin: &str) -> Result<TillUser, CoreError> {
    let found: Option<(String, String, String)> = database.read(|connection| {
        Ok(connection
            .query_row(
                "SELECT name, role, pin_hash FROM till_users WHERE id = ?1 AND active = 1",
                [user_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?)
    })?;
    let (name, role, pin_hash) = found.ok_or_else(|| CoreError::UnknownUser(user_id.to_owned()))?;
    pin_attempts::refuse_while_locked(database, user_id)?;
    let parsed = PasswordHash::new(&pin_hash).map_err(|_| CoreError::WrongPin)?;
    if Argon2::default()
        .verify_password(pin.as_bytes(), &parsed)
        .is_err()
    {
        return Err(pin_attempts::record_wrong_pin(database, user_id));
    }
    pin_attempts::clear_wrong_pins(database, user_id)?;
    Ok(TillUser {
        id: user_id.to_owned(),
        name,
        role: Role::parse(&role),
    })
}

/// Proof that a manager approved an action with their PIN. It can only be made by
/// [`manager_approval`], so core functions that take one know the PIN was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerApproval {
    manager: TillUser,
}

impl ManagerApproval {
    pub fn manager(&self) -> &TillUser {
        &self.manager
    }
}

/// An approval when `manager_id` + `pin` belong to an active manager or owner.
pub fn manager_approval(
    database: &StoreDatabase,
    manager_id: &str,
    pin: &str,
    action: &'static str,
) -> Result<ManagerApproval, CoreError> {
    let manager = sign_in(database, manager_id, pin)?;
    if manager.role.approves() {
        Ok(ManagerApproval { manager })
    } else {
        Err(CoreError::ManagerApprovalRequired { action })
    }
}

/// The active till user `user_id` on `connection` (inside a write transaction, so the
/// user cannot be deactivated before it commits), or [`CoreError::UnknownUser`].
pub(crate) fn require_active_user(
    connection: &Connection,
    user_id: &str,
) -> Result<TillUser, CoreError> {
    connection
        .prepare_cached("SELECT name, role FROM till_users WHERE id = ?1 AND active = 1")?
        .query_row([user_id], |row| {
            let role: String = row.get(1)?;
            Ok(TillUser {
                id: user_id.to_owned(),
                name: row.get(0)?,
                role: Role::parse(&role),
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::UnknownUser(user_id.to_owned()))
}

/// `actor` as stored now on `connection`, if still an active manager or owner. The role
/// is read again rather than trusted from sign-in: it may have changed since.
pub(crate) fn require_approver(
    connection: &Connection,
    actor: &TillUser,
    action: &'static str,
) -> Result<TillUser, CoreError> {
    let actor = require_active_user(connection, &actor.id)?;
    if actor.role.approves() {
        Ok(actor)
    } else {
        Err(CoreError::ManagerApprovalRequired { action })
    }
}

/// Active till users, for the sign-in screen.
pub fn list_till_users(database: &StoreDatabase) -> Result<Vec<TillUser>, CoreError> {
    database.read(|connection| {
        let mut statement = connection.prepare_cached(
            "SELECT id, name, role FROM till_users WHERE active = 1 ORDER BY name",
        )?;
        let users = statement.query_map([], |row| {
            let role: String = row.get(2)?;
            Ok(TillUser {
                id: row.get(0)?,
                name: row.get(1)?,
                role: Role::parse(&role),
            })
        })?;
        Ok(users.collect::<Result<Vec<_>, _>>()?)
    })
}

pub(crate) fn hash_pin(pin: &str) -> Result<String, CoreError> {
    if !(4..=8).contains(&pin.len()) || !pin.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(CoreError::InvalidInput {
            field: "pin",
            reason: "a PIN has 4 to 8 digits".to_owned(),
        });
    }
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| CoreError::InvalidInput {
            field: "pin",
            reason: format!("the PIN could not be hashed: {error}"),
        })
}
