//! Table tests of `parse_scan`: raw scanner output in, typed code or cashier error out.

use super::gs1::{Gs1Date, Gs1Element, Gs1Error};
use super::variable_measure::{
    Measure, MeasureKind, VariableMeasureError, VariableMeasureItem, VariableMeasureRule,
};
use super::*;

/// A counter set up like a typical Brazilian pet shop: scanners append `#`, the butcher-
/// style scale prints weights under "2", the bulk-feed scale prints prices under "25"
/// without a price check digit, and the treats scale prices under "26" with one.
fn settings() -> ScanSettings {
    let rule = |prefix, kind, check| {
        VariableMeasureRule::new(prefix, kind, check).expect("the test rules are valid")
    };
    ScanSettings {
        suffixes: vec!["#".to_owned()],
        variable_measure_rules: vec![
            rule("2", MeasureKind::WeightGrams, false),
            rule("25", MeasureKind::PriceCents, false),
            rule("26", MeasureKind::PriceCents, true),
        ],
    }
}

fn check(raw: &str, expected: Result<ScannedCode, ScanError>) {
    assert_eq!(
        parse_scan(raw, &settings()),
        expected,
        "parsing scan {raw:?}"
    );
}

fn product(symbology: ProductSymbology, gtin: &str) -> Result<ScannedCode, ScanError> {
    Ok(ScannedCode::Product {
        symbology,
        gtin: gtin.to_owned(),
    })
}

fn scale(plu: &str, measure: Measure) -> Result<ScannedCode, ScanError> {
    Ok(ScannedCode::VariableMeasure(VariableMeasureItem {
        plu: plu.to_owned(),
        measure,
    }))
}

fn gs1(elements: Vec<Gs1Element>) -> Result<ScannedCode, ScanError> {
    Ok(ScannedCode::Gs1(elements))
}

fn bad_digit(expected: u8) -> Result<ScannedCode, ScanError> {
    Err(ScanError::Gtin(GtinError::BadCheckDigit { expected }))
}

#[test]
fn product_codes_of_every_family_are_recognised() {
    use ProductSymbology::*;
    check("7891717046084\r\n", product(Ean13, "7891717046084"));
    check("]E07891717046084#\r", product(Ean13, "7891717046084"));
    check("96385074", product(Ean8, "96385074"));
    check("]E496385074", product(Ean8, "96385074"));
    check("036000291452", product(UpcA, "036000291452"));
    check("04252614", product(UpcE, "042100005264"));
    check("]E004252614", product(UpcE, "042100005264"));
    check("10012345678902", product(Gtin14, "10012345678902"));
}

#[test]
fn misread_check_digits_are_refused() {
    check("7891717046085", bad_digit(4));
    check("96385075", bad_digit(4));
    check("036000291453", bad_digit(2));
    check("10012345678903", bad_digit(2));
    // An 8-digit code that is neither a valid EAN-8 nor a valid UPC-E reports as EAN-8.
    check("04252615", bad_digit(0));
}

#[test]
fn the_aim_identifier_decides_between_ean_8_and_upc_e() {
    // 04252614 is a valid UPC-E; read as EAN-8 its check digit would be wrong.
    check("]E404252614", bad_digit(0));
}

#[test]
fn code_128_and_other_text_is_accepted_as_read() {
    check(
        "RACAO-GOLDEN-15KG",
        Ok(ScannedCode::Text("RACAO-GOLDEN-15KG".into())),
    );
    check(
        "]C07891717046085",
        Ok(ScannedCode::Text("7891717046085".into())),
    );
    check("12345", Ok(ScannedCode::Text("12345".into())));
}

#[test]
fn a_code_the_scanner_calls_ean_must_look_like_one() {
    check("]E0ABC", Err(ScanError::Gtin(GtinError::NotDigits)));
    check("]E012345", Err(ScanError::Gtin(GtinError::WrongLength(5))));
}

#[test]
fn nothing_but_noise_is_an_empty_scan() {
    check("", Err(ScanError::Empty));
    check("\r\n", Err(ScanError::Empty));
    check("]E0#\r", Err(ScanError::Empty));
}

#[test]
fn scale_labels_give_plu_and_weight_or_price() {
    // "2" + PLU 00123 + 001250 g + EAN check.
    check("2001230012502", scale("00123", Measure::WeightGrams(1250)));
    // "25" + PLU 00789 + 01234 cents (R$ 12,34) + EAN check.
    check("2500789012341", scale("00789", Measure::PriceCents(1234)));
    // "26" + PLU 00456 + price check 5 + 1899 cents + EAN check.
    check("2600456518999", scale("00456", Measure::PriceCents(1899)));
}

#[test]
fn scale_labels_with_bad_check_digits_are_refused() {
    check("2001230012503", bad_digit(2));
    // Price check digit 4 instead of 5; the EAN check digit is made valid for it.
    check(
        "2600456418992",
        Err(ScanError::VariableMeasure(
            VariableMeasureError::BadPriceCheckDigit { expected: 5 },
        )),
    );
}

#[test]
fn gs1_strings_with_separators_are_read_field_by_field() {
    let expected = vec![
        Gs1Element::Gtin("07891234567895".into()),
        Gs1Element::Batch("L0425".into()),
        Gs1Element::Expiry(Gs1Date {
            year: 2026,
            month: 12,
            day: 31,
        }),
        Gs1Element::NetWeightGrams(1250),
    ];
    check(
        // FNC1 is implied by ]C1; the GS ends the batch; CR LF is the scanner's framing.
        "]C10107891234567895\
         10L0425\u{1d}17261231\
         3103001250\r\n",
        gs1(expected.clone()),
    );
    check(
        "\u{1d}0107891234567895\u{1d}10L0425\u{1d}172612313103001250",
        gs1(expected.clone()),
    );
    check(
        "(01)07891234567895(10)L0425(17)261231(3103)001250",
        gs1(expected),
    );
}

#[test]
fn gs1_weights_and_prices_become_grams_and_cents() {
    check("]C13102000015", gs1(vec![Gs1Element::NetWeightGrams(150)]));
    check("]C13100000002", gs1(vec![Gs1Element::NetWeightGrams(2000)]));
    check("]C13105012346", gs1(vec![Gs1Element::NetWeightGrams(123)]));
    check("]C139221899", gs1(vec![Gs1Element::PriceCents(1899)]));
    check("]C1392018", gs1(vec![Gs1Element::PriceCents(1800)]));
    check("]C13923189900", gs1(vec![Gs1Element::PriceCents(18990)]));
}

#[test]
fn bad_gs1_strings_name_the_field() {
    let error = |error: Gs1Error| Err(ScanError::Gs1(error));
    check(
        "]C10107891234567896",
        error(Gs1Error::Gtin(GtinError::BadCheckDigit { expected: 5 })),
    );
    check(
        "]C1010789123",
        error(Gs1Error::Truncated {
            ai: "01".into(),
            expected: 14,
        }),
    );
    // Without the separator the expiry runs into the batch, which then is too long.
    check(
        "]C110L0425-LOTE-GRANDE17261231",
        error(Gs1Error::TooLong {
            ai: "10".into(),
            max: 20,
        }),
    );
    check("]C199ABC", error(Gs1Error::UnknownAi("99AB".into())));
    check(
        "]C117261399",
        error(Gs1Error::BadDate {
            ai: "17".into(),
            value: "261399".into(),
        }),
    );
    check(
        "]C13923189901",
        error(Gs1Error::UnpayablePrice { ai: "3923".into() }),
    );
    check(
        "]C13109001250",
        error(Gs1Error::BadDecimals { ai: "3109".into() }),
    );
    check(
        "]C1310300125x",
        error(Gs1Error::NotDigits { ai: "3103".into() }),
    );
    check(
        "(01)0789123456789",
        error(Gs1Error::Truncated {
            ai: "01".into(),
            expected: 14,
        }),
    );
}

#[test]
fn no_input_makes_the_parser_panic() {
    // Garbage from a scanner must come back as an error or text, never crash the counter.
    // A fixed-seed xorshift keeps the run reproducible; the alphabet favours the
    // characters the parser branches on.
    let alphabet: Vec<char> = "0123456789()]CEde1Q3#\u{1d}\r\nçã A".chars().collect();
    let prefixes = [
        "", "]C1", "]E0", "]E4", "(01)", "(3103)", "\u{1d}", "2", "25", "26",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let prefix = prefixes[(next() % prefixes.len() as u64) as usize];
        let length = (next() % 24) as usize;
        let body: String = (0..length)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let raw = format!("{prefix}{body}");
        let outcome = std::panic::catch_unwind(|| parse_scan(&raw, &settings()));
        assert!(outcome.is_ok(), "parsing {raw:?} panicked");
    }
}
