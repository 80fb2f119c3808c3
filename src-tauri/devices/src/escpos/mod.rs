//! ESC/POS rendering: a print document turned into the bytes a thermal receipt printer
//! (Epson, Elgin, Bematech, Daruma, Tanca, ...) understands.
//!
//! The encoder is our own rather than the `escpos` crate: that crate (0.20) sends the
//! drawer kick as `ESC p m` without its two pulse-time bytes, so the printer swallows the
//! next two bytes of the receipt; it keeps its code page tables private and falls back to
//! UTF-8 bytes for characters outside them; and it renders only through a driver object.
//! The handful of commands a receipt needs is small enough to own and test here.

pub mod block_layout;
pub mod line_layout;
pub mod pc860;
pub mod qr_code;

#[cfg(test)]
mod stream_reader;
#[cfg(test)]
mod tests;

use crate::print_document::{PaperWidth, PrintBlock, PrintDocument};
use block_layout::{BlockLayout, LineStyle, block_layout};
pub use qr_code::QR_MAX_PAYLOAD_BYTES;
use qr_code::render_qr_code;

pub(crate) const ESC: u8 = 0x1b;
pub(crate) const GS: u8 = 0x1d;
pub(crate) const LF: u8 = b'\n';

/// `ESC t 3`: code page 860 (Portuguese) in the Epson numbering most printers follow.
const SELECT_PC860: [u8; 3] = [ESC, b't', 3];

/// `GS ! 0` and `ESC E 0`: back to the normal size, not bold, after an emphasised block.
const RESET_EMPHASIS: [u8; 6] = [GS, b'!', 0x00, ESC, b'E', 0];

/// Lines fed before the cut so the last printed line clears the cutter.
pub(crate) const FEED_BEFORE_CUT: u8 = 4;

/// Why a document cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error(
        "the QR code content has {bytes} bytes; a printed QR code holds at most {max}, so \
         it cannot be printed"
    )]
    QrPayloadTooLong { bytes: usize, max: usize },
    /// Only the PNG preview (`receipt_png`) gives this; the printer never does.
    #[error("the receipt preview could not be drawn: {reason}")]
    PreviewNotEncoded { reason: String },
    /// The QR code library refused the payload (the preview draws the symbol itself).
    #[error("the QR code could not be drawn: {reason}")]
    QrNotDrawn { reason: String },
}

/// Which drawer connector pin the pulse goes to; most drawers sit on pin 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawerPin {
    Pin2,
    Pin5,
}

/// `ESC p m t1 t2`: a pulse on the drawer connector, on for 50 ms and off for 500 ms
/// (t1, t2 in 2 ms units), long enough for the solenoids of common drawers.
pub fn drawer_kick_pulse(pin: DrawerPin) -> [u8; 5] {
    let connector = match pin {
        DrawerPin::Pin2 => 0,
        DrawerPin::Pin5 => 1,
    };
    [ESC, b'p', connector, 25, 250]
}

/// Renders `document` for `paper`: initialise, select code page 860, kick the drawer if
/// asked, print the blocks, feed and cut partially (a tab holds the receipt so it does
/// not fall).
pub fn render_escpos(document: &PrintDocument, paper: PaperWidth) -> Result<Vec<u8>, RenderError> {
    let mut bytes = vec![ESC, b'@'];
    bytes.extend_from_slice(&SELECT_PC860);
    if document.open_cash_drawer {
        bytes.extend_from_slice(&drawer_kick_pulse(DrawerPin::Pin2));
    }
    for block in &document.blocks {
        render_block(&mut bytes, block, paper)?;
    }
    bytes.extend_from_slice(&[ESC, b'd', FEED_BEFORE_CUT]);
    bytes.extend_from_slice(&[GS, b'V', 1]);
    Ok(bytes)
}

fn render_block(
    bytes: &mut Vec<u8>,
    block: &PrintBlock,
    paper: PaperWidth,
) -> Result<(), RenderError> {
    match block_layout(block, paper) {
        BlockLayout::Lines { style, lines } => {
            let (start, end): (&[u8], &[u8]) = match style {
                LineStyle::Normal => (&[], &[]),
                LineStyle::Heading => (&[ESC, b'E', 1, GS, b'!', 0x11], &RESET_EMPHASIS),
                LineStyle::Total => (&[ESC, b'E', 1, GS, b'!', 0x01], &RESET_EMPHASIS),
            };
            bytes.extend_from_slice(start);
            push_lines(bytes, lines);
            bytes.extend_from_slice(end);
        }
        BlockLayout::QrCode(payload) => render_qr_code(bytes, payload, paper)?,
    }
    Ok(())
}

fn push_lines(bytes: &mut Vec<u8>, lines: impl IntoIterator<Item = Vec<u8>>) {
    for line in lines {
        bytes.extend_from_slice(&line);
        bytes.push(LF);
    }
}
