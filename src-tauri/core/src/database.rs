//! The store's local SQLite database: where it lives, how it is opened, its migrations,
//! and the one way to write to it.
//!
//! Settings follow DESIGN.md: WAL journal, `synchronous=FULL` (money is recorded here),
//! foreign keys on, and a busy timeout. All writes go through one writer connection in
//! `BEGIN IMMEDIATE` transactions (a deferred transaction that later wants to write fails
//! at once with `SQLITE_BUSY` when another connection writes, whatever the timeout);
//! reads come from a small pool, so a long report never holds the counter's writes up.
//! Migrations come from `migrations/` at the repository root and are embedded in the
//! binary, so an installed app never looks for SQL files on disk.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::CoreError;
use crate::licensing::Clock;

/// File name of the store database inside the data folder.
pub const DATABASE_FILE_NAME: &str = "fflow-store.sqlite3";

/// How long a connection waits for another one's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Every migration, oldest first. Never edit one that has shipped: add a new one.
const MIGRATION_SCRIPTS: &[&str] = &[
    include_str!("../../../migrations/0001_settings.sql"),
    include_str!("../../../migrations/0002_store_domain.sql"),
    include_str!("../../../migrations/0003_returns.sql"),
    include_str!("../../../migrations/0004_print_jobs.sql"),
    include_str!("../../../migrations/0005_customers_held_carts.sql"),
    include_str!("../../../migrations/0006_licensing.sql"),
    include_str!("../../../migrations/0007_hub_link.sql"),
    include_str!("../../../migrations/0008_command_pull.sql"),
    include_str!("../../../migrations/0009_pin_attempts.sql"),
    include_str!("../../../migrations/0010_print_job_problem.sql"),
];

/// Readers kept open for look-ups and reports.
const READER_POOL_SIZE: u32 = 4;

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SCRIPTS.iter().map(|sql| M::up(sql)).collect()));

/// The schema version this build produces. `rusqlite_migration` records the number of
/// applied migrations in SQLite's `user_version`.
pub fn latest_schema_version() -> u32 {
    MIGRATION_SCRIPTS.len() as u32
}

/// The open store database: one writer, a pool of readers.
#[derive(Debug)]
pub struct StoreDatabase {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: r2d2::Pool<SqliteConnectionManager>,
    /// Its own connection, so a checkpoint never waits for (or holds up) the writer.
    checkpointer: Mutex<Connection>,
    /// What licensing reads as `now` in this database's writes.
    clock: Clock,
}

impl StoreDatabase {
    /// Opens (creating if needed) the database in `data_folder` and migrates it to the
    /// latest schema. A database from a newer build is refused rather than touched.
    pub fn open_in(data_folder: &Path) -> Result<StoreDatabase, CoreError> {
        StoreDatabase::open_with_clock(data_folder, Clock::system())
    }

    /// [`StoreDatabase::open_in`] with licensing reading `clock` (a manual one in tests;
    /// release builds only have the system clock).
    pub fn open_with_clock(data_folder: &Path, clock: Clock) -> Result<StoreDatabase, CoreError> {
        std::fs::create_dir_all(data_folder).map_err(|source| CoreError::DataFolder {
            path: data_folder.to_path_buf(),
            source,
        })?;
        let path = data_folder.join(DATABASE_FILE_NAME);
        let open_error = |source| CoreError::DatabaseOpen {
            path: path.clone(),
            source,
        };
        let mut writer = Connection::open(&path).map_err(open_error)?;
        configure_writer(&writer).map_err(open_error)?;
        MIGRATIONS
            .to_latest(&mut writer)
            .map_err(|source| CoreError::DatabaseMigration {
                path: path.clone(),
                source,
            })?;
        let manager = SqliteConnectionManager::file(&path).with_init(configure_reader);
        let readers = r2d2::Pool::builder()
            .max_size(READER_POOL_SIZE)
            .build(manager)
            .map_err(|error| CoreError::DatabaseOpen {
                path: path.clone(),
                source: rusqlite::Error::InvalidPath(PathBuf::from(error.to_string())),
            })?;
        let checkpointer = Connection::open(&path).map_err(open_error)?;
        checkpointer
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(open_error)?;
        Ok(StoreDatabase {
            path,
            writer: Mutex::new(writer),
            readers,
            checkpointer: Mutex::new(checkpointer),
            clock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The time licensing sees for this database, in Unix seconds.
    pub fn clock_now(&self) -> i64 {
        self.clock.now()
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction on the writer and commits it; any
    /// error rolls everything back. A database that stays locked by another process past
    /// the busy timeout is reported as [`CoreError::DatabaseBusy`], which callers treat
    /// as transient (try again), never as data loss.
    pub fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        let mut writer = self
            .writer
            .lock()
            .map_err(|_| CoreError::DatabasePoisoned)?;
        let transaction = begin_immediate(&mut writer)?;
        #[cfg(feature = "test-support")]
        let _clock = crate::licensing::enter_write_clock(&self.clock);
        let value = work(&transaction)?;
        transaction.commit().map_err(busy_or_database)?;
        Ok(value)
    }

    /// Runs `work` on a pooled read connection.
    pub fn read<T>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        let reader = self
            .readers
            .get()
            .map_err(|error| CoreError::DatabaseUnavailable(error.to_string()))?;
        work(&reader)
    }

    /// Moves what the WAL holds into the database file (PASSIVE checkpoints on its own
    /// connection). Called from a timer, never on the sale path; without it, long-lived
    /// readers would let the WAL grow without bound.
    ///
    /// The first pass waits for nobody. SQLite rewinds a WAL to its start only when a
    /// write begins on a fully copied one, and under steady selling a sale is always
    /// committing or under way while that pass runs, so the WAL would never rewind: every
    /// sale would append to a file growing by tens of kilobytes a sale (the P1 bench ended
    /// with 164 MB). So a second pass copies what came in meanwhile while holding the
    /// writer, and the next sale writes over the start of the WAL again. A sale arriving
    /// in that moment waits for that tail's copy only.
    pub fn checkpoint(&self) -> Result<(), CoreError> {
        let checkpointer = self
            .checkpointer
            .lock()
            .map_err(|_| CoreError::DatabasePoisoned)?;
        passive_checkpoint(&checkpointer)?;
        // Lock order: checkpointer, then writer; `write` takes the writer alone.
        let _writer = self
            .writer
            .lock()
            .map_err(|_| CoreError::DatabasePoisoned)?;
        passive_checkpoint(&checkpointer)?;
        Ok(())
    }

    /// The schema version recorded in the file (SQLite's `user_version`).
    pub fn schema_version(&self) -> Result<u32, CoreError> {
        self.read(|connection| {
            Ok(connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
        })
    }

    /// The journal mode SQLite reports (`wal` once opened).
    pub fn journal_mode(&self) -> Result<String, CoreError> {
        self.read(|connection| {
            Ok(connection.query_row("PRAGMA journal_mode", [], |row| row.get(0))?)
        })
    }
}

/// One PASSIVE checkpoint: copies the frames no reader still needs, waits for nobody.
fn passive_checkpoint(connection: &Connection) -> Result<(), CoreError> {
    connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
    Ok(())
}

fn begin_immediate(writer: &mut Connection) -> Result<Transaction<'_>, CoreError> {
    // SQLite's busy handler waits up to BUSY_TIMEOUT for the write lock here; a lock
    // still held after that is another process's long write, reported as transient.
    writer
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(busy_or_database)
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn busy_or_database(error: rusqlite::Error) -> CoreError {
    if is_busy(&error) {
        CoreError::DatabaseBusy
    } else {
        CoreError::Database(error)
    }
}

fn configure_writer(connection: &Connection) -> Result<(), rusqlite::Error> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // `journal_mode` answers with a row, so it is read rather than executed.
    let _mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // Checkpoints run from a timer (`checkpoint`), not inside a sale's commit.
    connection.pragma_update(None, "wal_autocheckpoint", 0)?;
    Ok(())
}

fn configure_reader(connection: &mut Connection) -> Result<(), rusqlite::Error> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // A reader that tries to write is a bug; make SQLite say so.
    connection.pragma_update(None, "query_only", "ON")?;
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
                .write(|transaction| {
                    transaction.execute(
                        "INSERT INTO settings (key, value) VALUES ('store_name', 'Pet Feliz')",
                        [],
                    )?;
                    Ok(())
                })
                .expect("insert a setting");
        }
        let database = StoreDatabase::open_in(folder.path()).expect("second open");
        let name: String = database
            .read(|connection| {
                Ok(connection.query_row(
                    "SELECT value FROM settings WHERE key = 'store_name'",
                    [],
                    |row| row.get(0),
                )?)
            })
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
            let writer = database.writer.lock().expect("writer");
            writer
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
    fn only_a_checkpoint_moves_committed_pages_into_the_database_file() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        let file_size = || std::fs::metadata(database.path()).expect("stat").len();
        let size_before_writes = file_size();
        for index in 0..200 {
            insert_setting(&database, &format!("key-{index}"));
        }
        assert_eq!(
            file_size(),
            size_before_writes,
            "with automatic checkpoints off, commits stay in the WAL (off the sale path)"
        );
        database.checkpoint().expect("checkpoint");
        assert!(
            file_size() >= size_before_writes + 200 * 1000,
            "the checkpoint copied the committed pages into the database file"
        );
        let count: i64 = database
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM settings", [], |row| row.get(0))?))
            .expect("count");
        assert_eq!(count, 200, "nothing was lost on the way");
    }

    #[test]
    fn a_data_folder_that_is_a_file_gives_a_clear_error() {
        let folder = tempfile::tempdir().expect("temp dir");
        let blocker = folder.path().join("blocker");
        std::fs::write(&blocker, b"not a folder").expect("write a file");
        let error = StoreDatabase::open_in(&blocker).expect_err("a file is not a folder");
        assert_eq!(error.code(), "data_folder");
    }

    /// Frames in the WAL now (a PASSIVE checkpoint reports them).
    fn wal_frames(database: &StoreDatabase) -> i64 {
        let checkpointer = database.checkpointer.lock().expect("checkpointer");
        checkpointer
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| row.get(1))
            .expect("wal_checkpoint")
    }

    fn insert_setting(database: &StoreDatabase, key: &str) {
        database
            .write(|transaction| {
                transaction.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    (key, "x".repeat(1000)),
                )?;
                Ok(())
            })
            .expect("write");
    }

    #[test]
    fn a_sale_committed_during_a_checkpoint_still_lets_the_next_write_rewind_the_wal() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = std::sync::Arc::new(StoreDatabase::open_in(folder.path()).expect("open"));
        for index in 0..100 {
            insert_setting(&database, &format!("before-{index}"));
        }
        // Read from the file's size: asking SQLite would checkpoint it.
        let wal_path = folder.path().join(format!("{DATABASE_FILE_NAME}-wal"));
        let frames_before = std::fs::metadata(&wal_path).expect("the WAL").len() / (4096 + 24);
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (commit_tx, commit_rx) = std::sync::mpsc::channel::<()>();
        // A sale under way while the timer's checkpoint starts.
        let sale = {
            let database = std::sync::Arc::clone(&database);
            std::thread::spawn(move || {
                database
                    .write(|transaction| {
                        transaction.execute(
                            "INSERT INTO settings (key, value) VALUES ('during', 'x')",
                            [],
                        )?;
                        started_tx.send(()).expect("signal");
                        commit_rx.recv().expect("go");
                        Ok(())
                    })
                    .expect("the sale commits");
            })
        };
        started_rx.recv().expect("the sale is under way");
        let timer = {
            let database = std::sync::Arc::clone(&database);
            std::thread::spawn(move || database.checkpoint().expect("checkpoint"))
        };
        commit_tx.send(()).expect("commit");
        sale.join().expect("sale thread");
        timer.join().expect("timer thread");
        insert_setting(&database, "after");
        let frames_after = wal_frames(&database);
        assert!(
            frames_before > 100 && frames_after < 10,
            "the write after the checkpoint must start the WAL over (it holds {frames_after} \
             frames, against {frames_before} before the checkpoint)"
        );
    }
}
