//! A PNG preview of a receipt, laid out as the printer prints it: one pixel a printer
//! dot, the printable width of the paper, Font A cells of 12 x 24 dots, the heading and
//! totals in the printer's double sizes, and the same QR code. The line breaks come from
//! `escpos::block_layout`, the function the ESC/POS bytes come from, so the preview and
//! the paper always break lines in the same places.

mod canvas;
mod glyphs;
#[cfg(test)]
mod tests;

use qrcode::{Color, EcLevel, QrCode};

use crate::escpos::block_layout::{BlockLayout, LineStyle, block_layout};
use crate::escpos::pc860::decode_pc860;
use crate::escpos::qr_code::{module_dots, printable_dots};
use crate::escpos::{FEED_BEFORE_CUT, QR_MAX_PAYLOAD_BYTES, RenderError};
use crate::print_document::{PaperWidth, PrintDocument};
use canvas::Canvas;
use glyphs::{CELL_HEIGHT, GlyphSize, draw_glyph};

/// Light modules the QR standard asks for around the symbol, so a camera finds its edge.
const QR_QUIET_ZONE_MODULES: usize = 4;

/// The PNG file of `document` printed on `paper`, down to the feed before the cut.
pub fn render_receipt_png(
    document: &PrintDocument,
    paper: PaperWidth,
) -> Result<Vec<u8>, RenderError> {
    let mut canvas = Canvas::new(printable_dots(paper));
    for block in &document.blocks {
        match block_layout(block, paper) {
            BlockLayout::Lines { style, lines } => {
                for line in lines {
                    draw_line(&mut canvas, &line, glyph_size(style));
                }
            }
            BlockLayout::QrCode(payload) => draw_qr_code(&mut canvas, payload, paper)?,
        }
    }
    canvas.feed(usize::from(FEED_BEFORE_CUT) * CELL_HEIGHT);
    canvas.into_png()
}

/// The printer's `GS !` and `ESC E` for each style, as `escpos::render_block` sends them.
fn glyph_size(style: LineStyle) -> GlyphSize {
    match style {
        LineStyle::Normal => GlyphSize::NORMAL,
        LineStyle::Heading => GlyphSize {
            width_factor: 2,
            height_factor: 2,
            bold: true,
        },
        LineStyle::Total => GlyphSize {
            width_factor: 1,
            height_factor: 2,
            bold: true,
        },
    }
}

/// One printed line of code page 860 bytes; an empty line still feeds a cell.
fn draw_line(canvas: &mut Canvas, line: &[u8], size: GlyphSize) {
    let top = canvas.feed(size.cell_height());
    for (column, &byte) in line.iter().enumerate() {
        let character = decode_pc860(byte);
        if character != ' ' {
            draw_glyph(canvas, character, column * size.cell_width(), top, size);
        }
    }
}

/// The QR code at level M and the printer's module size, centred with its quiet zone.
fn draw_qr_code(canvas: &mut Canvas, payload: &str, paper: PaperWidth) -> Result<(), RenderError> {
    let data = payload.as_bytes();
    if data.len() > QR_MAX_PAYLOAD_BYTES {
        return Err(RenderError::QrPayloadTooLong {
            bytes: data.len(),
            max: QR_MAX_PAYLOAD_BYTES,
        });
    }
    let code = QrCode::with_error_correction_level(data, EcLevel::M).map_err(|error| {
        RenderError::QrNotDrawn {
            reason: error.to_string(),
        }
    })?;
    let module = usize::from(module_dots(data.len(), paper));
    let modules = code.width();
    let side = (modules + 2 * QR_QUIET_ZONE_MODULES) * module;
    // A symbol wider than the paper starts at its left edge and is clipped on the right.
    let left = canvas.width().saturating_sub(side) / 2 + QR_QUIET_ZONE_MODULES * module;
    let top = canvas.feed(side) + QR_QUIET_ZONE_MODULES * module;
    for (row, colors) in code.to_colors().chunks(modules.max(1)).enumerate() {
        for (column, &color) in colors.iter().enumerate() {
            if color == Color::Dark {
                fill_square(canvas, left + column * module, top + row * module, module);
            }
        }
    }
    Ok(())
}

fn fill_square(canvas: &mut Canvas, left: usize, top: usize, side: usize) {
    for y in top..top + side {
        for x in left..left + side {
            canvas.ink(x, y);
        }
    }
}
