//! Where the license stands: a pure function of the verified claims, the instance status
//! the hub last reported and the trusted time. Core returns a code and data; the UI words
//! it for the cashier (the English message here is the fallback).

use fflow_protocol::license::{
    CLOCK_SKEW_LEEWAY_SECONDS, LicenseClaims, LicenseError, LicenseStatus, UnixSeconds,
};
use serde::Serialize;

const SECONDS_PER_HOUR: i64 = 60 * 60;
const SECONDS_PER_DAY: i64 = 24 * SECONDS_PER_HOUR;

/// What the hub says about this instance on a status check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceStatus {
    Active,
    PendingPayment,
    Suspended,
    /// Support reset this device on the hub: its seat is free and it must be activated
    /// again. Local data is kept.
    Deactivated,
}

impl InstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Active => "active",
            InstanceStatus::PendingPayment => "pending_payment",
            InstanceStatus::Suspended => "suspended",
            InstanceStatus::Deactivated => "deactivated",
        }
    }

    pub fn parse(text: &str) -> Option<InstanceStatus> {
        match text {
            "active" => Some(InstanceStatus::Active),
            "pending_payment" => Some(InstanceStatus::PendingPayment),
            "suspended" => Some(InstanceStatus::Suspended),
            "deactivated" => Some(InstanceStatus::Deactivated),
            _ => None,
        }
    }
}

/// An instance status with the hub's time of saying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportedStatus {
    pub status: InstanceStatus,
    pub hub_time: UnixSeconds,
}

/// The license's state. Serialized with its `code` and data for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum LicenseState {
    NotActivated,
    Active {
        expires_at: UnixSeconds,
    },
    /// Selling goes on; the UI shows a payment banner.
    PendingPayment {
        expires_at: UnixSeconds,
    },
    /// Past expiry, still selling, with a countdown: whole days, then hours past them.
    Grace {
        days_left: u32,
        hours_left: u32,
        grace_ends_at: UnixSeconds,
    },
    /// Look-ups, reports and export only.
    Restricted {
        grace_ended_at: UnixSeconds,
    },
    Suspended,
    Deactivated,
    /// The stored license cannot be trusted here: another device's, tampered with, signed
    /// by an unknown key, or not valid yet. `problem` is the license error's code.
    Invalid {
        problem: &'static str,
        detail: String,
    },
}

impl LicenseState {
    /// The state's code alone (the `code` field of the serialized form).
    pub fn code(&self) -> &'static str {
        match self {
            LicenseState::NotActivated => "not_activated",
            LicenseState::Active { .. } => "active",
            LicenseState::PendingPayment { .. } => "pending_payment",
            LicenseState::Grace { .. } => "grace",
            LicenseState::Restricted { .. } => "restricted",
            LicenseState::Suspended => "suspended",
            LicenseState::Deactivated => "deactivated",
            LicenseState::Invalid { .. } => "invalid",
        }
    }

    /// Whether money and stock may change: sales, returns, cash movements, stock.
    pub fn allows_selling(&self) -> bool {
        matches!(
            self,
            LicenseState::Active { .. }
                | LicenseState::PendingPayment { .. }
                | LicenseState::Grace { .. }
        )
    }

    /// What the cashier is told, in English; the UI translates by code.
    pub fn message(&self) -> String {
        match self {
            LicenseState::NotActivated => {
                "This counter is not activated yet. Ask the owner to activate it.".to_owned()
            }
            LicenseState::Active { .. } => "The license is active.".to_owned(),
            LicenseState::PendingPayment { .. } => {
                "A payment is pending. Selling goes on; ask the owner to settle the invoice."
                    .to_owned()
            }
            LicenseState::Grace {
                days_left,
                hours_left,
                ..
            } => format!(
                "The license has expired. Selling stops in {days_left} days and {hours_left} hours \
                 unless the counter connects to the internet."
            ),
            LicenseState::Restricted { .. } => {
                "The license has expired. Look-ups and reports still work; connect to the \
                 internet to sell again."
                    .to_owned()
            }
            LicenseState::Suspended => {
                "This store's account is suspended. Look-ups and reports still work; ask the \
                 owner to contact F-Flow."
                    .to_owned()
            }
            LicenseState::Deactivated => {
                "This counter was reset by F-Flow support. Your data is kept; activate the \
                 counter again to sell."
                    .to_owned()
            }
            LicenseState::Invalid { detail, .. } => format!(
                "The license on this counter is not valid here ({detail}). Activate the counter \
                 again."
            ),
        }
    }
}

/// Everything the state depends on.
#[derive(Debug, Clone, Copy)]
pub struct LicenseFacts<'a> {
    /// The stored license: `None` when there is none, otherwise its claims once the
    /// signature, issuer and device were proven, or why they were not.
    pub license: Option<Result<&'a LicenseClaims, &'a LicenseError>>,
    /// What the hub last said, if it ever did.
    pub reported: Option<ReportedStatus>,
    /// The trusted time (see `trusted_time`).
    pub now: UnixSeconds,
}

/// The license state for `facts`. A device reset wins over everything (even a license
/// that still runs); then a missing or untrusted license; then the more recent of the
/// hub's reported status and the license's own; then time.
pub fn evaluate_license(facts: &LicenseFacts<'_>) -> LicenseState {
    if facts
        .reported
        .is_some_and(|reported| reported.status == InstanceStatus::Deactivated)
    {
        return LicenseState::Deactivated;
    }
    let claims = match facts.license {
        None => return LicenseState::NotActivated,
        Some(Err(error)) => {
            return LicenseState::Invalid {
                problem: error.code(),
                detail: error.to_string(),
            };
        }
        Some(Ok(claims)) => claims,
    };
    let status = match facts.reported {
        Some(reported) if reported.hub_time >= claims.iat => reported.status,
        _ => match claims.status {
            LicenseStatus::Active => InstanceStatus::Active,
            LicenseStatus::PendingPayment => InstanceStatus::PendingPayment,
            LicenseStatus::Suspended => InstanceStatus::Suspended,
        },
    };
    if status == InstanceStatus::Suspended {
        return LicenseState::Suspended;
    }
    let now = facts.now;
    if now.saturating_add(CLOCK_SKEW_LEEWAY_SECONDS) < claims.nbf {
        let error = LicenseError::NotYetValid {
            nbf: claims.nbf,
            now,
        };
        return LicenseState::Invalid {
            problem: error.code(),
            detail: error.to_string(),
        };
    }
    if now < claims.exp {
        return if status == InstanceStatus::PendingPayment {
            LicenseState::PendingPayment {
                expires_at: claims.exp,
            }
        } else {
            LicenseState::Active {
                expires_at: claims.exp,
            }
        };
    }
    let grace_ends_at = claims.grace_ends_at();
    if now < grace_ends_at {
        let left = grace_ends_at - now;
        LicenseState::Grace {
            days_left: u32::try_from(left / SECONDS_PER_DAY).unwrap_or(u32::MAX),
            hours_left: u32::try_from((left % SECONDS_PER_DAY) / SECONDS_PER_HOUR)
                .unwrap_or(u32::MAX),
            grace_ends_at,
        }
    } else {
        LicenseState::Restricted {
            grace_ended_at: grace_ends_at,
        }
    }
}

#[cfg(test)]
mod tests;
