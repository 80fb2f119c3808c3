//! The runtime role `serve` acts as, and the start-up check that it really is subject to
//! row-level security.
//!
//! `serve` logs in with `DATABASE_URL` (the owner in development; in production, better a
//! login role that is only a member of the runtime role) and switches every new connection
//! to [`RUNTIME_ROLE`] with a session-level `SET ROLE`. That is safe to keep for the life
//! of a pooled connection because it is the same for every request; what differs per
//! request (the tenant) is set transaction-locally by [`crate::tenancy`]. Never reset
//! pooled connections with `DISCARD ALL` or `RESET ROLE`: that would undo the switch.

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection, PgExecutor, PgPool};

use super::{CONNECT_TIMEOUT, DatabaseError, describe_target, pool_options};

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
    probe_runtime_role(&options, &target).await?;
    pool_options()
        .after_connect(|connection, _metadata| {
            Box::pin(async move {
                connection.execute(SET_RUNTIME_ROLE).await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|source| DatabaseError::Unreachable { target, source })
}

/// Checks the role on one plain connection first: when `after_connect` fails, the pool
/// only retries until its timeout and reports "timed out", losing PostgreSQL's reason.
async fn probe_runtime_role(options: &PgConnectOptions, target: &str) -> Result<(), DatabaseError> {
    let unreachable = |source| DatabaseError::Unreachable {
        target: target.to_owned(),
        source,
    };
    let mut connection = tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(options))
        .await
        .map_err(|_| DatabaseError::TimedOut {
            target: target.to_owned(),
        })?
        .map_err(unreachable)?;
    connection
        .execute(SET_RUNTIME_ROLE)
        .await
        .map_err(|source| classify_set_role_error(target.to_owned(), source))?;
    let role = effective_role(&mut connection).await.map_err(unreachable)?;
    refuse_if_not_subject_to_row_security(&role)?;
    refuse_if_schema_is_behind(&mut connection, target).await?;
    warn_if_session_user_could_escape(&mut connection).await;
    // Closing politely only spares the server a log line; a failure here changes nothing.
    let _ = connection.close().await;
    Ok(())
}

/// A binary newer than its database would fail request by request on missing tables or
/// columns; stop at start-up instead. A newer schema is fine: during a rolling deploy the
/// old binaries keep serving while the new ones migrate.
async fn refuse_if_schema_is_behind(
    connection: &mut PgConnection,
    target: &str,
) -> Result<(), DatabaseError> {
    let needed = super::MIGRATOR
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0);
    let applied: Result<i64, sqlx::Error> =
        sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(connection)
            .await;
    let applied = match applied {
        Ok(version) => version,
        // No migrations table, or one the runtime role may not read: never migrated here.
        Err(error)
            if error
                .as_database_error()
                .and_then(|error| error.code())
                .is_some_and(|code| code == "42P01" || code == "42501") =>
        {
            0
        }
        Err(source) => {
            return Err(DatabaseError::Unreachable {
                target: target.to_owned(),
                source,
            });
        }
    };
    if applied < needed {
        return Err(DatabaseError::SchemaBehind {
            target: target.to_owned(),
            applied,
            needed,
        });
    }
    Ok(())
}

/// `SET ROLE` can be undone by `RESET ROLE`. If the login user is a superuser or bypasses
/// RLS, a statement that ran `RESET ROLE` (a bug, an injection) would escape every policy;
/// a login role whose only power is membership in the runtime role closes that door.
async fn warn_if_session_user_could_escape(connection: &mut PgConnection) {
    let escapes: Result<bool, sqlx::Error> = sqlx::query_scalar(
        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user",
    )
    .fetch_one(connection)
    .await;
    if let Ok(true) = escapes {
        tracing::warn!(
            "serve logs in as a role that bypasses row-level security and only switches to \
             {RUNTIME_ROLE}; in production log in as a role that is only a member of {RUNTIME_ROLE}"
        );
    }
}

/// The role a connection acts as now (`current_user`, which `SET ROLE` changes).
pub async fn effective_role(executor: impl PgExecutor<'_>) -> Result<EffectiveRole, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.rolname AS name,
                r.rolsuper AS is_superuser,
                r.rolbypassrls AS bypasses_row_security,
                (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owned_relations
         FROM pg_roles r
         WHERE r.rolname = current_user",
    )
    .fetch_one(executor)
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

/// `SET ROLE` fails when the role does not exist (22023: the migrations have not run) or
/// the user may not switch to it (42501); say what to do rather than pass on PostgreSQL's
/// words, which read like a typo in the URL.
fn classify_set_role_error(target: String, source: sqlx::Error) -> DatabaseError {
    let role_is_unavailable = source
        .as_database_error()
        .and_then(|error| error.code())
        .is_some_and(|code| code == "22023" || code == "42501");
    if role_is_unavailable {
        DatabaseError::RuntimeRoleUnavailable {
            target,
            reason: source.to_string(),
        }
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
