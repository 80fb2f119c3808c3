//! The preview's characters: 8x8 public-domain bitmaps (crate `font8x8`) stretched to the
//! printer's Font A cell of 12 x 24 dots, with the printer's double sizes and bold.

use font8x8::legacy::{BASIC_LEGACY, BLOCK_LEGACY, BOX_LEGACY, GREEK_LEGACY, LATIN_LEGACY};

use super::canvas::Canvas;

/// Font A: 12 dots wide, 24 tall, so 32 columns fill 384 dots and 48 fill 576.
pub const CELL_WIDTH: usize = 12;
pub const CELL_HEIGHT: usize = 24;

/// Side of the source bitmaps.
const BITMAP_SIDE: usize = 8;

/// How a character is drawn: its cell multiplied like `GS !`, and `ESC E` bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphSize {
    pub width_factor: usize,
    pub height_factor: usize,
    pub bold: bool,
}

impl GlyphSize {
    pub const NORMAL: Self = Self {
        width_factor: 1,
        height_factor: 1,
        bold: false,
    };

    pub fn cell_width(self) -> usize {
        CELL_WIDTH * self.width_factor
    }

    pub fn cell_height(self) -> usize {
        CELL_HEIGHT * self.height_factor
    }
}

/// The 8x8 bitmap of `character`: one byte a row, top first, bit 0 the leftmost dot.
/// A character the font lacks is drawn as '?', as a printer prints an unknown one.
pub fn bitmap(character: char) -> [u8; 8] {
    let code = u32::from(character);
    let offset_in = |first: u32| usize::try_from(code - first).unwrap_or(usize::MAX);
    let found = match code {
        0x00..=0x7f => BASIC_LEGACY.get(offset_in(0x00)),
        0xa0..=0xff => LATIN_LEGACY.get(offset_in(0xa0)),
        0x390..=0x3c9 => GREEK_LEGACY.get(offset_in(0x390)),
        0x2500..=0x257f => BOX_LEGACY.get(offset_in(0x2500)),
        0x2580..=0x259f => BLOCK_LEGACY.get(offset_in(0x2580)),
        _ => None,
    };
    found
        .or_else(|| BASIC_LEGACY.get(usize::from(b'?')))
        .copied()
        .unwrap_or_default()
}

/// Draws `character` with its cell's top-left corner at (`left`, `top`). Each bitmap dot
/// becomes a block of cell/8 dots (nearest neighbour: 1.5 across, 3 down in Font A);
/// bold repeats each dot one to its right, as a printer's double strike thickens strokes.
pub fn draw_glyph(canvas: &mut Canvas, character: char, left: usize, top: usize, size: GlyphSize) {
    let rows = bitmap(character);
    let (width, height) = (size.cell_width(), size.cell_height());
    for y in 0..height {
        let row = rows
            .get(y * BITMAP_SIDE / height)
            .copied()
            .unwrap_or_default();
        for x in 0..width {
            let source_column = x * BITMAP_SIDE / width;
            if row & (1 << source_column) != 0 {
                canvas.ink(left + x, top + y);
                if size.bold {
                    canvas.ink(left + x + 1, top + y);
                }
            }
        }
    }
}
