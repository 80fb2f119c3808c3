//! Which lines of text a block prints, in which style: the one place that decides line
//! breaks, so the ESC/POS bytes and the PNG preview (`receipt_png`) never disagree.

use super::line_layout::{centred, left_and_right, wrap};
use super::pc860::encode_pc860;
use crate::print_document::{PaperWidth, PrintBlock};

/// How a block's lines are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    /// The normal font: one column per character.
    Normal,
    /// Bold, double width and double height: two columns per character.
    Heading,
    /// Bold and double height, keeping the full width.
    Total,
}

/// What a block puts on the paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockLayout<'a> {
    /// Lines of code page 860 bytes, already wrapped, centred or right-aligned.
    Lines {
        style: LineStyle,
        lines: Vec<Vec<u8>>,
    },
    /// A QR code of this payload.
    QrCode(&'a str),
}

/// The layout of `block` on `paper`.
pub fn block_layout(block: &PrintBlock, paper: PaperWidth) -> BlockLayout<'_> {
    let columns = paper.columns();
    let normal = |lines| BlockLayout::Lines {
        style: LineStyle::Normal,
        lines,
    };
    match block {
        PrintBlock::Heading(text) => {
            // Double width halves the columns.
            let half = columns / 2;
            let lines = wrap(&encode_pc860(text), half)
                .iter()
                .map(|line| centred(line, half))
                .collect();
            BlockLayout::Lines {
                style: LineStyle::Heading,
                lines,
            }
        }
        PrintBlock::Centered(text) => normal(
            wrap(&encode_pc860(text), columns)
                .iter()
                .map(|line| centred(line, columns))
                .collect(),
        ),
        PrintBlock::Text(text) => normal(wrap(&encode_pc860(text), columns)),
        PrintBlock::Item {
            description,
            amount,
        } => normal(left_and_right(
            &encode_pc860(description),
            &encode_pc860(amount),
            columns,
        )),
        PrintBlock::Separator => normal(vec![vec![b'-'; columns]]),
        // Double height only, so the line keeps its full width.
        PrintBlock::Total { label, amount } => BlockLayout::Lines {
            style: LineStyle::Total,
            lines: left_and_right(&encode_pc860(label), &encode_pc860(amount), columns),
        },
        PrintBlock::QrCode { payload } => BlockLayout::QrCode(payload),
        PrintBlock::BlankLines(count) => normal(vec![Vec::new(); usize::from(*count)]),
    }
}
