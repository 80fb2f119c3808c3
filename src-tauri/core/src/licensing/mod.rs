//! Store-side licensing, everything that works without the network: the device identity
//! (key pair, fingerprint, epoch), the stored license and its offline validation, trusted
//! time, the license state, the status-check log, and the checks that money and stock
//! actions make inside their transactions.
//!
//! The hub client (activation, heartbeat) feeds this module through [`install_license`],
//! [`record_hub_contact`] and [`record_license_check`].

mod clock;
mod device_identity;
pub(crate) mod enforcement;
mod fingerprint;
mod key_store;
mod state;
mod status_log;
mod storage;
#[cfg(feature = "test-support")]
pub mod test_support;
mod trusted_keys;
mod trusted_time;

#[cfg(feature = "test-support")]
pub(crate) use clock::enter_write_clock;
pub(crate) use clock::licensing_now;
pub(crate) use storage::{install_license_in, license_snapshot};
pub(crate) use trusted_time::record_hub_contact_in;

pub use clock::Clock;
pub use device_identity::{
    DeviceIdentity, DeviceKeyLocation, IdentityOutcome, adopt_hub_device_id, open_device_identity,
    recorded_device_epoch, recorded_device_id,
};
pub use enforcement::LimitedResource;
pub use fingerprint::{fingerprint_of, machine_fingerprint};
pub use key_store::{KeyStoreKind, key_file_path};
pub use state::{InstanceStatus, LicenseFacts, LicenseState, ReportedStatus, evaluate_license};
pub use status_log::{CheckKind, LicenseCheck, recent_license_checks, record_license_check};
pub use storage::{
    LICENSE_ISSUER, LicenseReport, install_license, license_report, validate_license,
};
pub use trusted_keys::{DEV_LICENSE_KEYS_ENV, parse_key_list, trusted_license_keys};
pub use trusted_time::{
    TAMPERING_THRESHOLD_SECONDS, TrustedClock, last_hub_contact, peek_trusted_clock,
    record_hub_contact, system_now,
};
