//! Tenants and their users: creating them with validated fields, inside tenant-scoped
//! transactions, each creation recorded in the audit log.

mod tenants;
mod users;

pub use tenants::{NewTenant, TenantMode, create_tenant, insert_tenant};
pub use users::{NewUser, UserId, UserRole, create_user};

use fflow_protocol::TaxIdError;

use crate::passwords::PasswordError;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the tenant name is empty")]
    EmptyName,
    #[error(transparent)]
    TaxId(#[from] TaxIdError),
    #[error("a live tenant with CNPJ {cnpj} already exists")]
    CnpjTaken { cnpj: String },
    #[error("{email:?} is not an email address")]
    MalformedEmail { email: String },
    #[error("this tenant already has a user with email {email}")]
    EmailTaken { email: String },
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Whether `error` is the violation of the unique constraint or index `name`.
fn violates_unique(error: &sqlx::Error, name: &str) -> bool {
    error
        .as_database_error()
        .is_some_and(|error| error.is_unique_violation() && error.constraint() == Some(name))
}
