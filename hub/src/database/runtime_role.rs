//! The runtime role `serve` acts as, and the start-up check that it really is subject to
//! row-level security.
//!
//! `serve` connects with the owner's `DATABASE_URL` and switches every new connection to
//! [`RUNTIME_ROLE`] with a session-level `SET ROLE`. That is safe to keep for the life of a
//! pooled connection because it is the same for every request; what differs per request
//! (the tenant) is set transaction-locally by [`crate::tenancy`].

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, PgPool};

use super::{CONNECT_TIMEOUT, DatabaseError, describe_target};

/// Created by the migrations: NOLOGIN, no superuser, no BYPASSRLS, owns nothing.
pub const RUNTIME_ROLE: &str = "fflow_app";

/// Spelled out rather than formatted: sqlx wants a `'static` query string here.
const SET_RUNTIME_ROLE: &str = "SET ROLE fflow_app";

/// What PostgreSQL says about the role a connection acts as.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EffectiveRole {
    pub name: String,
    pub is_superuser: bool,
    pub bypasses_row_security: bool,
    /// Tables, views and sequences it owns; an owner could disable RLS on them.
    pub owned_relations: i64,
}

/// Opens a pool whose every connection acts as [`RUNTIME_ROLE`], and refuses it unless that
/// role is subject to row-level security, so a misconfigured database stops start-up
/// instead of silently serving every tenant's rows to every tenant.
pub async fn connect_as_runtime_role(options: PgConnectOptions) -> Result<PgPool, DatabaseError> {
    let target = describe_target(&options);
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_connect(|connection, _metadata| {
            Box::pin(async move {
                connection.execute(SET_RUNTIME_ROLE).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|source| classify_connect_error(target.clone(), source))?;
    let role = effective_role(&pool)
        .await
        .map_err(|source| DatabaseError::Unreachable {
            target: target.clone(),
            source,
        })?;
    refuse_if_not_subject_to_row_security(&role)?;
    Ok(pool)
}

/// The role the pool's connections act as now (`current_user`, which `SET ROLE` changes).
pub async fn effective_role(pool: &PgPool) -> Result<EffectiveRole, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.rolname AS name,
                r.rolsuper AS is_superuser,
                r.rolbypassrls AS bypasses_row_security,
                (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations
         FROM pg_roles r
         WHERE r.rolname = current_user",
    )
    .fetch_one(pool)
    .await
}

/// Superusers and BYPASSRLS roles skip row-level security even where it is forced, and an
/// owner may turn it off: any of these would make tenant isolation a matter of luck.
pub fn refuse_if_not_subject_to_row_security(role: &EffectiveRole) -> Result<(), DatabaseError> {
    if role.is_superuser || role.bypasses_row_security || role.owned_relations > 0 {
        return Err(DatabaseError::RuntimeRoleBypassesRowSecurity {
            role: role.name.clone(),
            is_superuser: role.is_superuser,
            bypasses_row_security: role.bypasses_row_security,
            owned_relations: role.owned_relations,
        });
    }
    Ok(())
}

/// A missing role means the migrations have not run; say so rather than "role does not
/// exist", which reads like a typo in the URL.
fn classify_connect_error(target: String, source: sqlx::Error) -> DatabaseError {
    let role_is_missing = source
        .as_database_error()
        .and_then(|error| error.code())
        .is_some_and(|code| code == "22023" || code == "42704");
    if role_is_missing {
        DatabaseError::RuntimeRoleMissing { target }
    } else {
        DatabaseError::Unreachable { target, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(
        is_superuser: bool,
        bypasses_row_security: bool,
        owned_relations: i64,
    ) -> EffectiveRole {
        EffectiveRole {
            name: "someone".to_owned(),
            is_superuser,
            bypasses_row_security,
            owned_relations,
        }
    }

    #[test]
    fn the_role_switched_to_is_the_runtime_role() {
        assert_eq!(
            SET_RUNTIME_ROLE,
            format!("SET ROLE {RUNTIME_ROLE}"),
            "start-up checks RUNTIME_ROLE, so connections must switch to exactly that role"
        );
    }

    #[test]
    fn only_a_role_subject_to_row_security_may_serve() {
        let cases = [
            (role(false, false, 0), true),
            (role(true, false, 0), false),
            (role(false, true, 0), false),
            (role(false, false, 1), false),
        ];
        for (role, may_serve) in cases {
            assert_eq!(
                refuse_if_not_subject_to_row_security(&role).is_ok(),
                may_serve,
                "{role:?}: serving as a role that skips or can disable RLS leaks tenants"
            );
        }
    }
}
