//! The preview decoded back from its PNG bytes and checked dot by dot.

use std::io::Cursor;

use super::glyphs::{CELL_HEIGHT, CELL_WIDTH};
use super::render_receipt_png;
use crate::escpos::{FEED_BEFORE_CUT, QR_MAX_PAYLOAD_BYTES, RenderError, render_escpos};
use crate::print_document::{PaperWidth, PrintBlock, PrintDocument, sample_receipt};

const BOTH_PAPERS: [PaperWidth; 2] = [PaperWidth::Millimetres58, PaperWidth::Millimetres80];

/// A decoded preview: one greyscale byte a dot, row by row.
struct Picture {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Picture {
    fn is_ink(&self, x: usize, y: usize) -> bool {
        self.pixels[y * self.width + x] < 0x80
    }

    /// The dots of the cell at `column` of the text line whose top is `top`.
    fn cell(&self, column: usize, top: usize) -> Vec<bool> {
        let mut dots = Vec::new();
        for y in top..top + CELL_HEIGHT {
            for x in column * CELL_WIDTH..(column + 1) * CELL_WIDTH {
                dots.push(self.is_ink(x, y));
            }
        }
        dots
    }

    fn inked_rows(&self) -> usize {
        (0..self.height)
            .filter(|&y| (0..self.width).any(|x| self.is_ink(x, y)))
            .count()
    }
}

fn document(blocks: Vec<PrintBlock>) -> PrintDocument {
    PrintDocument {
        blocks,
        open_cash_drawer: false,
    }
}

fn text(line: &str) -> PrintBlock {
    PrintBlock::Text(line.to_owned())
}

fn picture(document: &PrintDocument, paper: PaperWidth) -> Picture {
    let png = render_receipt_png(document, paper).expect("the preview renders");
    let mut reader = png::Decoder::new(Cursor::new(png))
        .read_info()
        .expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let frame = reader.next_frame(&mut pixels).expect("the PNG image");
    assert_eq!(frame.color_type, png::ColorType::Grayscale, "greyscale");
    assert_eq!(frame.bit_depth, png::BitDepth::Eight, "one byte a dot");
    Picture {
        width: usize::try_from(frame.width).expect("width"),
        height: usize::try_from(frame.height).expect("height"),
        pixels,
    }
}

#[test]
fn the_image_is_as_wide_as_the_printable_dots_of_the_paper() {
    let receipt = document(vec![text("Pet Shop Amigo")]);
    assert_eq!(picture(&receipt, PaperWidth::Millimetres58).width, 384);
    assert_eq!(picture(&receipt, PaperWidth::Millimetres80).width, 576);
}

#[test]
fn two_more_text_lines_make_the_image_exactly_two_cells_taller() {
    let short = document(vec![text("Banho"), text("Tosa")]);
    let mut long = short.clone();
    long.blocks
        .extend([text("Hidratação"), text("Corte de unhas")]);
    for paper in BOTH_PAPERS {
        assert_eq!(
            picture(&long, paper).height,
            picture(&short, paper).height + 2 * CELL_HEIGHT,
            "{paper:?}"
        );
    }
}

#[test]
fn the_preview_has_a_cell_row_for_every_line_the_printer_feeds() {
    let receipt = document(vec![
        PrintBlock::Centered("Rua das Flores, 123 - Centro - São Paulo - SP".into()),
        PrintBlock::Item {
            description: "Ração Premium Cães Adultos Raças Grandes 15kg".into(),
            amount: "R$ 189,90".into(),
        },
        PrintBlock::Separator,
        PrintBlock::BlankLines(2),
        text("Obrigado pela preferência, volte sempre!"),
    ]);
    for paper in BOTH_PAPERS {
        let bytes = render_escpos(&receipt, paper).expect("ESC/POS");
        let line_feeds = bytes.iter().filter(|&&byte| byte == b'\n').count();
        let fed_lines = line_feeds + usize::from(FEED_BEFORE_CUT);
        assert_eq!(
            picture(&receipt, paper).height,
            fed_lines * CELL_HEIGHT,
            "{paper:?}: the paper and the preview break the lines alike"
        );
    }
}

#[test]
fn a_qr_block_reads_back_as_its_payload() {
    let payload = "00020126580014br.gov.bcb.pix0136pix@petfeliz.com.br5204000053039865405\
                   20.005802BR5909Pet Feliz6009Sao Paulo62070503***6304ABCD";
    let receipt = document(vec![PrintBlock::QrCode {
        payload: payload.to_owned(),
    }]);
    for paper in BOTH_PAPERS {
        let picture = picture(&receipt, paper);
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(picture.width, picture.height, |x, y| {
                picture.pixels[y * picture.width + x]
            });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "{paper:?}: one QR code on the receipt");
        let (_, content) = grids[0].decode().expect("the QR code decodes");
        assert_eq!(content, payload, "{paper:?}");
    }
}

#[test]
fn accented_letters_are_drawn_unlike_their_base_letter_and_unlike_a_question_mark() {
    let pairs = [
        ('ç', 'c'),
        ('ã', 'a'),
        ('õ', 'o'),
        ('é', 'e'),
        ('ê', 'e'),
        ('á', 'a'),
        ('à', 'a'),
        ('ó', 'o'),
        ('ô', 'o'),
        ('ú', 'u'),
        ('í', 'i'),
        ('Ç', 'C'),
        ('Ã', 'A'),
        ('É', 'E'),
        ('Ê', 'E'),
        ('Ó', 'O'),
        ('Õ', 'O'),
    ];
    let line: String = pairs
        .iter()
        .flat_map(|&(accented, base)| [accented, base])
        .collect();
    let receipt = document(vec![text(&line), text("?")]);
    let picture = picture(&receipt, PaperWidth::Millimetres80);
    let question_mark = picture.cell(0, CELL_HEIGHT);
    for (index, (accented, base)) in pairs.into_iter().enumerate() {
        let accented_dots = picture.cell(2 * index, 0);
        assert!(accented_dots.contains(&true), "{accented} is drawn");
        assert_ne!(
            accented_dots,
            picture.cell(2 * index + 1, 0),
            "{accented} vs {base}"
        );
        assert_ne!(
            accented_dots, question_mark,
            "{accented} is not drawn as '?'"
        );
    }
}

#[test]
fn a_character_the_font_lacks_is_drawn_as_a_question_mark_not_left_blank() {
    // '≡' is in code page 860 (0xF0) but not among the 8x8 glyphs.
    let receipt = document(vec![text("≡"), text("?")]);
    let picture = picture(&receipt, PaperWidth::Millimetres58);
    assert_eq!(picture.cell(0, 0), picture.cell(0, CELL_HEIGHT));
}

#[test]
fn a_heading_is_a_line_of_double_width_characters_two_cells_tall() {
    let letters = "ABCDEFGHIJKLMNOP";
    let rightmost_ink = |picture: &Picture| {
        (0..picture.width)
            .filter(|&x| (0..picture.height).any(|y| picture.is_ink(x, y)))
            .max()
    };
    let paper = PaperWidth::Millimetres58;
    let heading = picture(&document(vec![PrintBlock::Heading(letters.into())]), paper);
    let normal = picture(&document(vec![text(letters)]), paper);
    assert_eq!(heading.height, normal.height + CELL_HEIGHT, "one more cell");
    assert!(
        rightmost_ink(&normal) < Some(letters.len() * CELL_WIDTH),
        "16 normal characters fill half the 58 mm paper"
    );
    assert!(
        rightmost_ink(&heading) >= Some(2 * letters.len() * CELL_WIDTH - CELL_WIDTH),
        "16 heading characters fill all of it"
    );
}

#[test]
fn a_total_is_twice_as_tall_as_normal_text() {
    let normal = document(vec![text("TOTAL R$ 189,90")]);
    let total = document(vec![PrintBlock::Total {
        label: "TOTAL".into(),
        amount: "R$ 189,90".into(),
    }]);
    let normal_rows = picture(&normal, PaperWidth::Millimetres58).inked_rows();
    assert!(normal_rows > 0, "the normal text is drawn");
    assert_eq!(
        picture(&total, PaperWidth::Millimetres58).inked_rows(),
        2 * normal_rows
    );
}

#[test]
fn a_payload_longer_than_a_qr_code_holds_is_refused() {
    let receipt = document(vec![PrintBlock::QrCode {
        payload: "x".repeat(QR_MAX_PAYLOAD_BYTES + 1),
    }]);
    assert_eq!(
        render_receipt_png(&receipt, PaperWidth::Millimetres80),
        Err(RenderError::QrPayloadTooLong {
            bytes: QR_MAX_PAYLOAD_BYTES + 1,
            max: QR_MAX_PAYLOAD_BYTES,
        })
    );
}

/// With FFLOW_SAVE_PREVIEW set, also writes receipt_preview_58.png and _80.png to the
/// temporary folder, to look at; the test passes the same without it.
#[test]
fn the_sample_receipt_renders_on_both_papers() {
    for (paper, name) in [
        (PaperWidth::Millimetres58, "receipt_preview_58.png"),
        (PaperWidth::Millimetres80, "receipt_preview_80.png"),
    ] {
        let png = render_receipt_png(&sample_receipt(), paper).expect("the sample renders");
        let picture = picture(&sample_receipt(), paper);
        assert!(picture.inked_rows() > 0, "{paper:?}: something is printed");
        if std::env::var_os("FFLOW_SAVE_PREVIEW").is_some() {
            std::fs::write(std::env::temp_dir().join(name), png).expect("saved");
        }
    }
}
