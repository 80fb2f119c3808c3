//! Where the device's private key is kept: the OS keyring (Keychain, Credential Manager,
//! Secret Service) when one answers, otherwise an owner-only file in the data folder
//! (folder 0700, file 0600), which is what a headless Linux counter gets.
//!
//! The key is stored with the device id, the device epoch and the machine fingerprint, so
//! the identity module can tell a restored database or a copied data folder from the
//! device it was made on. Nothing here logs or displays the key.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::CoreError;

/// The keyring service every F-Flow Store entry is filed under.
const KEYRING_SERVICE: &str = "com.fflow.store";
/// The key file, inside the data folder.
const KEY_FOLDER_NAME: &str = "device";
const KEY_FILE_NAME: &str = "device-key.json";
/// Bumped if the stored form ever changes, so an old build refuses a newer form clearly.
const STORED_FORMAT_VERSION: u32 = 1;

/// Which kind of store holds the key (recorded in the database, shown in diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStoreKind {
    OsKeyring,
    File,
}

impl KeyStoreKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStoreKind::OsKeyring => "os_keyring",
            KeyStoreKind::File => "file",
        }
    }

    pub fn parse(text: &str) -> Option<KeyStoreKind> {
        match text {
            "os_keyring" => Some(KeyStoreKind::OsKeyring),
            "file" => Some(KeyStoreKind::File),
            _ => None,
        }
    }
}

/// The device key with what identifies the installation it belongs to.
pub(crate) struct StoredDeviceKey {
    pub device_id: Uuid,
    pub epoch: Uuid,
    pub fingerprint: String,
    pub signing_key: SigningKey,
}

impl fmt::Debug for StoredDeviceKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("StoredDeviceKey")
            .field("device_id", &self.device_id)
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct StoredForm {
    version: u32,
    device_id: Uuid,
    epoch: Uuid,
    fingerprint: String,
    secret_key: String,
}

/// One concrete place for the key.
#[derive(Debug)]
pub(crate) enum DeviceKeyStore {
    OsKeyring(keyring::Entry),
    File(PathBuf),
}

/// The key file of the data folder `data_folder`.
pub fn key_file_path(data_folder: &Path) -> PathBuf {
    data_folder.join(KEY_FOLDER_NAME).join(KEY_FILE_NAME)
}

/// Picks the store for the data folder `data_folder`. A key file that exists wins (it is
/// where an earlier start put the key). A key recorded as being in the keyring must be
/// found there: if the keyring does not answer, that is an error, never a reason to mint a
/// new key elsewhere and lose the activation. Otherwise the keyring is used when it
/// answers and the file when it does not.
pub(crate) fn choose_key_store(
    data_folder: &Path,
    use_os_keyring: bool,
    recorded: Option<KeyStoreKind>,
) -> Result<DeviceKeyStore, CoreError> {
    let file = key_file_path(data_folder);
    if file.exists() || !use_os_keyring {
        return Ok(DeviceKeyStore::File(file));
    }
    let keyring_answer =
        keyring::Entry::new(KEYRING_SERVICE, &keyring_user(data_folder)).and_then(|entry| {
            match entry.get_password() {
                Ok(_) | Err(keyring::Error::NoEntry) => Ok(entry),
                Err(error) => Err(error),
            }
        });
    match (keyring_answer, recorded) {
        (Ok(entry), _) => Ok(DeviceKeyStore::OsKeyring(entry)),
        (Err(error), Some(KeyStoreKind::OsKeyring)) => Err(CoreError::DeviceKeyUnavailable {
            store: KeyStoreKind::OsKeyring.as_str(),
            reason: error.to_string(),
        }),
        (Err(_), _) => Ok(DeviceKeyStore::File(file)),
    }
}

/// One keyring entry per data folder, so two stores on one machine (or tests) never share
/// a key, and a reinstall into the same folder finds its key again.
fn keyring_user(data_folder: &Path) -> String {
    let folder = data_folder
        .canonicalize()
        .unwrap_or_else(|_| data_folder.to_path_buf());
    let digest = Sha256::digest(folder.to_string_lossy().as_bytes());
    format!("device-key@{}", &URL_SAFE_NO_PAD.encode(digest)[..16])
}

impl DeviceKeyStore {
    pub fn kind(&self) -> KeyStoreKind {
        match self {
            DeviceKeyStore::OsKeyring(_) => KeyStoreKind::OsKeyring,
            DeviceKeyStore::File(_) => KeyStoreKind::File,
        }
    }

    /// The stored key, `None` when there is none yet, or a clear error when what is stored
    /// cannot be read as a key (it is left as it is, for support to look at).
    pub fn read(&self) -> Result<Option<StoredDeviceKey>, CoreError> {
        let text = match self {
            DeviceKeyStore::OsKeyring(entry) => match entry.get_password() {
                Ok(text) => text,
                Err(keyring::Error::NoEntry) => return Ok(None),
                Err(error) => return Err(self.unavailable(error.to_string())),
            },
            DeviceKeyStore::File(path) => match std::fs::read_to_string(path) {
                Ok(text) => {
                    restrict_to_owner(path, false).map_err(|e| self.unavailable(e.to_string()))?;
                    text
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(error) => return Err(self.unavailable(error.to_string())),
            },
        };
        parse_stored(&text)
            .map(Some)
            .map_err(|reason| CoreError::DeviceKeyCorrupt {
                store: self.kind().as_str(),
                reason: reason.to_owned(),
            })
    }

    /// Replaces the stored key with `key`. The file is written beside the old one and
    /// renamed over it, so a crash leaves either the old key or the new one, never half.
    pub fn write(&self, key: &StoredDeviceKey) -> Result<(), CoreError> {
        let text = serde_json::to_string(&StoredForm {
            version: STORED_FORMAT_VERSION,
            device_id: key.device_id,
            epoch: key.epoch,
            fingerprint: key.fingerprint.clone(),
            secret_key: STANDARD.encode(key.signing_key.to_bytes()),
        })
        .map_err(|error| self.unavailable(error.to_string()))?;
        match self {
            DeviceKeyStore::OsKeyring(entry) => entry
                .set_password(&text)
                .map_err(|error| self.unavailable(error.to_string())),
            DeviceKeyStore::File(path) => {
                write_owner_only(path, &text).map_err(|error| self.unavailable(error.to_string()))
            }
        }
    }

    fn unavailable(&self, reason: String) -> CoreError {
        CoreError::DeviceKeyUnavailable {
            store: self.kind().as_str(),
            reason,
        }
    }
}

fn parse_stored(text: &str) -> Result<StoredDeviceKey, &'static str> {
    let form: StoredForm =
        serde_json::from_str(text).map_err(|_| "the stored device key is not readable")?;
    if form.version != STORED_FORMAT_VERSION {
        return Err("the stored device key is in a format this version does not know");
    }
    let bytes = STANDARD
        .decode(form.secret_key.as_bytes())
        .map_err(|_| "the stored device key is not base64")?;
    let secret: [u8; 32] = bytes
        .try_into()
        .map_err(|_| "the stored device key is not 32 bytes long")?;
    Ok(StoredDeviceKey {
        device_id: form.device_id,
        epoch: form.epoch,
        fingerprint: form.fingerprint,
        signing_key: SigningKey::from_bytes(&secret),
    })
}

fn write_owner_only(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    restrict_to_owner(folder, true)?;
    let partial = folder.join(format!("{KEY_FILE_NAME}.partial"));
    let _ = std::fs::remove_file(&partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&partial, path)?;
    // The rename itself is durable only once the folder is synced.
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    Ok(())
}

/// Takes group and other permissions away (0700 for the folder, 0600 for the file), also
/// from a file someone loosened by hand.
fn restrict_to_owner(path: &Path, is_folder: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if is_folder { 0o700 } else { 0o600 };
        if std::fs::metadata(path)?.permissions().mode() & 0o777 != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, is_folder);
    Ok(())
}
