//! Who this device is: an Ed25519 key pair made on first start, a device id, and a device
//! epoch that names the current stream of this device's outbox.
//!
//! The epoch is kept twice, in the database and with the private key. They disagree when
//! one of the two was replaced (a database restored from a backup, a reinstall that kept
//! the keyring): then the outbox sequence may have restarted, so a new epoch is minted and
//! the hub sees a new stream instead of a rewound one. A key made on another machine (a
//! data folder copied with its key file) or a lost key gives a whole new device, which
//! must be activated again.

use std::fmt;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use uuid::Uuid;

use super::fingerprint::machine_fingerprint;
use super::key_store::{DeviceKeyStore, KeyStoreKind, StoredDeviceKey, choose_key_store};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// Where the device key may be kept.
#[derive(Debug, Clone, Copy)]
pub struct DeviceKeyLocation<'a> {
    /// The data folder (the key file fallback goes in its `device/` folder).
    pub data_folder: &'a Path,
    /// `false` keeps the key in the file only (tests and tools that must not touch the
    /// user's keyring); the app passes `true`.
    pub use_os_keyring: bool,
}

/// What opening the identity found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityOutcome {
    /// Key and database agreed.
    Loaded,
    /// First start: a new device.
    Created,
    /// Key and database disagreed on the epoch (restore or reinstall): same device and
    /// key, new epoch.
    NewEpoch,
    /// The key was missing or made on another machine while the database knew a device:
    /// a new device, which needs a new activation.
    NewDevice,
}

/// This device. `Debug` never shows the private key.
pub struct DeviceIdentity {
    pub device_id: Uuid,
    pub epoch: Uuid,
    pub fingerprint: String,
    pub key_store: KeyStoreKind,
    pub outcome: IdentityOutcome,
    signing_key: SigningKey,
}

impl fmt::Debug for DeviceIdentity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("DeviceIdentity")
            .field("device_id", &self.device_id)
            .field("epoch", &self.epoch)
            .field("key_store", &self.key_store)
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

impl DeviceIdentity {
    /// The public key, base64 (standard alphabet), as activation sends it.
    pub fn public_key_base64(&self) -> String {
        STANDARD.encode(self.signing_key.verifying_key().to_bytes())
    }

    /// The public key, base64url without padding, as the hub's device endpoints take it.
    pub fn public_key_base64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing_key.verifying_key().to_bytes())
    }

    /// Signs `message` with the device key (the hub issues access tokens against this).
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.signing_key.sign(message)
    }
}

/// Loads this device's identity, creating it on first start and minting a new epoch (or a
/// new device) as the module documentation says. Logs which key store is in use.
pub fn open_device_identity(
    database: &StoreDatabase,
    location: DeviceKeyLocation<'_>,
) -> Result<DeviceIdentity, CoreError> {
    let fingerprint = machine_fingerprint()?;
    let (recorded, store) = recorded_identity_and_key_store(database, location)?;
    let stored = store.read()?;
    let (key, outcome) = match stored {
        Some(key) if key.fingerprint == fingerprint => match &recorded {
            Some(row) if row.device_id == key.device_id && row.epoch == key.epoch => {
                (key, IdentityOutcome::Loaded)
            }
            _ => {
                let renewed = StoredDeviceKey {
                    epoch: Uuid::now_v7(),
                    ..key
                };
                store.write(&renewed)?;
                (renewed, IdentityOutcome::NewEpoch)
            }
        },
        found => {
            let key = new_device_key(fingerprint)?;
            store.write(&key)?;
            let outcome = if found.is_some() || recorded.is_some() {
                IdentityOutcome::NewDevice
            } else {
                IdentityOutcome::Created
            };
            (key, outcome)
        }
    };
    if outcome != IdentityOutcome::Loaded {
        // The key store was written first: if this fails, the next start sees the
        // disagreement again and mints another epoch, which is always safe.
        record_identity(database, &key, store.kind())?;
    }
    tracing::info!(
        key_store = store.kind().as_str(),
        outcome = ?outcome,
        device_id = %key.device_id,
        "device key store in use"
    );
    Ok(DeviceIdentity {
        device_id: key.device_id,
        epoch: key.epoch,
        fingerprint: key.fingerprint,
        key_store: store.kind(),
        outcome,
        signing_key: key.signing_key,
    })
}

/// Takes `hub_device_id`, the id the hub minted at activation, as this device's id: in
/// the key store (with the same key and epoch) and in the database, so the hub's license,
/// which names that id, verifies. The key store is written first, as in
/// [`open_device_identity`]: if the database write fails, the next start sees the two
/// disagree and records the key store's id with a new epoch.
pub fn adopt_hub_device_id(
    database: &StoreDatabase,
    location: DeviceKeyLocation<'_>,
    hub_device_id: Uuid,
) -> Result<(), CoreError> {
    let (_, store) = recorded_identity_and_key_store(database, location)?;
    let key = store.read()?.ok_or(CoreError::DeviceIdentityMissing)?;
    if key.device_id != hub_device_id {
        let adopted = StoredDeviceKey {
            device_id: hub_device_id,
            ..key
        };
        store.write(&adopted)?;
        record_identity(database, &adopted, store.kind())?;
    }
    Ok(())
}

/// The device id the database knows, which licenses must name; `None` before the first
/// [`open_device_identity`].
pub fn recorded_device_id(connection: &Connection) -> Result<Option<Uuid>, CoreError> {
    Ok(recorded_identity(connection)?.map(|row| row.device_id))
}

/// The device epoch the database knows (the sync client sends it with every push).
pub fn recorded_device_epoch(connection: &Connection) -> Result<Option<Uuid>, CoreError> {
    Ok(recorded_identity(connection)?.map(|row| row.epoch))
}

/// The identity the database records and the key store that must hold its key.
fn recorded_identity_and_key_store(
    database: &StoreDatabase,
    location: DeviceKeyLocation<'_>,
) -> Result<(Option<RecordedIdentity>, DeviceKeyStore), CoreError> {
    let recorded = database.read(recorded_identity)?;
    let store = choose_key_store(
        location.data_folder,
        location.use_os_keyring,
        recorded.as_ref().map(|row| row.key_store),
    )?;
    Ok((recorded, store))
}

struct RecordedIdentity {
    device_id: Uuid,
    epoch: Uuid,
    key_store: KeyStoreKind,
}

fn recorded_identity(connection: &Connection) -> Result<Option<RecordedIdentity>, CoreError> {
    let row: Option<(String, String, String)> = connection
        .prepare_cached("SELECT device_id, epoch, key_store FROM device_identity WHERE id = 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let Some((device_id, epoch, key_store)) = row else {
        return Ok(None);
    };
    // A row that does not parse is treated as no row: the identity is then re-recorded
    // from the key store, which is the authority.
    Ok(
        match (
            Uuid::parse_str(&device_id),
            Uuid::parse_str(&epoch),
            KeyStoreKind::parse(&key_store),
        ) {
            (Ok(device_id), Ok(epoch), Some(key_store)) => Some(RecordedIdentity {
                device_id,
                epoch,
                key_store,
            }),
            _ => None,
        },
    )
}

fn record_identity(
    database: &StoreDatabase,
    key: &StoredDeviceKey,
    key_store: KeyStoreKind,
) -> Result<(), CoreError> {
    let public_key = STANDARD.encode(key.signing_key.verifying_key().to_bytes());
    database.write(|transaction| {
        transaction.execute(
            "INSERT INTO device_identity (id, device_id, epoch, public_key, fingerprint, key_store, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id,
                 epoch = excluded.epoch, public_key = excluded.public_key,
                 fingerprint = excluded.fingerprint, key_store = excluded.key_store,
                 updated_at = excluded.updated_at",
            params![
                key.device_id.to_string(),
                key.epoch.to_string(),
                public_key,
                key.fingerprint,
                key_store.as_str(),
                now_millis()
            ],
        )?;
        Ok(())
    })
}

fn new_device_key(fingerprint: String) -> Result<StoredDeviceKey, CoreError> {
    let mut secret = [0_u8; 32];
    getrandom::fill(&mut secret).map_err(|error| CoreError::DeviceKeyUnavailable {
        store: "os_random",
        reason: error.to_string(),
    })?;
    Ok(StoredDeviceKey {
        device_id: Uuid::now_v7(),
        epoch: Uuid::now_v7(),
        fingerprint,
        signing_key: SigningKey::from_bytes(&secret),
    })
}
