//! Devices: the store installations of a tenant. Activation codes let a device take a seat
//! (`activation`), the device key earns short-lived device tokens (`device_token`), the
//! heartbeat reports standing and renews licenses (`heartbeat`), and owners and support
//! reset or revoke devices (`management`).

mod activation;
mod activation_codes;
pub mod device_token;
mod heartbeat;
mod management;

pub use activation::activate;
pub use activation_codes::{
    ACTIVATION_CODE_DEFAULT_HOURS, ACTIVATION_CODE_MAXIMUM_HOURS, create_activation_code,
};
pub use device_token::{CHALLENGE_LIFETIME_SECONDS, DEVICE_TOKEN_LIFETIME_SECONDS};
pub(crate) use heartbeat::record_renewal;
pub use heartbeat::{heartbeat, heartbeat_of_activation};
pub use management::{
    DeviceChange, MAXIMUM_RESETS_PER_MONTH, change_device, list_devices, support_reset,
};

use fflow_protocol::DeviceStatus;

use crate::licensing::IssueError;

#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    /// A field of the request is not acceptable; the message names it.
    #[error("{0}")]
    InvalidRequest(String),
    /// No such code: mistyped, or never created. Told apart from used and expired ones,
    /// which were real.
    #[error("this activation code is not valid; check it or create a new one")]
    ActivationCodeInvalid,
    #[error("this activation code was already used; create a new one")]
    ActivationCodeUsed,
    #[error("this activation code expired; create a new one")]
    ActivationCodeExpired,
    #[error(
        "every seat of the plan ({max_devices} devices) is taken; reset a device or change the plan"
    )]
    SeatsExhausted { max_devices: u32 },
    #[error("this machine's device was revoked; it cannot be activated again")]
    FingerprintRevoked,
    #[error("the tenant has no plan yet; put it on a plan before activating devices")]
    NoPlan,
    #[error("this account is suspended; settle the bill before activating devices")]
    TenantSuspended,
    /// The device does not exist in the tenant the request named.
    #[error("no such device; activate it again")]
    DeviceUnknown,
    #[error("this device was reset; activate it again")]
    DeviceReset,
    #[error("this device was revoked")]
    DeviceRevoked,
    /// Unknown, or already traded in: a nonce works once.
    #[error("this challenge is unknown or was already used; ask for a new one")]
    ChallengeInvalid,
    #[error("this challenge expired; ask for a new one")]
    ChallengeExpired,
    #[error("the signature does not match this device's key")]
    SignatureInvalid,
    #[error("the device was not found")]
    NotFound,
    #[error("the device is {}, so it cannot be {}", .status.as_str(), .change)]
    NotChangeable {
        status: DeviceStatus,
        change: &'static str,
    },
    #[error("a reason is required, for example the support ticket it answers")]
    MissingReason,
    #[error(
        "this device was already reset {MAXIMUM_RESETS_PER_MONTH} times this month; \
         the next reset is possible from the first day of next month (UTC)"
    )]
    ResetLimitReached,
    #[error("the license could not be signed: {0}")]
    Signing(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl From<IssueError> for DeviceError {
    fn from(error: IssueError) -> Self {
        match error {
            IssueError::NoPlan => DeviceError::NoPlan,
            IssueError::Signing(reason) => DeviceError::Signing(reason),
            IssueError::Database(error) => DeviceError::Database(error),
        }
    }
}

/// Reads a status the database wrote; its CHECK allows only the three words, and anything
/// else is taken for the most restrictive.
pub(crate) fn stored_status(text: &str) -> DeviceStatus {
    DeviceStatus::parse(text).unwrap_or(DeviceStatus::Revoked)
}
