//! QR codes on receipts (`GS ( k`), with the module size chosen from the payload so the
//! whole symbol fits the printable width of the paper.

use super::{ESC, GS, LF, RenderError};
use crate::print_document::PaperWidth;

/// Bytes a QR symbol holds in byte mode at error correction level M, by version (1-40).
/// Level M tolerates 15 % damage, enough for a crumpled receipt.
const BYTE_CAPACITY_LEVEL_M: [usize; 40] = [
    14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
    711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911,
    1989, 2099, 2213, 2331,
];

/// The most a printed QR code can hold; PIX payloads are a few hundred bytes.
pub const QR_MAX_PAYLOAD_BYTES: usize = BYTE_CAPACITY_LEVEL_M[39];

/// Dots per module: below 3 phone cameras struggle; above 8 a receipt wastes paper.
const MIN_MODULE_DOTS: usize = 3;
const MAX_MODULE_DOTS: usize = 8;

/// Printable dots across the paper at 203 dpi.
pub fn printable_dots(paper: PaperWidth) -> usize {
    match paper {
        PaperWidth::Millimetres58 => 384,
        PaperWidth::Millimetres80 => 576,
    }
}

/// The module size that fits the symbol for `payload_bytes` (plus its four-module quiet
/// zone on each side) across `paper`. A payload too large for the paper at the smallest
/// size still gets the smallest size: the printer clips it, which the preview shows.
pub fn module_dots(payload_bytes: usize, paper: PaperWidth) -> u8 {
    let version = BYTE_CAPACITY_LEVEL_M
        .iter()
        .position(|&capacity| capacity >= payload_bytes)
        .map_or(40, |index| index + 1);
    let modules_with_quiet_zone = 17 + 4 * version + 8;
    let fitting = printable_dots(paper) / modules_with_quiet_zone;
    let dots = fitting.clamp(MIN_MODULE_DOTS, MAX_MODULE_DOTS);
    u8::try_from(dots).unwrap_or(MIN_MODULE_DOTS as u8)
}

/// `GS ( k` functions 165, 167, 169, 180 and 181: model 2, module size, error correction
/// M, store the data, print it; centred with `ESC a`.
pub fn render_qr_code(
    bytes: &mut Vec<u8>,
    payload: &str,
    paper: PaperWidth,
) -> Result<(), RenderError> {
    let data = payload.as_bytes();
    if data.len() > QR_MAX_PAYLOAD_BYTES {
        return Err(RenderError::QrPayloadTooLong {
            bytes: data.len(),
            max: QR_MAX_PAYLOAD_BYTES,
        });
    }
    // The data length fits in two bytes after the check above.
    let stored_length = u16::try_from(data.len() + 3)
        .unwrap_or(u16::MAX)
        .to_le_bytes();
    bytes.extend_from_slice(&[ESC, b'a', 1]);
    bytes.extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
    bytes.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 67, module_dots(data.len(), paper)]);
    bytes.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
    bytes.extend_from_slice(&[
        GS,
        b'(',
        b'k',
        stored_length[0],
        stored_length[1],
        49,
        80,
        48,
    ]);
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
    bytes.push(LF);
    bytes.extend_from_slice(&[ESC, b'a', 0]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Side of the symbol in dots, quiet zone included, for a payload at a module size.
    fn symbol_dots(payload_bytes: usize, dots: u8) -> usize {
        let version = BYTE_CAPACITY_LEVEL_M
            .iter()
            .position(|&capacity| capacity >= payload_bytes)
            .map_or(40, |index| index + 1);
        (17 + 4 * version + 8) * usize::from(dots)
    }

    #[test]
    fn pix_sized_payloads_fit_both_papers_at_a_scannable_size() {
        for paper in [PaperWidth::Millimetres58, PaperWidth::Millimetres80] {
            for payload_bytes in [1, 120, 250, 400, 600] {
                let dots = module_dots(payload_bytes, paper);
                assert!(
                    symbol_dots(payload_bytes, dots) <= printable_dots(paper),
                    "{paper:?}: a {payload_bytes}-byte QR at {dots} dots must fit the paper"
                );
                assert!(
                    usize::from(dots) >= MIN_MODULE_DOTS,
                    "{paper:?}: modules of {dots} dots are too small to scan"
                );
            }
        }
    }

    #[test]
    fn modules_shrink_as_the_payload_grows_and_wider_paper_gets_larger_ones() {
        let table = [
            (PaperWidth::Millimetres58, 20, 8),
            (PaperWidth::Millimetres58, 250, 5),
            (PaperWidth::Millimetres58, 600, 3),
            (PaperWidth::Millimetres80, 250, 8),
            (PaperWidth::Millimetres80, 600, 5),
        ];
        for (paper, payload_bytes, expected) in table {
            assert_eq!(
                module_dots(payload_bytes, paper),
                expected,
                "{paper:?} with {payload_bytes} bytes"
            );
        }
    }
}
