//! Code page 860 (Portuguese), the printer code page with every accented letter of
//! Portuguese: text is transcoded to it byte by byte, one byte per printed column.
//!
//! Characters the page lacks are replaced by the nearest thing it has (the letter
//! without its accent, "EUR" for the euro sign, straight quotes for curly ones) so a
//! receipt never prints a stray symbol for a product name typed on a phone.

/// The characters of bytes 0x80 to 0xFF; bytes below 0x80 are ASCII.
const UPPER_HALF: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ã', 'à', 'Á', 'ç', 'ê', 'Ê', 'è', 'Í', 'Ô', 'ì', 'Ã', 'Â', //
    'É', 'À', 'È', 'ô', 'õ', 'ò', 'Ú', 'ù', 'Ì', 'Õ', 'Ü', '¢', '£', 'Ù', '₧', 'Ó', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', 'Ò', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

/// Transcodes `text` to code page 860. Control characters are dropped (a tab becomes a
/// space), because stray control bytes would be read by the printer as commands.
pub fn encode_pc860(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for character in text.chars() {
        if character == '\t' {
            bytes.push(b' ');
        } else if character.is_control() {
            continue;
        } else if character.is_ascii() {
            bytes.push(character as u8);
        } else if let Some(byte) = byte_of(character) {
            bytes.push(byte);
        } else {
            bytes.extend(replacement_for(character).bytes());
        }
    }
    bytes
}

/// The character a code page 860 byte prints as.
pub fn decode_pc860(byte: u8) -> char {
    match byte {
        0x00..=0x7f => char::from(byte),
        0x80..=0xff => UPPER_HALF[usize::from(byte - 0x80)],
    }
}

fn byte_of(character: char) -> Option<u8> {
    UPPER_HALF
        .iter()
        .position(|&candidate| candidate == character)
        .and_then(|index| u8::try_from(index + 0x80).ok())
}

/// An ASCII stand-in for a character code page 860 lacks.
fn replacement_for(character: char) -> &'static str {
    match character {
        'ä' | 'å' | 'ā' => "a",
        'Ä' | 'Å' | 'Ā' => "A",
        'ë' | 'ē' => "e",
        'Ë' | 'Ē' => "E",
        'ï' | 'î' | 'ī' => "i",
        'Ï' | 'Î' | 'Ī' => "I",
        'ö' | 'ø' | 'ō' => "o",
        'Ö' | 'Ø' | 'Ō' => "O",
        'û' | 'ū' => "u",
        'Û' | 'Ū' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        '€' => "EUR",
        '‘' | '’' | '‚' | '´' | '`' => "'",
        '“' | '”' | '„' => "\"",
        '–' | '—' | '‐' | '−' => "-",
        '…' => "...",
        '•' => "·",
        '×' => "x",
        '\u{2007}' | '\u{2009}' | '\u{202f}' => " ",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_letters_have_their_code_page_860_bytes() {
        // Byte values from the IBM code page 860 chart, not from the table above, so a
        // shifted table would fail here.
        let cases: &[(&str, &[u8])] = &[
            ("Ração", &[b'R', b'a', 0x87, 0x84, b'o']),
            ("Sênior", &[b'S', 0x88, b'n', b'i', b'o', b'r']),
            ("Salmão", &[b'S', b'a', b'l', b'm', 0x84, b'o']),
            (
                "ÁÂÃÀÇÉÊÍÓÔÕÚ",
                &[
                    0x86, 0x8f, 0x8e, 0x91, 0x80, 0x90, 0x89, 0x8b, 0x9f, 0x8c, 0x99, 0x96,
                ],
            ),
            (
                "áâãàçéêíóôõú",
                &[
                    0xa0, 0x83, 0x84, 0x85, 0x87, 0x82, 0x88, 0xa1, 0xa2, 0x93, 0x94, 0xa3,
                ],
            ),
            (
                "1º 2ª 50°",
                &[b'1', 0xa7, b' ', b'2', 0xa6, b' ', b'5', b'0', 0xf8],
            ),
        ];
        for (text, bytes) in cases {
            assert_eq!(encode_pc860(text), *bytes, "encoding {text:?}");
        }
    }

    #[test]
    fn every_byte_decodes_back_to_what_encodes_it() {
        for byte in 0x20..=0xff_u8 {
            if byte == 0x7f {
                continue; // DEL is a control character and is never sent.
            }
            let character = decode_pc860(byte);
            assert_eq!(
                encode_pc860(&character.to_string()),
                [byte],
                "byte {byte:#04x}"
            );
        }
    }

    #[test]
    fn missing_characters_are_replaced_sensibly() {
        let cases = [
            ("Mühle Ärger", "Mühle Arger"),
            ("Preço € 10", "Preço EUR 10"),
            ("“Premium” – 1…", "\"Premium\" - 1..."),
            ("Pão\tde\u{1b}@queijo", "Pão de@queijo"),
            ("猫", "?"),
        ];
        for (text, printed) in cases {
            let decoded: String = encode_pc860(text).into_iter().map(decode_pc860).collect();
            assert_eq!(decoded, printed, "printing {text:?}");
        }
    }
}
