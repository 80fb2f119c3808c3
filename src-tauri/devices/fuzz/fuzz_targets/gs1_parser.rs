//! Fuzzes `parse_gs1`: whatever the text, it must answer (never panic); what it accepts
//! holds a verified GTIN and real dates; and a scan announced as GS1-128 (`]C1`) reads the
//! same as the bare element string, so both entry points agree.

#![no_main]

use fflow_devices::gtin::validate_gtin;
use fflow_devices::scan::gs1::{Gs1Element, parse_gs1};
use fflow_devices::scan::{ScanSettings, ScannedCode, parse_scan};
use libfuzzer_sys::fuzz_target;

/// Printable ASCII and the group separator: what a GS1 label can hold and what the
/// scanner clean-up leaves as it is.
fn survives_cleaning(text: &str) -> bool {
    text.bytes()
        .all(|byte| byte == 0x1d || (0x21..=0x7e).contains(&byte))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_gs1(text);
    if let Ok(elements) = &parsed {
        assert!(!elements.is_empty(), "accepted {text:?} with no field");
        for element in elements {
            match element {
                Gs1Element::Gtin(gtin) => {
                    assert!(validate_gtin(gtin).is_ok(), "bad GTIN in {text:?}")
                }
                Gs1Element::Expiry(date) => assert!(
                    (1..=12).contains(&date.month) && date.day <= 31,
                    "impossible date {date:?} in {text:?}"
                ),
                _ => {}
            }
        }
    }
    if survives_cleaning(text) && !text.starts_with('(') {
        let settings = ScanSettings {
            suffixes: Vec::new(),
            variable_measure_rules: Vec::new(),
        };
        let scanned = parse_scan(&format!("]C1{text}"), &settings);
        match (&parsed, scanned) {
            (Ok(elements), Ok(ScannedCode::Gs1(through_scan))) => {
                assert_eq!(
                    elements, &through_scan,
                    "the two entry points disagree on {text:?}"
                );
            }
            (Ok(_), other) => panic!("parse_gs1 accepted {text:?} but parse_scan gave {other:?}"),
            (Err(_), Ok(ScannedCode::Gs1(elements))) => {
                panic!("parse_gs1 refused {text:?} but parse_scan read {elements:?}")
            }
            (Err(_), _) => {}
        }
    }
});
