//! P6: full offline license validation (parse the compact JWS, check header and key,
//! strict Ed25519 verify, read and check the claims, evaluate the state) against one bare
//! Ed25519 verify of the same signing input, in the same run. Goal: ratio ≤ 2.
//!
//! Both are timed in alternating batches, so a busy neighbour on the shared machine slows
//! both alike; the figures are the medians of the per-operation batch means.
//! Prints `P6 validate_us`, `P6 verify_us` and `P6 validate_over_verify`.

use std::hint::black_box;
use std::time::Instant;

use ed25519_dalek::{Signature, SigningKey, Verifier};
use fflow_core::licensing::{LICENSE_ISSUER, LicenseState, system_now, validate_license};
use fflow_protocol::license::{
    Entitlements, LicenseClaims, LicenseSigningKey, LicenseStatus, LicenseVerifyingKeys,
    sign_license,
};
use uuid::Uuid;

const BATCHES: usize = 200;
const PER_BATCH: usize = 100;
const DAY: i64 = 24 * 60 * 60;

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a.starts_with('P'))
        .collect();
    if !wanted.is_empty() && !wanted.iter().any(|w| w == "P6") {
        return;
    }
    let signing_key = SigningKey::from_bytes(&[42; 32]);
    let license_key = LicenseSigningKey::new("bench", signing_key.clone());
    let mut keys = LicenseVerifyingKeys::new();
    keys.insert("bench", signing_key.verifying_key());
    let device = Uuid::now_v7();
    let now = system_now();
    let claims = LicenseClaims {
        iss: LICENSE_ISSUER.to_owned(),
        device,
        tenant: Uuid::now_v7(),
        plan: "pro-monthly".to_owned(),
        entitlements: Entitlements {
            features: vec!["grooming".to_owned(), "reports".to_owned()],
            max_users: 10,
            max_products: 50_000,
            max_devices: 3,
        },
        seats: 3,
        iat: now,
        nbf: now,
        exp: now + 30 * DAY,
        grace_days: 7,
        status: LicenseStatus::Active,
    };
    let token = sign_license(&claims, &license_key).expect("sign the bench license");
    let (signing_input, signature_part) = token.rsplit_once('.').expect("three parts");
    let signature = {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(signature_part)
            .expect("base64url");
        Signature::from_slice(&bytes).expect("64 bytes")
    };
    let verifying_key = signing_key.verifying_key();
    assert!(
        matches!(
            validate_license(&token, &keys, device, None, now),
            LicenseState::Active { .. }
        ),
        "the benchmark must time the path of a good license"
    );

    let mut validate_means = Vec::with_capacity(BATCHES);
    let mut verify_means = Vec::with_capacity(BATCHES);
    for _ in 0..BATCHES {
        let started = Instant::now();
        for _ in 0..PER_BATCH {
            black_box(validate_license(
                black_box(&token),
                &keys,
                device,
                None,
                now,
            ));
        }
        validate_means.push(started.elapsed().as_secs_f64() * 1e6 / PER_BATCH as f64);
        let started = Instant::now();
        for _ in 0..PER_BATCH {
            black_box(
                verifying_key
                    .verify(black_box(signing_input.as_bytes()), &signature)
                    .is_ok(),
            );
        }
        verify_means.push(started.elapsed().as_secs_f64() * 1e6 / PER_BATCH as f64);
    }
    let validate_us = median(&mut validate_means);
    let verify_us = median(&mut verify_means);
    println!("P6 validate_us {validate_us:.1}");
    println!("P6 verify_us {verify_us:.1}");
    println!("P6 validate_over_verify {:.2}", validate_us / verify_us);
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
