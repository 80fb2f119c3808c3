//! ESC/POS rendering: a print document turned into the bytes a thermal receipt printer
//! (Epson, Elgin, Bematech, Daruma, Tanca, ...) understands.
//!
//! The encoder is our own rather than the `escpos` crate: that crate (0.20) sends the
//! drawer kick as `ESC p m` without its two pulse-time bytes, so the printer swallows the
//! next two bytes of the receipt; it keeps its code page tables private and falls back to
//! UTF-8 bytes for characters outside them; and it renders only through a driver object.
//! The handful of commands a receipt needs is small enough to own and test here.

pub mod line_layout;
pub mod pc860;
pub mod qr_code;

#[cfg(test)]
mod stream_reader;
#[cfg(test)]
mod tests;

use crate::print_document::{PaperWidth, PrintBlock, PrintDocument};
use line_layout::{centred, left_and_right, wrap};
use pc860::encode_pc860;
pub use qr_code::QR_MAX_PAYLOAD_BYTES;
use qr_code::render_qr_code;

pub(crate) const ESC: u8 = 0x1b;
pub(crate) const GS: u8 = 0x1d;
pub(crate) const LF: u8 = b'\n';

/// `ESC t 3`: code page 860 (Portuguese) in the Epson numbering most printers follow.
const SELECT_PC860: [u8; 3] = [ESC, b't', 3];

/// Lines fed before the cut so the last printed line clears the cutter.
const FEED_BEFORE_CUT: u8 = 4;

/// Why a document cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error(
        "the QR code content has {bytes} bytes; a printed QR code holds at most {max}, so \
         it cannot be printed"
    )]
    QrPayloadTooLong { bytes: usize, max: usize },
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
    let columns = paper.columns();
    match block {
        PrintBlock::Heading(text) => {
            // Double width halves the columns.
            let half = columns / 2;
            let lines = wrap(&encode_pc860(text), half);
            bytes.extend_from_slice(&[ESC, b'E', 1, GS, b'!', 0x11]);
            push_lines(bytes, lines.iter().map(|line| centred(line, half)));
            bytes.extend_from_slice(&[GS, b'!', 0x00, ESC, b'E', 0]);
        }
        PrintBlock::Centered(text) => {
            let lines = wrap(&encode_pc860(text), columns);
            push_lines(bytes, lines.iter().map(|line| centred(line, columns)));
        }
        PrintBlock::Text(text) => push_lines(bytes, wrap(&encode_pc860(text), columns)),
        PrintBlock::Item {
            description,
            amount,
        } => push_lines(
            bytes,
            left_and_right(&encode_pc860(description), &encode_pc860(amount), columns),
        ),
        PrintBlock::Separator => push_lines(bytes, [vec![b'-'; columns]]),
        PrintBlock::Total { label, amount } => {
            // Double height only, so the line keeps its full width.
            bytes.extend_from_slice(&[ESC, b'E', 1, GS, b'!', 0x01]);
            push_lines(
                bytes,
                left_and_right(&encode_pc860(label), &encode_pc860(amount), columns),
            );
            bytes.extend_from_slice(&[GS, b'!', 0x00, ESC, b'E', 0]);
        }
        PrintBlock::QrCode { payload } => render_qr_code(bytes, payload, paper)?,
        PrintBlock::BlankLines(count) => {
            push_lines(bytes, std::iter::repeat_n(Vec::new(), usize::from(*count)));
        }
    }
    Ok(())
}

fn push_lines(bytes: &mut Vec<u8>, lines: impl IntoIterator<Item = Vec<u8>>) {
    for line in lines {
        bytes.extend_from_slice(&line);
        bytes.push(LF);
    }
}
