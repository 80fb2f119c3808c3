//! Command kinds that concern one device's standing rather than master data: a renewed
//! license (after an entitlement or plan change, or a support renewal) and a support
//! reset. Both are addressed to a single device; master-data kinds live in
//! [`crate::master_data`].

use serde::{Deserialize, Serialize};

/// The command kind that carries a freshly signed license to one device.
pub const LICENSE_RENEWED: &str = "license.renewed";
/// The command kind that tells one device it was reset by support: it stops selling,
/// keeps its data and asks for re-activation.
pub const DEVICE_RESET: &str = "device.reset";

/// The payload of [`LICENSE_RENEWED`]: the compact JWS the device installs after
/// verifying it like any other license.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenseRenewed {
    pub token: String,
}

/// The payload of [`DEVICE_RESET`]: the reason support gave, shown to the store owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceReset {
    pub reason: String,
}
