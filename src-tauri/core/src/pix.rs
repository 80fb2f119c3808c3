//! PIX static BR Code: the "copia e cola" text behind the QR code a customer scans to pay
//! the amount due, built from the store's PIX key, name and city (EMV merchant-presented
//! QR, as the Banco Central do Brasil's BR Code manual specifies).
//!
//! Each field is `ID` (2 digits) + length (2 digits) + value; the payload ends with field
//! 63, a CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF) over everything
//! before it including `6304`, in four upper-case hex digits.

use crate::CoreError;
use crate::money::Cents;

/// What the store's settings say about receiving PIX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PixReceiver {
    /// The PIX key: CPF/CNPJ digits, e-mail, `+55…` phone or a random (EVP) key.
    pub key: String,
    /// Merchant name, up to 25 characters (longer names are cut).
    pub name: String,
    /// Merchant city, up to 15 characters (longer names are cut).
    pub city: String,
}

/// The BR Code payload for `amount` (none: the payer types the amount), with `txid` as
/// the reference label (`***` when the store does not use one).
pub fn static_br_code(
    receiver: &PixReceiver,
    amount: Option<Cents>,
    txid: &str,
) -> Result<String, CoreError> {
    let key = receiver.key.trim();
    if key.is_empty() || key.len() > 77 {
        return Err(invalid(
            "pix_key",
            "set the store's PIX key (up to 77 characters)",
        ));
    }
    let name = emv_text(&receiver.name, 25);
    let city = emv_text(&receiver.city, 15);
    if name.is_empty() || city.is_empty() {
        return Err(invalid(
            "pix_receiver",
            "set the store's name and city for PIX",
        ));
    }
    let txid = if txid.is_empty() { "***" } else { txid };
    if txid.len() > 25 || !txid.chars().all(|c| c.is_ascii_alphanumeric() || c == '*') {
        return Err(invalid(
            "pix_txid",
            "a PIX reference has up to 25 letters or digits",
        ));
    }
    let mut payload = String::with_capacity(160);
    push_field(&mut payload, "00", "01");
    let account = format!("{}{}", field("00", "br.gov.bcb.pix"), field("01", key));
    push_field(&mut payload, "26", &account);
    push_field(&mut payload, "52", "0000");
    push_field(&mut payload, "53", "986");
    if let Some(amount) = amount {
        if amount.0 <= 0 {
            return Err(invalid("amount", "a PIX amount must be more than zero"));
        }
        push_field(
            &mut payload,
            "54",
            &format!("{}.{:02}", amount.0 / 100, amount.0 % 100),
        );
    }
    push_field(&mut payload, "58", "BR");
    push_field(&mut payload, "59", &name);
    push_field(&mut payload, "60", &city);
    push_field(&mut payload, "62", &field("05", txid));
    payload.push_str("6304");
    let crc = crc16_ccitt_false(payload.as_bytes());
    payload.push_str(&format!("{crc:04X}"));
    Ok(payload)
}

/// CRC-16/CCITT-FALSE of `bytes`.
pub fn crc16_ccitt_false(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn field(id: &str, value: &str) -> String {
    format!("{id}{:02}{value}", value.len())
}

fn push_field(payload: &mut String, id: &str, value: &str) {
    payload.push_str(&field(id, value));
}

/// Name and city go in plain ASCII upper-case-insensitive text: accents are dropped
/// (Ração → Racao), since many banking apps reject other bytes, and the text is cut to
/// the field's maximum length.
fn emv_text(text: &str, max_length: usize) -> String {
    text.trim()
        .chars()
        .filter_map(ascii_letter)
        .take(max_length)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

fn ascii_letter(character: char) -> Option<char> {
    const FOLDS: [(&str, char); 12] = [
        ("áàâãä", 'a'),
        ("ÁÀÂÃÄ", 'A'),
        ("éèêë", 'e'),
        ("ÉÈÊË", 'E'),
        ("íìîï", 'i'),
        ("ÍÌÎÏ", 'I'),
        ("óòôõö", 'o'),
        ("ÓÒÔÕÖ", 'O'),
        ("úùûü", 'u'),
        ("ÚÙÛÜ", 'U'),
        ("ç", 'c'),
        ("Ç", 'C'),
    ];
    if character.is_ascii() {
        return (!character.is_ascii_control()).then_some(character);
    }
    FOLDS
        .iter()
        .find(|(accented, _)| accented.contains(character))
        .map(|&(_, plain)| plain)
}

fn invalid(field: &'static str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receiver(key: &str, name: &str, city: &str) -> PixReceiver {
        PixReceiver {
            key: key.to_owned(),
            name: name.to_owned(),
            city: city.to_owned(),
        }
    }

    #[test]
    fn the_manuals_static_example_is_reproduced() {
        // The static example of the BR Code manual: random key, no amount.
        let payload = static_br_code(
            &receiver(
                "123e4567-e12b-12d1-a456-426655440000",
                "Fulano de Tal",
                "BRASILIA",
            ),
            None,
            "***",
        )
        .expect("builds");
        assert_eq!(
            payload,
            "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
        );
    }

    #[test]
    fn the_crc_matches_a_published_payload_with_an_amount() {
        // A published static payload with a phone key and an amount, byte for byte as
        // published (its field 62 declares length 08); only the CRC is checked here.
        let body = "00020126360014BR.GOV.BCB.PIX0114+5511943214321520400005303986540566.665802BR5907EMPRESA6008BRASILIA62080503***6304";
        assert_eq!(
            format!("{:04X}", crc16_ccitt_false(body.as_bytes())),
            "170E"
        );
    }

    #[test]
    fn amounts_names_and_refusals() {
        let payload = static_br_code(
            &receiver(
                "pix@petfeliz.com.br",
                "Pet Shop São João Ração e Banho",
                "São Paulo",
            ),
            Some(Cents(12345)),
            "CX01123",
        )
        .expect("builds");
        assert!(
            payload.contains("5406123.45"),
            "amount with two decimals: {payload}"
        );
        assert!(
            payload.contains("5925Pet Shop Sao Joao Racao e"),
            "accents dropped, 25 chars: {payload}"
        );
        assert!(payload.contains("6009Sao Paulo"), "{payload}");
        assert!(payload.contains("62110507CX01123"), "{payload}");
        let (body, crc) = payload.split_at(payload.len() - 4);
        assert_eq!(
            crc,
            format!("{:04X}", crc16_ccitt_false(body.as_bytes())),
            "the CRC covers everything before it"
        );

        let refused = |r: PixReceiver, amount: Option<Cents>, txid: &str| {
            static_br_code(&r, amount, txid).map_err(|e| e.code())
        };
        assert_eq!(
            refused(receiver("", "Loja", "Rio"), None, ""),
            Err("invalid_input")
        );
        assert_eq!(
            refused(receiver("k", "", "Rio"), None, ""),
            Err("invalid_input")
        );
        assert_eq!(
            refused(receiver("k", "Loja", "Rio"), Some(Cents(0)), ""),
            Err("invalid_input")
        );
        assert_eq!(
            refused(receiver("k", "Loja", "Rio"), None, "has space"),
            Err("invalid_input")
        );
    }
}
