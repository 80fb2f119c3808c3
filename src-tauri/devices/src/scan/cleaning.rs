//! Cleaning raw scanner output: configured suffixes, control characters and the AIM
//! symbology identifier are taken off before a code is classified.

/// The group separator, which GS1 codes use as FNC1 between variable-length fields. It is
/// the one control character that carries meaning, so cleaning keeps it.
pub const GROUP_SEPARATOR: char = '\u{1d}';

/// What the scanner said the symbology was, from an AIM identifier such as `]E0`.
///
/// Scanners prepend it only when configured to; when present it settles questions the
/// digits alone cannot (an 8-digit code may be EAN-8 or UPC-E; 13 digits in a Code 128
/// label are an internal code, not an EAN-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AimSymbology {
    /// `]E0`-`]E3`: EAN-13, UPC-A or UPC-E (with or without add-on).
    EanUpc,
    /// `]E4`: EAN-8.
    Ean8,
    /// `]C1`, `]e0`, `]d2`, `]Q3`, `]J1`: a GS1 element string (GS1-128, DataBar,
    /// DataMatrix, QR, DotCode).
    Gs1,
    /// Any other identifier (`]C0` Code 128, `]A0` Code 39, `]Q1` QR, ...): plain data.
    Other,
}

/// A scan with the transport noise taken off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanedScan {
    pub symbology: Option<AimSymbology>,
    pub data: String,
}

/// Takes off, in this order: control characters at both ends (CR, LF, STX, ETX, ...;
/// not the group separator),
/// the first configured suffix that ends the text, control characters inside the text
/// except the group separator, the AIM identifier, and a leading group separator (FNC1
/// in first position only marks the code as GS1).
pub fn clean_scan(raw: &str, suffixes: &[String]) -> CleanedScan {
    let is_noise = |c: char| c.is_control() && c != GROUP_SEPARATOR;
    let mut text = raw.trim_matches(is_noise);
    // A suffix may itself be a control character ("\t") or printable ("#"), so it is
    // tried both before and after the trim above has removed line endings.
    if let Some(stripped) = suffixes
        .iter()
        .filter(|suffix| !suffix.is_empty())
        .find_map(|suffix| text.strip_suffix(suffix.as_str()))
    {
        text = stripped.trim_end_matches(is_noise);
    }
    let kept: String = text
        .chars()
        .filter(|&c| !c.is_control() || c == GROUP_SEPARATOR)
        .collect();
    let (symbology, rest) = split_aim_identifier(&kept);
    let data = rest.strip_prefix(GROUP_SEPARATOR).unwrap_or(rest);
    let symbology = match (symbology, data.is_empty()) {
        // FNC1 in first position without an AIM identifier still marks GS1 data.
        (None, false) if rest.starts_with(GROUP_SEPARATOR) => Some(AimSymbology::Gs1),
        (symbology, _) => symbology,
    };
    CleanedScan {
        symbology,
        data: data.to_owned(),
    }
}

/// Splits `]Xm` off the front: `]`, a symbology letter and one modifier character.
fn split_aim_identifier(text: &str) -> (Option<AimSymbology>, &str) {
    let mut chars = text.chars();
    let (Some(']'), Some(letter), Some(modifier)) = (chars.next(), chars.next(), chars.next())
    else {
        return (None, text);
    };
    if !letter.is_ascii_alphabetic() || !modifier.is_ascii_alphanumeric() {
        return (None, text);
    }
    let symbology = match (letter, modifier) {
        ('E', '4') => AimSymbology::Ean8,
        ('E', _) => AimSymbology::EanUpc,
        ('C', '1') | ('e', '0') | ('d', '2') | ('Q', '3') | ('J', '1') => AimSymbology::Gs1,
        _ => AimSymbology::Other,
    };
    (Some(symbology), chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, suffixes: &[&str], symbology: Option<AimSymbology>, data: &str) {
        let suffixes: Vec<String> = suffixes.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            clean_scan(raw, &suffixes),
            CleanedScan {
                symbology,
                data: data.to_owned()
            },
            "cleaning {raw:?} with suffixes {suffixes:?}"
        );
    }

    #[test]
    fn line_endings_and_framing_characters_are_removed() {
        check("7891717046084\r\n", &[], None, "7891717046084");
        check("\u{2}7891717046084\u{3}", &[], None, "7891717046084");
        check("78917\u{0}17046084\n", &[], None, "7891717046084");
    }

    #[test]
    fn configured_suffixes_are_removed_once() {
        check("7891717046084#\r", &["#"], None, "7891717046084");
        check("7891717046084\t", &["\t"], None, "7891717046084");
        check("ABC##", &["#"], None, "ABC#");
        check("7891717046084", &["#"], None, "7891717046084");
    }

    #[test]
    fn aim_identifiers_are_removed_and_remembered() {
        check(
            "]E07891717046084",
            &[],
            Some(AimSymbology::EanUpc),
            "7891717046084",
        );
        check("]E496385074", &[], Some(AimSymbology::Ean8), "96385074");
        check(
            "]C0RACAO-15KG",
            &[],
            Some(AimSymbology::Other),
            "RACAO-15KG",
        );
        check(
            "]C101078912345678951",
            &[],
            Some(AimSymbology::Gs1),
            "01078912345678951",
        );
        check(
            "]d2\u{1d}0107891234567895",
            &[],
            Some(AimSymbology::Gs1),
            "0107891234567895",
        );
    }

    #[test]
    fn group_separators_survive_inside_and_mark_gs1_in_front() {
        check(
            "\u{1d}10ABC\u{1d}17261231",
            &[],
            Some(AimSymbology::Gs1),
            "10ABC\u{1d}17261231",
        );
    }

    #[test]
    fn a_bracket_that_is_not_an_identifier_is_data() {
        check("]", &[], None, "]");
        check("]-x", &[], None, "]-x");
    }
}
