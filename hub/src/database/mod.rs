//! Connecting to PostgreSQL and running the hub's migrations.
//!
//! `migrate` connects as the owner from `DATABASE_URL`; `serve` connects the same way but
//! acts as the runtime role (see `runtime_role`), which row-level security applies to.

mod runtime_role;

pub use runtime_role::{
    EffectiveRole, RUNTIME_ROLE, connect_as_runtime_role, effective_role,
    refuse_if_not_subject_to_row_security,
};

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgPool};

/// The hub's migrations, embedded in the binary from `hub/migrations/`.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long start-up and `/ready` wait for a connection before calling the database gone.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(sqlx::Error),
    #[error("could not connect to the database at {target}: {source}")]
    Unreachable { target: String, source: sqlx::Error },
    #[error(
        "the database at {target} has schema version {applied} and this hub needs {needed}: \
         run `fflow-hub migrate` first"
    )]
    SchemaBehind {
        target: String,
        applied: i64,
        needed: i64,
    },
    #[error("the database at {target} did not answer within {CONNECT_TIMEOUT:?}")]
    TimedOut { target: String },
    #[error("migrations failed on the database at {target}: {source}")]
    Migration {
        target: String,
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "cannot act as the runtime role fflow_app on the database at {target} ({reason}): \
         run `fflow-hub migrate` first, or GRANT fflow_app to the user in DATABASE_URL"
    )]
    RuntimeRoleUnavailable { target: String, reason: String },
    #[error(
        "refusing to serve: role {role} is not subject to row-level security \
         (superuser: {is_superuser}, bypassrls: {bypasses_row_security}, owns {owned_relations} relations)"
    )]
    RuntimeRoleBypassesRowSecurity {
        role: String,
        is_superuser: bool,
        bypasses_row_security: bool,
        owned_relations: i64,
    },
}

/// A pooled connection that waited longer than this since its last use is pinged before
/// it is handed out; one used more recently is handed out as it is.
pub const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

/// How the hub's pools are set up. sqlx pings every connection before handing it out,
/// a round trip on every request; a connection that answered a moment ago is alive
/// all but always, and the ones that died unseen (a restarted server, a dropped idle
/// connection) did so while they sat idle, so only those are pinged. One that fails the
/// ping is dropped and another opened, as before.
pub fn pool_options() -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(CONNECT_TIMEOUT)
        .test_before_acquire(false)
        .before_acquire(|connection, metadata| {
            Box::pin(async move {
                if metadata.idle_for >= PING_WHEN_IDLE_FOR {
                    connection.ping().await?;
                }
                Ok(true)
            })
        })
}

/// Parses `DATABASE_URL` into connection options.
pub fn parse_url(database_url: &str) -> Result<PgConnectOptions, DatabaseError> {
    database_url.parse().map_err(DatabaseError::BadUrl)
}

/// Opens a pool and proves the database answers, so a bad URL stops start-up at once
/// instead of failing the first request.
pub async fn connect(database_url: &str) -> Result<PgPool, DatabaseError> {
    let options = parse_url(database_url)?;
    let target = describe_target(&options);
    let pool = pool_options()
        .connect_with(options)
        .await
        .map_err(|source| DatabaseError::Unreachable { target, source })?;
    Ok(pool)
}

/// Applies every pending migration.
pub async fn migrate(pool: &PgPool) -> Result<(), DatabaseError> {
    MIGRATOR
        .run(pool)
        .await
        .map_err(|source| DatabaseError::Migration {
            target: describe_target(&pool.connect_options()),
            source,
        })
}

/// Whether the database answers a trivial query now.
pub async fn is_reachable(pool: &PgPool) -> bool {
    sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(pool)
        .await
        .is_ok()
}

/// `host:port/database` without the user's password, for messages and logs.
pub(crate) fn describe_target(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(default database)")
    )
}
