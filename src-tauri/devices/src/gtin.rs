//! GTIN check digits (EAN-8, UPC-A, EAN-13, GTIN-14), so a misread scan is caught at the
//! counter instead of selling the wrong product.
//!
//! The GS1 rule: from the rightmost digit before the check digit, weights alternate 3, 1,
//! 3, 1, ...; the check digit brings the weighted sum up to a multiple of ten.

/// Why a scanned code is not a valid GTIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    #[error("the code has {0} digits; a GTIN has 8, 12, 13 or 14")]
    WrongLength(usize),
    #[error("the code contains a character that is not a digit")]
    NotDigits,
    #[error("the last digit should be {expected}, so the code was misread or mistyped")]
    BadCheckDigit { expected: u8 },
}

/// Checks the length, the digits and the check digit of `code`.
pub fn validate_gtin(code: &str) -> Result<(), GtinError> {
    let length = code.chars().count();
    if !matches!(length, 8 | 12 | 13 | 14) {
        return Err(GtinError::WrongLength(length));
    }
    let digits: Vec<u8> = code
        .bytes()
        .map(|byte| {
            byte.is_ascii_digit()
                .then(|| byte - b'0')
                .ok_or(GtinError::NotDigits)
        })
        .collect::<Result<_, _>>()?;
    let (body, check) = digits.split_at(digits.len() - 1);
    let expected = check_digit(body);
    if check[0] == expected {
        Ok(())
    } else {
        Err(GtinError::BadCheckDigit { expected })
    }
}

/// The check digit for `body` (the code without its last digit).
pub fn check_digit(body: &[u8]) -> u8 {
    let weighted_sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(position, &digit)| u32::from(digit) * if position % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - weighted_sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(code: &str, expected: Result<(), GtinError>) {
        assert_eq!(validate_gtin(code), expected, "validating {code:?}");
    }

    #[test]
    fn valid_codes_of_every_length() {
        check("96385074", Ok(())); // EAN-8
        check("036000291452", Ok(())); // UPC-A
        check("7891717046084", Ok(())); // EAN-13 from the shared catalog
        check("7897237630765", Ok(())); // EAN-13 from the shared catalog
        check("4006381333931", Ok(())); // EAN-13
        check("10012345678902", Ok(())); // GTIN-14
    }

    #[test]
    fn a_wrong_last_digit_names_the_right_one() {
        check(
            "7891717046085",
            Err(GtinError::BadCheckDigit { expected: 4 }),
        );
        check("96385075", Err(GtinError::BadCheckDigit { expected: 4 }));
    }

    #[test]
    fn lengths_and_characters_are_refused_before_arithmetic() {
        check("", Err(GtinError::WrongLength(0)));
        check("123", Err(GtinError::WrongLength(3)));
        check(
            "78917170460841",
            Err(GtinError::BadCheckDigit { expected: 2 }),
        );
        check("789171704608a", Err(GtinError::NotDigits));
        check("789171704608é", Err(GtinError::NotDigits));
    }
}
