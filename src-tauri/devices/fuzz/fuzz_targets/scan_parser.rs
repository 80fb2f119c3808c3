//! Fuzzes `parse_scan`, the one entry point for everything a scanner sends: whatever the
//! bytes, it must answer (never panic), and a product code it accepts must carry a valid
//! check digit.

#![no_main]

use fflow_devices::gtin::validate_gtin;
use fflow_devices::scan::variable_measure::{MeasureKind, VariableMeasureRule};
use fflow_devices::scan::{ScanSettings, ScannedCode, parse_scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the counter's set-up, so both paths of scale labels are reached.
    let Some((&setup, scan)) = data.split_first() else {
        return;
    };
    let Ok(raw) = std::str::from_utf8(scan) else {
        return;
    };
    let rules = match setup % 3 {
        0 => Vec::new(),
        1 => vec![VariableMeasureRule::new("2", MeasureKind::PriceCents, true).expect("rule")],
        _ => vec![VariableMeasureRule::new("20", MeasureKind::WeightGrams, false).expect("rule")],
    };
    let settings = ScanSettings {
        suffixes: if setup & 0x80 != 0 {
            vec!["#".to_owned()]
        } else {
            Vec::new()
        },
        variable_measure_rules: rules,
    };
    match parse_scan(raw, &settings) {
        Ok(ScannedCode::Product { gtin, .. }) => {
            assert!(
                validate_gtin(&gtin).is_ok(),
                "accepted a bad GTIN {gtin:?} from {raw:?}"
            );
        }
        Ok(ScannedCode::Text(text)) => assert!(!text.is_empty(), "empty text from {raw:?}"),
        Ok(ScannedCode::Gs1(elements)) => {
            assert!(!elements.is_empty(), "no GS1 fields from {raw:?}")
        }
        Ok(ScannedCode::VariableMeasure(_)) | Err(_) => {}
    }
});
