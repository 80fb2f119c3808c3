//! GS1 element strings (GS1-128, DataBar, DataMatrix labels): the application identifiers
//! a counter needs (GTIN, batch, expiry, net weight, price) read into typed values.
//!
//! Two spellings are accepted: the scanned one, where fields follow each other and a
//! variable-length field ends at a group separator (FNC1, `\x1d`) or at the end, and the
//! human-readable one printed under the bars, `(01)07891234567895(10)ABC123`.

use crate::gtin::{GtinError, validate_gtin};
use crate::scan::cleaning::GROUP_SEPARATOR;

/// A field read from a GS1 element string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gs1Element {
    /// AI 01, check digit verified.
    Gtin(String),
    /// AI 10.
    Batch(String),
    /// AI 17.
    Expiry(Gs1Date),
    /// AI 310n: net weight in kilograms with n decimals, turned into grams (rounded to the
    /// nearest gram when the label is finer than that).
    NetWeightGrams(u64),
    /// AI 392n: amount payable with n decimals, turned into cents.
    PriceCents(i64),
    /// A field whose length F-Flow knows but whose meaning it does not use.
    Other { ai: String, value: String },
}

/// A GS1 date, YYMMDD read as 20YY. Day 0 means "the end of the month", as GS1 allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gs1Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Why a GS1 code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Gs1Error {
    #[error("the label has no data after its GS1 marker; scan it again")]
    Empty,
    #[error("the label holds characters a GS1 code cannot; scan it again")]
    NotAscii,
    #[error("the label uses field ({0}), which F-Flow cannot read")]
    UnknownAi(String),
    #[error("field ({ai}) of the label is cut short: it needs {expected} characters")]
    Truncated { ai: String, expected: usize },
    #[error(
        "field ({ai}) of the label is longer than {max} characters; the scanner probably \
         dropped a separator"
    )]
    TooLong { ai: String, max: usize },
    #[error("field ({ai}) of the label must hold only digits")]
    NotDigits { ai: String },
    #[error("the product code in field (01) is wrong: {0}")]
    Gtin(GtinError),
    #[error("field ({ai}) of the label holds {value:?}, which is not a date")]
    BadDate { ai: String, value: String },
    #[error("field ({ai}) of the label gives more decimals than F-Flow can read")]
    BadDecimals { ai: String },
    #[error("the price in field ({ai}) has fractions of a centavo or is too large")]
    UnpayablePrice { ai: String },
}

/// How long a field is once its AI is known.
#[derive(Debug, Clone, Copy)]
enum FieldLength {
    Fixed(usize),
    UpTo(usize),
}

/// The AIs F-Flow knows the length of: `(ai prefix, ai length, data length, numeric)`.
/// A four-digit AI is matched on its first three digits; the fourth is the decimals.
const KNOWN_AIS: &[(&str, usize, FieldLength, bool)] = &[
    ("00", 2, FieldLength::Fixed(18), true),
    ("01", 2, FieldLength::Fixed(14), true),
    ("02", 2, FieldLength::Fixed(14), true),
    ("10", 2, FieldLength::UpTo(20), false),
    ("11", 2, FieldLength::Fixed(6), true),
    ("13", 2, FieldLength::Fixed(6), true),
    ("15", 2, FieldLength::Fixed(6), true),
    ("17", 2, FieldLength::Fixed(6), true),
    ("21", 2, FieldLength::UpTo(20), false),
    ("30", 2, FieldLength::UpTo(8), true),
    ("310", 4, FieldLength::Fixed(6), true),
    ("37", 2, FieldLength::UpTo(8), true),
    ("392", 4, FieldLength::UpTo(15), true),
];

/// Reads a GS1 element string in either spelling.
pub fn parse_gs1(text: &str) -> Result<Vec<Gs1Element>, Gs1Error> {
    // GS1 data is ASCII; checking it first also keeps every byte offset below on a
    // character boundary.
    if !text.is_ascii() {
        return Err(Gs1Error::NotAscii);
    }
    let fields = if text.starts_with('(') {
        split_human_readable(text)?
    } else {
        split_scanned(text)?
    };
    if fields.is_empty() {
        return Err(Gs1Error::Empty);
    }
    fields
        .into_iter()
        .map(|(ai, value)| interpret(ai, value))
        .collect()
}

fn known_ai(text: &str) -> Option<(usize, FieldLength, bool)> {
    KNOWN_AIS
        .iter()
        .find(|(prefix, ai_length, ..)| {
            text.starts_with(prefix)
                && text.len() >= *ai_length
                && text.as_bytes()[..*ai_length].iter().all(u8::is_ascii_digit)
        })
        .map(|&(_, ai_length, length, numeric)| (ai_length, length, numeric))
}

fn unknown_ai(text: &str) -> Gs1Error {
    Gs1Error::UnknownAi(text.chars().take(4).collect())
}

fn split_scanned(mut text: &str) -> Result<Vec<(&str, &str)>, Gs1Error> {
    let mut fields = Vec::new();
    loop {
        text = text.trim_start_matches(GROUP_SEPARATOR);
        if text.is_empty() {
            return Ok(fields);
        }
        let (ai_length, length, _) = known_ai(text).ok_or_else(|| unknown_ai(text))?;
        let (ai, rest) = text.split_at(ai_length);
        let value_length = match length {
            FieldLength::Fixed(expected) => {
                let available = rest.find(GROUP_SEPARATOR).unwrap_or(rest.len());
                if available < expected {
                    return Err(Gs1Error::Truncated {
                        ai: ai.to_owned(),
                        expected,
                    });
                }
                expected
            }
            FieldLength::UpTo(max) => {
                let value_length = rest.find(GROUP_SEPARATOR).unwrap_or(rest.len());
                if value_length > max {
                    return Err(Gs1Error::TooLong {
                        ai: ai.to_owned(),
                        max,
                    });
                }
                value_length
            }
        };
        let (value, rest) = rest.split_at(value_length);
        fields.push((ai, value));
        text = rest;
    }
}

/// Splits `(01)...(10)...`. A value ends where the next `(digits)` begins, so a batch
/// containing a parenthesis followed by digits would be misread; GS1 advises against it.
fn split_human_readable(text: &str) -> Result<Vec<(&str, &str)>, Gs1Error> {
    let mut fields = Vec::new();
    let mut rest = text;
    while let Some(after_open) = rest.strip_prefix('(') {
        let close = after_open.find(')').ok_or_else(|| unknown_ai(after_open))?;
        let ai = &after_open[..close];
        let after_ai = &after_open[close + 1..];
        let value_end = next_ai_start(after_ai).unwrap_or(after_ai.len());
        let value = &after_ai[..value_end];
        let (_, length, _) = known_ai(ai)
            .filter(|(ai_length, ..)| *ai_length == ai.len())
            .ok_or_else(|| unknown_ai(ai))?;
        match length {
            FieldLength::Fixed(expected) if value.len() != expected => {
                return Err(Gs1Error::Truncated {
                    ai: ai.to_owned(),
                    expected,
                });
            }
            FieldLength::UpTo(max) if value.len() > max => {
                return Err(Gs1Error::TooLong {
                    ai: ai.to_owned(),
                    max,
                });
            }
            _ => fields.push((ai, value)),
        }
        rest = &after_ai[value_end..];
    }
    if !rest.is_empty() {
        return Err(unknown_ai(rest));
    }
    Ok(fields)
}

/// Whether `text` opens with a parenthesised AI, `(` two to four digits `)`, as the
/// human-readable line under a GS1 barcode does.
pub fn starts_with_human_readable_ai(text: &str) -> bool {
    next_ai_start(text) == Some(0)
}

fn next_ai_start(text: &str) -> Option<usize> {
    text.match_indices('(')
        .map(|(index, _)| index)
        .find(|&index| {
            let after = &text[index + 1..];
            after.find(')').is_some_and(|close| {
                (2..=4).contains(&close) && after.as_bytes()[..close].iter().all(u8::is_ascii_digit)
            })
        })
}

fn interpret(ai: &str, value: &str) -> Result<Gs1Element, Gs1Error> {
    let numeric = known_ai(ai).is_some_and(|(_, _, numeric)| numeric);
    if numeric && !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Gs1Error::NotDigits { ai: ai.to_owned() });
    }
    // Decimals of 310n and 392n are the AI's last digit, which known_ai checked is one.
    let decimals = || u32::from(ai.as_bytes()[3] - b'0');
    match ai {
        "01" => validate_gtin(value)
            .map(|()| Gs1Element::Gtin(value.to_owned()))
            .map_err(Gs1Error::Gtin),
        "10" => Ok(Gs1Element::Batch(value.to_owned())),
        "17" => read_date(ai, value).map(Gs1Element::Expiry),
        _ if ai.starts_with("310") => grams_from_kilograms(value, decimals())
            .map(Gs1Element::NetWeightGrams)
            .ok_or_else(|| Gs1Error::BadDecimals { ai: ai.to_owned() }),
        _ if ai.starts_with("392") => cents_from_amount(value, decimals())
            .map(Gs1Element::PriceCents)
            .ok_or_else(|| Gs1Error::UnpayablePrice { ai: ai.to_owned() }),
        _ => Ok(Gs1Element::Other {
            ai: ai.to_owned(),
            value: value.to_owned(),
        }),
    }
}

fn read_date(ai: &str, value: &str) -> Result<Gs1Date, Gs1Error> {
    let pair = |start: usize| value[start..start + 2].parse::<u8>().ok();
    let bad_date = || Gs1Error::BadDate {
        ai: ai.to_owned(),
        value: value.to_owned(),
    };
    let (Some(year), Some(month), Some(day)) = (pair(0), pair(2), pair(4)) else {
        return Err(bad_date());
    };
    if !(1..=12).contains(&month) || day > 31 {
        return Err(bad_date());
    }
    Ok(Gs1Date {
        year: 2000 + u16::from(year),
        month,
        day,
    })
}

/// Kilograms with `decimals` decimals to grams, rounding half up past three decimals.
/// GS1 allows 0 to 5 decimals for weights.
fn grams_from_kilograms(value: &str, decimals: u32) -> Option<u64> {
    let number: u64 = value.parse().ok()?;
    match decimals {
        0..=3 => number.checked_mul(10_u64.pow(3 - decimals)),
        4 | 5 => {
            let divisor = 10_u64.pow(decimals - 3);
            Some((number + divisor / 2) / divisor)
        }
        _ => None,
    }
}

/// An amount with `decimals` decimals to cents; refuses fractions of a cent rather than
/// rounding money.
fn cents_from_amount(value: &str, decimals: u32) -> Option<i64> {
    let number: i64 = value.parse().ok()?;
    if decimals <= 2 {
        return number.checked_mul(10_i64.pow(2 - decimals));
    }
    let divisor = 10_i64.checked_pow(decimals - 2)?;
    (number % divisor == 0).then_some(number / divisor)
}
