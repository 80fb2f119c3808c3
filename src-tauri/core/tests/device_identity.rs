//! The device identity on real files: the owner-only key file, epochs minted when the
//! database and the key disagree, a new device when the key is lost, and a damaged key
//! reported without a panic and without being overwritten.

mod support;

use std::path::Path;

use base64::Engine;

use fflow_core::StoreDatabase;
use fflow_core::licensing::test_support::install_license_for_tests;
use fflow_core::licensing::{
    DeviceIdentity, DeviceKeyLocation, IdentityOutcome, KeyStoreKind, key_file_path,
    license_report, open_device_identity,
};

fn open_identity(database: &StoreDatabase, folder: &Path, keyring: bool) -> DeviceIdentity {
    try_open_identity(database, folder, keyring).expect("open the device identity")
}

fn try_open_identity(
    database: &StoreDatabase,
    folder: &Path,
    use_os_keyring: bool,
) -> Result<DeviceIdentity, fflow_core::CoreError> {
    open_device_identity(
        database,
        DeviceKeyLocation {
            data_folder: folder,
            use_os_keyring,
        },
    )
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

#[test]
fn the_file_fallback_is_owner_only_and_gives_the_same_identity_again() {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    let first = open_identity(&database, folder.path(), false);
    assert_eq!(first.outcome, IdentityOutcome::Created);
    assert_eq!(first.key_store, KeyStoreKind::File);
    let key_file = key_file_path(folder.path());
    #[cfg(unix)]
    {
        assert_eq!(mode_of(&key_file), 0o600, "only the owner may read the key");
        assert_eq!(
            mode_of(key_file.parent().expect("folder")),
            0o700,
            "only the owner may list the key's folder"
        );
    }
    assert!(
        !format!("{first:?}").contains("secret"),
        "Debug never shows the key"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644))
            .expect("someone loosens the file by hand");
    }
    let again = open_identity(&database, folder.path(), false);
    #[cfg(unix)]
    assert_eq!(
        mode_of(&key_file),
        0o600,
        "reading the key locks it down again"
    );
    assert_eq!(again.outcome, IdentityOutcome::Loaded);
    assert_eq!(
        (again.device_id, again.epoch, again.public_key_base64()),
        (first.device_id, first.epoch, first.public_key_base64()),
        "a restart is the same device in the same epoch"
    );
    let public_key = base64::engine::general_purpose::STANDARD
        .decode(first.public_key_base64())
        .expect("base64");
    let public_key =
        ed25519_dalek::VerifyingKey::from_bytes(&public_key.try_into().expect("32 bytes"))
            .expect("a public key");
    assert!(
        public_key
            .verify_strict(b"challenge", &again.sign(b"challenge"))
            .is_ok(),
        "the reloaded private key is the one whose public key activation sent"
    );
}

#[test]
fn the_store_in_use_is_where_the_key_actually_is() {
    // On a machine without a keyring service (headless Linux, CI) this takes the file;
    // with one it takes the keyring and writes no file. Either way the report is true.
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    let identity = open_identity(&database, folder.path(), true);
    let file_exists = key_file_path(folder.path()).exists();
    match identity.key_store {
        KeyStoreKind::File => assert!(file_exists, "the file store must hold the key"),
        KeyStoreKind::OsKeyring => assert!(!file_exists, "no key file next to the keyring"),
    }
    let again = open_identity(&database, folder.path(), true);
    assert_eq!(again.outcome, IdentityOutcome::Loaded);
    assert_eq!(again.device_id, identity.device_id);
}

#[test]
fn a_restored_or_replaced_database_gets_a_new_epoch_for_the_same_device() {
    let folder = tempfile::tempdir().expect("temp dir");
    let backup = tempfile::tempdir().expect("backup dir");
    let database_file = folder.path().join(fflow_core::database::DATABASE_FILE_NAME);
    let first = {
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        open_identity(&database, folder.path(), false)
    };
    // A backup of the database as it is now (closed, so the WAL is merged in).
    std::fs::copy(&database_file, backup.path().join("backup.sqlite3")).expect("back up");

    // Reinstall: the database is gone, the key is not.
    std::fs::remove_file(&database_file).expect("remove the database");
    let second = {
        let database = StoreDatabase::open_in(folder.path()).expect("open a new database");
        open_identity(&database, folder.path(), false)
    };
    assert_eq!(second.outcome, IdentityOutcome::NewEpoch);
    assert_eq!(second.device_id, first.device_id, "the same device");
    assert_ne!(second.epoch, first.epoch, "a new outbox stream");

    // Restore the old backup: it names the first epoch, the key the second.
    std::fs::copy(backup.path().join("backup.sqlite3"), &database_file).expect("restore");
    let database = StoreDatabase::open_in(folder.path()).expect("open the restored database");
    let third = open_identity(&database, folder.path(), false);
    assert_eq!(third.outcome, IdentityOutcome::NewEpoch);
    assert_eq!(third.device_id, first.device_id);
    assert!(
        third.epoch != first.epoch && third.epoch != second.epoch,
        "a restored database never reuses an epoch"
    );
    assert_eq!(
        open_identity(&database, folder.path(), false).outcome,
        IdentityOutcome::Loaded,
        "once minted, database and key agree again"
    );
}

#[test]
fn a_lost_key_makes_a_new_device_whose_old_license_no_longer_applies() {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = support::activated_store_database(folder.path());
    let before = license_report(&database).expect("report");
    assert_eq!(before.state.code(), "active");
    std::fs::remove_file(key_file_path(folder.path())).expect("lose the key");

    let identity = open_identity(&database, folder.path(), false);
    assert_eq!(identity.outcome, IdentityOutcome::NewDevice);
    assert_ne!(Some(identity.device_id), before.device_id);
    let after = license_report(&database).expect("report");
    assert_eq!(
        after.state.code(),
        "invalid",
        "the license names the old device, so this one must be activated again"
    );
    install_license_for_tests(&database).expect("activate the new device");
    assert_eq!(
        license_report(&database).expect("report").state.code(),
        "active"
    );
}

#[test]
fn a_damaged_key_is_a_clear_error_and_is_left_for_support() {
    let folder = tempfile::tempdir().expect("temp dir");
    let database = StoreDatabase::open_in(folder.path()).expect("open");
    open_identity(&database, folder.path(), false);
    let key_file = key_file_path(folder.path());
    for damage in ["", "{not json", r#"{"version":1,"device_id":"x"}"#] {
        std::fs::write(&key_file, damage).expect("damage the key");
        let error = try_open_identity(&database, folder.path(), false)
            .expect_err("a damaged key cannot be used");
        assert_eq!(error.code(), "device_key_corrupt", "{damage:?}");
        assert_eq!(
            std::fs::read_to_string(&key_file).expect("read"),
            damage,
            "the damaged key is not overwritten"
        );
    }
}
