//! The store's local SQLite database: where it lives, how it is opened, and its migrations.
//!
//! Settings follow DESIGN.md: WAL journal, `synchronous=FULL` (money is recorded here),
//! foreign keys on, and a busy timeout. Migrations come from `migrations/` at the
//! repository root and are embedded in the binary, so an installed app never looks for SQL
//! files on disk.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::CoreError;

/// File name of the store database inside the data folder.
pub const DATABASE_FILE_NAME: &str = "fflow-store.sqlite3";

/// How long a connection waits for another one's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Every migration, oldest first. Never edit one that has shipped: add a new one.
const MIGRATION_SCRIPTS: &[&str] = &[include_str!("../../../migrations/0001_settings.sql")];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SCRIPTS.iter().map(|sql| M::up(sql)).collect()));

/// The schema version this build produces. `rusqlite_migration` records the number of
/// applied migrations in SQLite's `user_version`.
pub fn latest_schema_version() -> u32 {
    MIGRATION_SCRIPTS.len() as u32
}

/// The open store database.
#[derive(Debug)]
pub struct StoreDatabase {
    path: PathBuf,
    connection: Connection,
}

impl StoreDatabase {
    /// Opens (creating if needed) the database in `data_folder` and migrates it to the
    /// latest schema. A database from a newer build is refused rather than touched.
    pub fn open_in(data_folder: &Path) -> Result<StoreDatabase, CoreError> {
        std::fs::create_dir_all(data_folder).map_err(|source| CoreError::DataFolder {
            path: data_folder.to_path_buf(),
            source,
        })?;
        let path = data_folder.join(DATABASE_FILE_NAME);
        let open_error = |source| CoreError::DatabaseOpen {
            path: path.clone(),
            source,
        };
        let mut connection = Connection::open(&path).map_err(open_error)?;
        configure(&connection).map_err(open_error)?;
        MIGRATIONS
            .to_latest(&mut connection)
            .map_err(|source| CoreError::DatabaseMigration {
                path: path.clone(),
                source,
            })?;
        Ok(StoreDatabase { path, connection })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file (SQLite's `user_version`).
    pub fn schema_version(&self) -> Result<u32, CoreError> {
        let version = self
            .connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))?;
        Ok(version)
    }

    /// The journal mode SQLite reports for this connection (`wal` once opened).
    pub fn journal_mode(&self) -> Result<String, CoreError> {
        let mode = self
            .connection
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        Ok(mode)
    }
}

fn configure(connection: &Connection) -> Result<(), rusqlite::Error> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // `journal_mode` answers with a row, so it is read rather than executed.
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_sql_in_order() {
        MIGRATIONS
            .validate()
            .expect("every embedded migration applies to an empty database");
    }

    #[test]
    fn opening_creates_the_file_in_wal_mode_at_the_latest_schema() {
        let folder = tempfile::tempdir().expect("temp dir");
        let data_folder = folder.path().join("nested").join("data");
        let database = StoreDatabase::open_in(&data_folder).expect("opens a new database");
        assert!(
            database.path().is_file(),
            "the database file must exist on disk, not only in memory"
        );
        assert_eq!(database.path(), data_folder.join(DATABASE_FILE_NAME));
        assert_eq!(
            database.schema_version().expect("reads user_version"),
            latest_schema_version(),
            "a fresh database gets every migration"
        );
        assert_eq!(
            database.journal_mode().expect("reads journal_mode"),
            "wal",
            "WAL keeps readers off the writer's back"
        );
    }

    #[test]
    fn reopening_keeps_data_and_does_not_migrate_twice() {
        let folder = tempfile::tempdir().expect("temp dir");
        {
            let database = StoreDatabase::open_in(folder.path()).expect("first open");
            database
                .connection
                .execute(
                    "INSERT INTO settings (key, value) VALUES ('store_name', 'Pet Feliz')",
                    [],
                )
                .expect("insert a setting");
        }
        let database = StoreDatabase::open_in(folder.path()).expect("second open");
        let name: String = database
            .connection
            .query_row(
                "SELECT value FROM settings WHERE key = 'store_name'",
                [],
                |row| row.get(0),
            )
            .expect("the setting survives a reopen");
        assert_eq!(name, "Pet Feliz");
        assert_eq!(
            database.schema_version().expect("reads user_version"),
            latest_schema_version()
        );
    }

    #[test]
    fn a_database_from_a_newer_build_is_refused() {
        let folder = tempfile::tempdir().expect("temp dir");
        {
            let database = StoreDatabase::open_in(folder.path()).expect("first open");
            database
                .connection
                .pragma_update(None, "user_version", latest_schema_version() + 1)
                .expect("pretend a newer build migrated it");
        }
        let error = StoreDatabase::open_in(folder.path()).expect_err("must not touch it");
        assert_eq!(
            error.code(),
            "database_migration",
            "an older app must refuse a newer schema instead of corrupting it"
        );
    }

    #[test]
    fn a_data_folder_that_is_a_file_gives_a_clear_error() {
        let folder = tempfile::tempdir().expect("temp dir");
        let blocker = folder.path().join("blocker");
        std::fs::write(&blocker, b"not a folder").expect("write a file");
        let error = StoreDatabase::open_in(&blocker).expect_err("a file is not a folder");
        assert_eq!(error.code(), "data_folder");
    }
}
