//! Wire types shared by F-Flow Store and F-Flow Hub.
//!
//! This crate does no IO: it holds plain types, their serialization and the signature
//! checks of license tokens, so that the store and the hub agree on every byte
//! without the store linking any server code.

pub mod auth;
pub mod commands;
pub mod device;
pub mod error;
pub mod health;
pub mod license;
pub mod master_data;
pub mod reports;
pub mod sync;
pub mod tax_id;

pub use auth::{Me, RefreshRequest, SessionTokens, SignInRequest};
pub use device::{
    ActivationCode, ActivationCodeRequest, ActivationRequest, ActivationResponse, BillingStatus,
    DeviceChangeRequest, DeviceStatus, DeviceSummary, DeviceToken, HeartbeatRequest,
    HeartbeatResponse, InstanceStatus, TenantStatus, TokenChallenge, TokenChallengeRequest,
    TokenExchangeRequest, UsageCounters, device_token_message,
};
pub use error::ErrorBody;
pub use health::{HealthReport, ServiceState};
pub use tax_id::{Cnpj, Cpf, TaxIdError};
