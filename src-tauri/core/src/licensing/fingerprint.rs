//! The machine fingerprint sent at activation: a keyed hash of the OS machine id, so the
//! hub can tell one machine from another without ever learning the raw id.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::CoreError;

/// The HMAC key. It is not a secret (it ships in every binary); it only makes the hash
/// F-Flow's own, so a fingerprint cannot be matched against other software's hashes of
/// the same machine id.
const FINGERPRINT_KEY: &[u8] = b"fflow-store/device-fingerprint/v1";

/// This machine's fingerprint, or a clear error when the OS gives no machine id.
pub fn machine_fingerprint() -> Result<String, CoreError> {
    let machine_id = machine_uid::get().map_err(|error| CoreError::DeviceFingerprint {
        reason: error.to_string(),
    })?;
    Ok(fingerprint_of(&machine_id))
}

/// The keyed hash of `machine_id` (base64url of HMAC-SHA256).
pub fn fingerprint_of(machine_id: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(FINGERPRINT_KEY)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    mac.update(machine_id.trim().as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_stable_and_does_not_reveal_the_machine_id() {
        let fingerprint = machine_fingerprint().expect("this machine has a machine id");
        assert_eq!(
            fingerprint,
            machine_fingerprint().expect("read again"),
            "the same machine must always give the same fingerprint"
        );
        let raw = machine_uid::get().expect("machine id");
        assert!(
            !fingerprint.contains(raw.trim()),
            "the raw machine id must not leave the machine"
        );
        assert_ne!(
            fingerprint_of("machine-a"),
            fingerprint_of("machine-b"),
            "different machines get different fingerprints"
        );
    }
}
