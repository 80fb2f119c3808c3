//! UPC-E, the zero-suppressed 8-digit UPC: expansion to the 12-digit UPC-A it stands for,
//! because products are registered under the UPC-A and the check digit is computed on it.

use crate::gtin::{GtinError, validate_gtin};

/// Expands an 8-digit UPC-E (number system, six digits, check digit) into its UPC-A and
/// checks the check digit against the expanded code.
pub fn expand_upc_e(code: &str) -> Result<String, GtinError> {
    let digits: Vec<char> = code.chars().collect();
    if digits.len() != 8 {
        return Err(GtinError::WrongLength(digits.len()));
    }
    if !digits.iter().all(char::is_ascii_digit) {
        return Err(GtinError::NotDigits);
    }
    let number_system = digits[0];
    let [d1, d2, d3, d4, d5, d6] = [
        digits[1], digits[2], digits[3], digits[4], digits[5], digits[6],
    ];
    let check = digits[7];
    // The last of the six digits says where the zeros of the UPC-A were suppressed.
    let body: String = match d6 {
        '0' | '1' | '2' => [d1, d2, d6, '0', '0', '0', '0', d3, d4, d5]
            .iter()
            .collect(),
        '3' => [d1, d2, d3, '0', '0', '0', '0', '0', d4, d5]
            .iter()
            .collect(),
        '4' => [d1, d2, d3, d4, '0', '0', '0', '0', '0', d5]
            .iter()
            .collect(),
        _ => [d1, d2, d3, d4, d5, '0', '0', '0', '0', d6]
            .iter()
            .collect(),
    };
    let upc_a = format!("{number_system}{body}{check}");
    validate_gtin(&upc_a)?;
    Ok(upc_a)
}

/// Whether `code` has the shape of a UPC-E: eight digits, number system 0 or 1.
pub fn looks_like_upc_e(code: &str) -> bool {
    code.len() == 8
        && code.bytes().all(|byte| byte.is_ascii_digit())
        && matches!(code.as_bytes().first(), Some(b'0' | b'1'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(upc_e: &str, expected: Result<&str, GtinError>) {
        assert_eq!(
            expand_upc_e(upc_e),
            expected.map(str::to_owned),
            "expanding UPC-E {upc_e:?}"
        );
    }

    #[test]
    fn each_zero_suppression_pattern_expands() {
        check("04252614", Ok("042100005264")); // last digit 1: manufacturer ends in 1 00
        check("01234565", Ok("012345000065")); // last digit 6: product code is that digit
        check("01234531", Ok("012300000451")); // last digit 3
        check("01234543", Ok("012340000053")); // last digit 4
    }

    #[test]
    fn the_check_digit_is_verified_on_the_expanded_code() {
        check("04252615", Err(GtinError::BadCheckDigit { expected: 4 }));
        check("0425261", Err(GtinError::WrongLength(7)));
        check("0425261x", Err(GtinError::NotDigits));
    }

    #[test]
    fn only_number_systems_zero_and_one_look_like_upc_e() {
        assert!(looks_like_upc_e("04252614"), "number system 0 is UPC-E's");
        assert!(looks_like_upc_e("14252614"), "number system 1 is UPC-E's");
        assert!(!looks_like_upc_e("96385074"), "a leading 9 is never UPC-E");
        assert!(!looks_like_upc_e("0425261"), "UPC-E has eight digits");
    }
}
