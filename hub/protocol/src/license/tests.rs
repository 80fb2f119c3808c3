//! License tokens: a round trip, and every way a token must be refused (altered, foreign
//! key, unsafe algorithm, unknown key, malformed, out of time, for another device).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use uuid::Uuid;

use super::*;

const ISSUER: &str = "https://hub.fflow.test";
const DAY: i64 = 24 * 60 * 60;
const ISSUED_AT: i64 = 1_790_000_000;
const DEVICE: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00d1);
const OTHER_DEVICE: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00d2);

fn signing_key(kid: &str, seed: u8) -> LicenseSigningKey {
    LicenseSigningKey::new(kid, SigningKey::from_bytes(&[seed; 32]))
}

fn claims() -> LicenseClaims {
    LicenseClaims {
        iss: ISSUER.to_owned(),
        device: DEVICE,
        tenant: Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00a1),
        plan: "pro-monthly".to_owned(),
        entitlements: Entitlements {
            features: vec!["grooming".to_owned(), "nfce".to_owned()],
            max_users: 10,
            max_products: 50_000,
            max_devices: 3,
        },
        seats: 3,
        iat: ISSUED_AT,
        nbf: ISSUED_AT,
        exp: ISSUED_AT + 30 * DAY,
        grace_days: 7,
        status: LicenseStatus::Active,
    }
}

fn trusting(keys: &[(&str, &LicenseSigningKey)]) -> LicenseVerifyingKeys {
    let mut trusted = LicenseVerifyingKeys::new();
    for (kid, key) in keys {
        trusted.insert(*kid, key.verifying_key());
    }
    trusted
}

fn expectations(now: i64) -> LicenseExpectations<'static> {
    LicenseExpectations {
        issuer: ISSUER,
        device: Some(DEVICE),
        now,
    }
}

fn sign(claims: &LicenseClaims, key: &LicenseSigningKey) -> String {
    sign_license(claims, key).expect("plain claims encode")
}

/// A token with any header and payload, signed by `key` over exactly those bytes, to build
/// tokens our signer would never write.
fn forge(header: &str, payload: &[u8], key: &SigningKey) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

fn check_refused(token: &str, keys: &LicenseVerifyingKeys, now: i64, expected: &LicenseError) {
    assert_eq!(
        verify_license(token, keys, &expectations(now)).as_ref(),
        Err(expected),
        "token {token:?} must be refused with {expected:?}: a store that accepts it sells \
         without a valid license"
    );
}

#[test]
fn a_signed_license_verifies_with_its_claims_and_header() {
    let key = signing_key("2026-11", 1);
    let token = sign(&claims(), &key);
    let header: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(token.split('.').next().expect("a header part"))
            .expect("base64url"),
    )
    .expect("JSON header");
    assert_eq!(
        header,
        serde_json::json!({"alg": "EdDSA", "typ": "JWT", "kid": "2026-11"}),
        "other JOSE libraries read this header"
    );
    let verified = verify_license(
        &token,
        &trusting(&[("2026-11", &key)]),
        &expectations(ISSUED_AT),
    )
    .expect("our own fresh token verifies");
    assert_eq!(
        verified,
        VerifiedLicense {
            kid: "2026-11".to_owned(),
            claims: claims(),
            standing: Standing::Valid
        },
        "the claims come back exactly as signed"
    );
}

#[test]
fn the_alternative_algorithm_name_ed25519_is_accepted() {
    let key = signing_key("k", 1);
    let payload = serde_json::to_vec(&claims()).expect("encode");
    let token = forge(
        r#"{"alg":"Ed25519","kid":"k"}"#,
        &payload,
        key.signing_key(),
    );
    assert!(
        verify_license(&token, &trusting(&[("k", &key)]), &expectations(ISSUED_AT)).is_ok(),
        "`Ed25519` names the same algorithm in newer JOSE specifications"
    );
}

#[test]
fn rotation_keeps_tokens_of_the_previous_key_valid() {
    let old = signing_key("2026-05", 1);
    let new = signing_key("2026-11", 2);
    let keys = trusting(&[("2026-05", &old), ("2026-11", &new)]);
    for key in [&old, &new] {
        let verified = verify_license(&sign(&claims(), key), &keys, &expectations(ISSUED_AT));
        assert_eq!(
            verified.map(|license| license.kid).as_deref(),
            Ok(key.kid()),
            "during rotation, licenses of both keys must verify, each by its own kid"
        );
    }
}

#[test]
fn tampered_or_foreign_tokens_are_refused() {
    let key = signing_key("k", 1);
    let impostor = signing_key("k", 2);
    let keys = trusting(&[("k", &key)]);
    let token = sign(&claims(), &key);
    let parts: Vec<&str> = token.split('.').collect();

    let mut more_seats = claims();
    more_seats.seats = 300;
    let altered_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&more_seats).expect("encode"));
    let altered = format!("{}.{altered_payload}.{}", parts[0], parts[2]);
    check_refused(&altered, &keys, ISSUED_AT, &LicenseError::BadSignature);

    let signed_by_impostor = sign(&claims(), &impostor);
    check_refused(
        &signed_by_impostor,
        &keys,
        ISSUED_AT,
        &LicenseError::BadSignature,
    );

    let unknown_kid = sign(&claims(), &signing_key("retired", 1));
    check_refused(
        &unknown_kid,
        &keys,
        ISSUED_AT,
        &LicenseError::UnknownKey("retired".to_owned()),
    );

    let payload = serde_json::to_vec(&claims()).expect("encode");
    let no_kid = forge(r#"{"alg":"EdDSA"}"#, &payload, key.signing_key());
    check_refused(&no_kid, &keys, ISSUED_AT, &LicenseError::MissingKeyId);
}

#[test]
fn unsafe_algorithms_are_refused_before_any_key_is_used() {
    let key = signing_key("k", 1);
    let keys = trusting(&[("k", &key)]);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).expect("encode"));
    let cases = [
        // "none": no signature at all, the classic JWT forgery.
        (r#"{"alg":"none","kid":"k"}"#, String::new(), "none"),
        // HS256 keyed with the public key: the classic algorithm confusion.
        (
            r#"{"alg":"HS256","kid":"k"}"#,
            URL_SAFE_NO_PAD.encode([7u8; 32]),
            "HS256",
        ),
        (
            r#"{"alg":"eddsa","kid":"k"}"#,
            URL_SAFE_NO_PAD.encode([7u8; 64]),
            "eddsa",
        ),
    ];
    for (header, signature, alg) in cases {
        let token = format!("{}.{payload}.{signature}", URL_SAFE_NO_PAD.encode(header));
        check_refused(
            &token,
            &keys,
            ISSUED_AT,
            &LicenseError::UnsupportedAlgorithm(alg.to_owned()),
        );
    }
}

#[test]
fn malformed_tokens_are_refused_with_a_reason() {
    let key = signing_key("k", 1);
    let keys = trusting(&[("k", &key)]);
    let token = sign(&claims(), &key);
    let parts: Vec<&str> = token.split('.').collect();
    let payload = serde_json::to_vec(&claims()).expect("encode");
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "a compact JWS has exactly three parts"),
        (
            format!("{}.{}", parts[0], parts[1]),
            "a compact JWS has exactly three parts",
        ),
        (
            format!("{token}.extra"),
            "a compact JWS has exactly three parts",
        ),
        (
            format!("!!.{}.{}", parts[1], parts[2]),
            "the header is not base64url",
        ),
        (
            format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
            "the header is not base64url",
        ),
        (
            format!(
                "{}.{}.{}",
                URL_SAFE_NO_PAD.encode("[1,2]"),
                parts[1],
                parts[2]
            ),
            "the header is not a JOSE header",
        ),
        (
            format!("{}.{}.AAAA", parts[0], parts[1]),
            "an Ed25519 signature is 64 bytes",
        ),
        (
            format!("{}.{}.%%", parts[0], parts[1]),
            "the signature is not base64url",
        ),
        (
            forge(
                r#"{"alg":"EdDSA","kid":"k"}"#,
                b"not json",
                key.signing_key(),
            ),
            "the payload is not license claims",
        ),
        (
            forge(
                r#"{"alg":"EdDSA","kid":"k","crit":["exp"]}"#,
                &payload,
                key.signing_key(),
            ),
            "the header demands unsupported extensions",
        ),
        ("a".repeat(20_000), "longer than any license"),
    ];
    for (token, reason) in cases {
        check_refused(&token, &keys, ISSUED_AT, &LicenseError::Malformed(reason));
    }
}

#[test]
fn time_decides_valid_in_grace_or_refused() {
    let key = signing_key("k", 1);
    let keys = trusting(&[("k", &key)]);
    let token = sign(&claims(), &key);
    let exp = claims().exp;
    let grace_ends_at = exp + 7 * DAY;
    let cases: [(i64, Result<Standing, LicenseError>); 6] = [
        (ISSUED_AT - CLOCK_SKEW_LEEWAY_SECONDS, Ok(Standing::Valid)),
        (
            ISSUED_AT - CLOCK_SKEW_LEEWAY_SECONDS - 1,
            Err(LicenseError::NotYetValid {
                nbf: ISSUED_AT,
                now: ISSUED_AT - CLOCK_SKEW_LEEWAY_SECONDS - 1,
            }),
        ),
        (exp - 1, Ok(Standing::Valid)),
        (exp, Ok(Standing::InGrace { grace_ends_at })),
        (grace_ends_at - 1, Ok(Standing::InGrace { grace_ends_at })),
        (
            grace_ends_at,
            Err(LicenseError::Expired {
                exp,
                grace_ended_at: grace_ends_at,
            }),
        ),
    ];
    for (now, expected) in cases {
        assert_eq!(
            verify_license(&token, &keys, &expectations(now)).map(|license| license.standing),
            expected,
            "at {now}: valid until exp, then a grace countdown, then refused"
        );
    }
}

#[test]
fn a_license_for_another_device_or_issuer_is_refused() {
    let key = signing_key("k", 1);
    let keys = trusting(&[("k", &key)]);
    let mut for_other_device = claims();
    for_other_device.device = OTHER_DEVICE;
    check_refused(
        &sign(&for_other_device, &key),
        &keys,
        ISSUED_AT,
        &LicenseError::WrongDevice {
            expected: DEVICE,
            found: OTHER_DEVICE,
        },
    );
    let any_device = LicenseExpectations {
        device: None,
        ..expectations(ISSUED_AT)
    };
    assert!(
        verify_license(&sign(&for_other_device, &key), &keys, &any_device).is_ok(),
        "the hub, which checks tokens of every device, does not pin one"
    );
    let mut other_issuer = claims();
    other_issuer.iss = "https://evil.test".to_owned();
    check_refused(
        &sign(&other_issuer, &key),
        &keys,
        ISSUED_AT,
        &LicenseError::WrongIssuer {
            expected: ISSUER.to_owned(),
            found: "https://evil.test".to_owned(),
        },
    );
}

#[test]
fn a_signing_key_never_shows_in_debug_output() {
    let key = signing_key("2026-11", 42);
    let shown = format!("{key:?}");
    let secret_hex: String = [42u8; 4].iter().map(|byte| format!("{byte:02x}")).collect();
    assert!(
        shown.contains("2026-11") && !shown.contains(&secret_hex) && !shown.contains("42, 42"),
        "{shown}: logs may name the key, never contain it"
    );
}
