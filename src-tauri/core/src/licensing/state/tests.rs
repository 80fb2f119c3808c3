//! Table tests of `evaluate_license`: one `check` per case, reading as the rules do.

use fflow_protocol::license::{Entitlements, LicenseClaims, LicenseError, LicenseStatus};
use uuid::Uuid;

use super::*;

const ISSUED: i64 = 1_800_000_000;
const DAY: i64 = 24 * 60 * 60;
const HOUR: i64 = 60 * 60;
/// Thirty days of license, then seven of grace.
const EXPIRES: i64 = ISSUED + 30 * DAY;
const GRACE_ENDS: i64 = EXPIRES + 7 * DAY;

fn claims(status: LicenseStatus) -> LicenseClaims {
    LicenseClaims {
        iss: "test".to_owned(),
        device: Uuid::nil(),
        tenant: Uuid::nil(),
        plan: "pro".to_owned(),
        entitlements: Entitlements {
            features: vec![],
            max_users: 5,
            max_products: 100,
            max_devices: 2,
        },
        seats: 2,
        iat: ISSUED,
        nbf: ISSUED,
        exp: EXPIRES,
        grace_days: 7,
        status,
    }
}

fn reported(status: InstanceStatus, hub_time: i64) -> Option<ReportedStatus> {
    Some(ReportedStatus { status, hub_time })
}

fn check(
    license: Option<Result<&LicenseClaims, &LicenseError>>,
    reported: Option<ReportedStatus>,
    now: i64,
    expected: LicenseState,
) {
    let state = evaluate_license(&LicenseFacts {
        license,
        reported,
        now,
    });
    assert_eq!(
        state, expected,
        "license {license:?}, reported {reported:?}, at {now}"
    );
    assert!(
        !state.message().is_empty(),
        "every state has words for the cashier"
    );
}

#[test]
fn time_moves_a_license_from_active_through_grace_to_restricted() {
    let active = claims(LicenseStatus::Active);
    let license = Some(Ok(&active));
    let running = LicenseState::Active {
        expires_at: EXPIRES,
    };
    check(license, None, ISSUED, running.clone());
    check(license, None, EXPIRES - 1, running);
    let grace = |days_left, hours_left| LicenseState::Grace {
        days_left,
        hours_left,
        grace_ends_at: GRACE_ENDS,
    };
    check(license, None, EXPIRES, grace(7, 0));
    check(license, None, EXPIRES + 1, grace(6, 23));
    check(license, None, GRACE_ENDS - 2 * DAY - 5 * HOUR, grace(2, 5));
    check(license, None, GRACE_ENDS - 1, grace(0, 0));
    let restricted = LicenseState::Restricted {
        grace_ended_at: GRACE_ENDS,
    };
    check(license, None, GRACE_ENDS, restricted.clone());
    check(license, None, i64::MAX, restricted);
}

#[test]
fn the_more_recent_of_hub_status_and_license_status_decides() {
    let active = claims(LicenseStatus::Active);
    let pending = claims(LicenseStatus::PendingPayment);
    let suspended = claims(LicenseStatus::Suspended);
    let now = ISSUED + DAY;
    let running = LicenseState::Active {
        expires_at: EXPIRES,
    };
    let owing = LicenseState::PendingPayment {
        expires_at: EXPIRES,
    };
    check(Some(Ok(&pending)), None, now, owing.clone());
    check(Some(Ok(&suspended)), None, now, LicenseState::Suspended);
    // A status check after the license was issued overrides what the license said.
    check(
        Some(Ok(&active)),
        reported(InstanceStatus::Suspended, ISSUED + HOUR),
        now,
        LicenseState::Suspended,
    );
    check(
        Some(Ok(&suspended)),
        reported(InstanceStatus::Active, ISSUED + HOUR),
        now,
        running.clone(),
    );
    check(
        Some(Ok(&active)),
        reported(InstanceStatus::PendingPayment, ISSUED),
        now,
        owing,
    );
    // A status older than the license (a renewal came after it) does not.
    check(
        Some(Ok(&active)),
        reported(InstanceStatus::Suspended, ISSUED - 1),
        now,
        running,
    );
    // Pending payment past expiry counts down like any other license.
    check(
        Some(Ok(&pending)),
        None,
        EXPIRES + HOUR,
        LicenseState::Grace {
            days_left: 6,
            hours_left: 23,
            grace_ends_at: GRACE_ENDS,
        },
    );
}

#[test]
fn a_device_reset_wins_and_no_license_means_not_activated() {
    let active = claims(LicenseStatus::Active);
    let reset = reported(InstanceStatus::Deactivated, ISSUED - DAY);
    check(Some(Ok(&active)), reset, ISSUED, LicenseState::Deactivated);
    check(None, reset, ISSUED, LicenseState::Deactivated);
    check(None, None, ISSUED, LicenseState::NotActivated);
    check(
        None,
        reported(InstanceStatus::Active, ISSUED),
        ISSUED,
        LicenseState::NotActivated,
    );
}

#[test]
fn an_untrusted_or_future_license_is_invalid_with_its_reason() {
    for error in [
        LicenseError::BadSignature,
        LicenseError::UnknownKey("old".to_owned()),
        LicenseError::WrongDevice {
            expected: Uuid::nil(),
            found: Uuid::max(),
        },
    ] {
        check(
            Some(Err(&error)),
            None,
            ISSUED,
            LicenseState::Invalid {
                problem: error.code(),
                detail: error.to_string(),
            },
        );
    }
    let active = claims(LicenseStatus::Active);
    let long_before = ISSUED - DAY;
    check(
        Some(Ok(&active)),
        None,
        long_before,
        LicenseState::Invalid {
            problem: "license_not_yet_valid",
            detail: LicenseError::NotYetValid {
                nbf: ISSUED,
                now: long_before,
            }
            .to_string(),
        },
    );
    // Within the clock-skew leeway a fresh license is already good.
    check(
        Some(Ok(&active)),
        None,
        ISSUED - 60,
        LicenseState::Active {
            expires_at: EXPIRES,
        },
    );
}

#[test]
fn only_active_pending_and_grace_allow_selling() {
    let cases = [
        (LicenseState::NotActivated, false),
        (LicenseState::Active { expires_at: 0 }, true),
        (LicenseState::PendingPayment { expires_at: 0 }, true),
        (
            LicenseState::Grace {
                days_left: 0,
                hours_left: 1,
                grace_ends_at: 0,
            },
            true,
        ),
        (LicenseState::Restricted { grace_ended_at: 0 }, false),
        (LicenseState::Suspended, false),
        (LicenseState::Deactivated, false),
        (
            LicenseState::Invalid {
                problem: "license_bad_signature",
                detail: String::new(),
            },
            false,
        ),
    ];
    for (state, allows) in cases {
        assert_eq!(state.allows_selling(), allows, "{state:?}");
        let serialized = serde_json::to_value(&state).expect("serializes");
        assert_eq!(
            serialized["code"],
            state.code(),
            "the UI branches on the serialized code, which must match code()"
        );
    }
}
