//! Creating the users of a tenant: people who sign in to the hub with an email and an
//! Argon2id-hashed password, under one of four roles.

use fflow_protocol::Cpf;
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{AccountError, violates_unique};
use crate::audit::{ActorKind, AuditEntry, append_audit};
use crate::passwords::{Password, hash_password};
use crate::tenancy::TenantId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub Uuid);

/// What a user may do is decided by the role; the database checks the same list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserRole {
    /// Holds the contract: billing, plan, every admin right.
    Owner,
    /// Runs the stores: devices, users below admin, catalog.
    Admin,
    /// Works at the counter; reads what the store needs.
    Staff,
    /// F-Flow support staff; reaches other tenants only through the audited support path.
    Support,
}

impl UserRole {
    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Owner => "owner",
            UserRole::Admin => "admin",
            UserRole::Staff => "staff",
            UserRole::Support => "support",
        }
    }

    /// The role named as the database stores it.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "owner" => Some(UserRole::Owner),
            "admin" => Some(UserRole::Admin),
            "staff" => Some(UserRole::Staff),
            "support" => Some(UserRole::Support),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub cpf: Option<Cpf>,
    pub password: Password,
    pub role: UserRole,
}

/// Adds a user to the tenant of `transaction` (opened with
/// [`crate::tenancy::begin_for_tenant`]) and records it in the audit log. The email is
/// stored trimmed and lower-case, so `Ana@X.com` and `ana@x.com` are one user.
pub async fn create_user(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    user: &NewUser,
    actor_kind: ActorKind,
    actor: &str,
) -> Result<UserId, AccountError> {
    let email = normalize_email(&user.email)?;
    let password_hash = hash_password(&user.password)?;
    let id = UserId(Uuid::now_v7());
    sqlx::query(
        "INSERT INTO users (tenant_id, id, email, cpf, password_hash, role)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(&email)
    .bind(user.cpf.as_ref().map(Cpf::as_str))
    .bind(&password_hash)
    .bind(user.role.as_str())
    .execute(&mut **transaction)
    .await
    .map_err(|error| {
        if violates_unique(&error, "users_tenant_id_email_key") {
            AccountError::EmailTaken {
                email: email.clone(),
            }
        } else {
            AccountError::Database(error)
        }
    })?;
    append_audit(
        transaction,
        AuditEntry {
            tenant,
            actor_kind,
            actor,
            action: "user.create",
            reason: None,
            before: None,
            // Never the password or its hash: the audit log is read by people.
            after: Some(json!({ "id": id.0, "email": email, "role": user.role.as_str() })),
        },
    )
    .await?;
    Ok(id)
}

fn normalize_email(email: &str) -> Result<String, AccountError> {
    let email = email.trim().to_lowercase();
    let well_formed = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    }) && !email.chars().any(char::is_whitespace);
    if !well_formed {
        return Err(AccountError::MalformedEmail { email });
    }
    Ok(email)
}
