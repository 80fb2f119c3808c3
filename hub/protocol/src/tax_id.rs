//! Brazilian tax ids: CNPJ (companies, the tenants) and CPF (people), validated by their
//! check digits and kept normalized (no dots, dashes or slashes) so that one company is one
//! string everywhere. Pure functions: the store checks a customer's CPF with the same code.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TaxIdError {
    #[error("a {kind} has {expected} characters, this one has {found}")]
    WrongLength {
        kind: &'static str,
        expected: usize,
        found: usize,
    },
    #[error("a {kind} may contain only {allowed}, besides dots, dashes and slashes")]
    InvalidCharacter {
        kind: &'static str,
        allowed: &'static str,
    },
    #[error("a {kind} made of one repeated character is not a real registration")]
    RepeatedCharacter { kind: &'static str },
    #[error("the check digits of this {kind} do not match: probably a typo")]
    WrongCheckDigits { kind: &'static str },
}

/// A CNPJ: 14 characters, the last two numeric check digits. Since July 2026 the first 12
/// may be letters too (the Receita Federal's alphanumeric CNPJ); a letter counts as its
/// ASCII code minus 48, which leaves the classic numeric CNPJ unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cnpj(String);

/// A CPF: 11 digits, the last two check digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cpf(String);

impl Cnpj {
    /// Accepts `11.222.333/0001-81`, `11222333000181` or `12.ABC.345/01DE-35`.
    pub fn parse(text: &str) -> Result<Self, TaxIdError> {
        const KIND: &str = "CNPJ";
        let normalized = strip_punctuation(text).to_ascii_uppercase();
        check_length(KIND, &normalized, 14)?;
        // ASCII first, so that splitting at a byte index below stays on a character boundary.
        if !normalized.is_ascii() {
            return Err(TaxIdError::InvalidCharacter {
                kind: KIND,
                allowed: "digits, letters in the first 12 places",
            });
        }
        let (body, check) = normalized.split_at(12);
        if !body
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte.is_ascii_uppercase())
            || !check.bytes().all(|byte| byte.is_ascii_digit())
        {
            return Err(TaxIdError::InvalidCharacter {
                kind: KIND,
                allowed: "digits, letters in the first 12 places",
            });
        }
        check_not_repeated(KIND, &normalized)?;
        let first = cnpj_check_digit(body.bytes());
        let second = cnpj_check_digit(body.bytes().chain([first]));
        if check.as_bytes() != [first, second] {
            return Err(TaxIdError::WrongCheckDigits { kind: KIND });
        }
        Ok(Cnpj(normalized))
    }

    /// The 14 characters without punctuation, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Cpf {
    /// Accepts `529.982.247-25` or `52998224725`.
    pub fn parse(text: &str) -> Result<Self, TaxIdError> {
        const KIND: &str = "CPF";
        let normalized = strip_punctuation(text);
        check_length(KIND, &normalized, 11)?;
        if !normalized.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(TaxIdError::InvalidCharacter {
                kind: KIND,
                allowed: "digits",
            });
        }
        check_not_repeated(KIND, &normalized)?;
        let (body, check) = normalized.split_at(9);
        let first = cpf_check_digit(body.bytes());
        let second = cpf_check_digit(body.bytes().chain([first]));
        if check.as_bytes() != [first, second] {
            return Err(TaxIdError::WrongCheckDigits { kind: KIND });
        }
        Ok(Cpf(normalized))
    }

    /// The 11 digits without punctuation, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn strip_punctuation(text: &str) -> String {
    text.chars()
        .filter(|character| !matches!(character, '.' | '-' | '/' | ' '))
        .collect()
}

fn check_length(kind: &'static str, normalized: &str, expected: usize) -> Result<(), TaxIdError> {
    let found = normalized.chars().count();
    if found != expected {
        return Err(TaxIdError::WrongLength {
            kind,
            expected,
            found,
        });
    }
    Ok(())
}

/// `00000000000000` and friends pass the check-digit arithmetic but are never issued.
fn check_not_repeated(kind: &'static str, normalized: &str) -> Result<(), TaxIdError> {
    let mut bytes = normalized.bytes();
    let first = bytes.next();
    if bytes.all(|byte| Some(byte) == first) {
        return Err(TaxIdError::RepeatedCharacter { kind });
    }
    Ok(())
}

/// Modulo 11 with weights 2..=9 repeating from the rightmost character.
fn cnpj_check_digit(characters: impl DoubleEndedIterator<Item = u8>) -> u8 {
    let weights = (2..=9).cycle();
    let sum: u32 = characters
        .rev()
        .zip(weights)
        .map(|(character, weight)| u32::from(character - b'0') * weight)
        .sum();
    digit_from_remainder(sum % 11)
}

/// Modulo 11 with weights 2, 3, 4, ... from the rightmost digit.
fn cpf_check_digit(digits: impl DoubleEndedIterator<Item = u8>) -> u8 {
    let sum: u32 = digits
        .rev()
        .zip(2..)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    digit_from_remainder(sum % 11)
}

fn digit_from_remainder(remainder: u32) -> u8 {
    let digit = if remainder < 2 { 0 } else { 11 - remainder };
    // Always 0..=9 here, so the conversion cannot truncate.
    b'0' + u8::try_from(digit).unwrap_or(0)
}

impl TryFrom<String> for Cnpj {
    type Error = TaxIdError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Cnpj::parse(&text)
    }
}

impl From<Cnpj> for String {
    fn from(cnpj: Cnpj) -> String {
        cnpj.0
    }
}

impl TryFrom<String> for Cpf {
    type Error = TaxIdError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Cpf::parse(&text)
    }
}

impl From<Cpf> for String {
    fn from(cpf: Cpf) -> String {
        cpf.0
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl fmt::Display for Cpf {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

#[cfg(test)]
#[path = "tax_id_tests.rs"]
mod tests;
