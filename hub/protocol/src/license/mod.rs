//! The license token: a compact JWS (EdDSA over Ed25519) that the hub signs and both the
//! hub and the store verify with this same code.
//!
//! No clock is read here: every check that depends on time takes "now" from the caller,
//! so the store can pass its tamper-resistant time (the maximum of the system clock and
//! the highest trusted time it has seen) and tests can pass any instant.

mod claims;
mod keys;
mod token;

pub use claims::{Entitlements, LICENSE_ISSUER, LicenseClaims, LicenseStatus, UnixSeconds};
pub use keys::{LicenseSigningKey, LicenseVerifyingKeys};
pub use token::{
    CLOCK_SKEW_LEEWAY_SECONDS, LicenseError, LicenseExpectations, Standing, VerifiedLicense,
    sign_license, verify_license,
};

#[cfg(test)]
mod tests;
