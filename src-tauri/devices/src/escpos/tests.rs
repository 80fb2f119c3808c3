//! Tests of the ESC/POS renderer through the stream reader: what the printer would print,
//! on both paper widths, rather than byte offsets.

use super::stream_reader::{Command, Piece, PrintedLine, commands, printed_lines, read_stream};
use super::*;

const PIX_PAYLOAD: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-\
                           4266554400005204000053039865802BR5913Pet Shop Amigo6009SAO PAULO\
                           62070503***63041D3D";

fn receipt(open_cash_drawer: bool) -> PrintDocument {
    PrintDocument {
        blocks: vec![
            PrintBlock::Heading("Pet Shop Amigo".into()),
            PrintBlock::Centered("CNPJ 12.345.678/0001-90".into()),
            PrintBlock::Centered("Rua das Acácias, 120 - São Paulo".into()),
            PrintBlock::Separator,
            PrintBlock::Item {
                description: "Ração Sênior Salmão 15kg".into(),
                amount: "R$ 189,90".into(),
            },
            PrintBlock::Item {
                description: "Banho e tosa higiênica - porte médio, pelo longo".into(),
                amount: "R$ 75,00".into(),
            },
            PrintBlock::Separator,
            PrintBlock::Total {
                label: "TOTAL".into(),
                amount: "R$ 264,90".into(),
            },
            PrintBlock::Text("Pagamento: PIX. Obrigado pela preferência!".into()),
            PrintBlock::QrCode {
                payload: PIX_PAYLOAD.into(),
            },
            PrintBlock::BlankLines(1),
            PrintBlock::Centered("Volte sempre!".into()),
        ],
        open_cash_drawer,
    }
}

fn render_and_read(document: &PrintDocument, paper: PaperWidth) -> Vec<Piece> {
    let bytes = render_escpos(document, paper).expect("the sample receipt renders");
    read_stream(&bytes).expect("the renderer sends only commands the reader knows")
}

fn line_texts<'a>(lines: &[&'a PrintedLine]) -> Vec<&'a str> {
    lines.iter().map(|line| line.text.as_str()).collect()
}

const PAPERS: [PaperWidth; 2] = [PaperWidth::Millimetres58, PaperWidth::Millimetres80];

#[test]
fn the_stream_starts_with_initialise_then_the_portuguese_code_page() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(false), paper);
        assert_eq!(
            pieces[..2],
            [
                Piece::Command(Command::Initialise),
                Piece::Command(Command::CodePage(3))
            ],
            "{paper:?}: code page 860 must be selected before any text is sent"
        );
    }
}

#[test]
fn accented_text_round_trips_through_code_page_860() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(false), paper);
        let texts = line_texts(&printed_lines(&pieces));
        assert!(
            texts
                .iter()
                .any(|text| text.starts_with("Ração Sênior Salmão")),
            "{paper:?}: the product name must print with its accents: {texts:#?}"
        );
        assert!(
            texts.iter().any(|text| text.contains("São Paulo")),
            "{paper:?}: the address keeps its accents: {texts:#?}"
        );
    }
}

#[test]
fn no_line_is_wider_than_the_paper() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(true), paper);
        for line in printed_lines(&pieces) {
            assert!(
                line.columns <= paper.columns(),
                "{paper:?}: {:?} takes {} columns of {}",
                line.text,
                line.columns,
                paper.columns()
            );
        }
    }
}

#[test]
fn amounts_end_exactly_at_the_last_column() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(false), paper);
        let lines = printed_lines(&pieces);
        for amount in ["R$ 189,90", "R$ 75,00", "R$ 264,90"] {
            let line = lines
                .iter()
                .find(|line| line.text.ends_with(amount))
                .unwrap_or_else(|| panic!("{paper:?}: no line ends with {amount}"));
            assert_eq!(
                line.columns,
                paper.columns(),
                "{paper:?}: {:?} must be right-aligned to the paper's edge",
                line.text
            );
        }
    }
}

#[test]
fn a_long_description_wraps_and_keeps_its_words() {
    let pieces = render_and_read(&receipt(false), PaperWidth::Millimetres58);
    let texts = line_texts(&printed_lines(&pieces));
    let start = texts
        .iter()
        .position(|text| text.starts_with("Banho"))
        .expect("the service line is printed");
    let end = texts
        .iter()
        .position(|text| text.ends_with("R$ 75,00"))
        .expect("the service amount is printed");
    let joined = texts[start..=end].join(" ");
    assert!(
        end > start && joined.starts_with("Banho e tosa higiênica - porte médio, pelo longo"),
        "the description wraps over lines without losing words: {:?}",
        &texts[start..=end]
    );
}

#[test]
fn the_heading_is_bold_double_size_and_totals_bold_double_height() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(false), paper);
        let lines = printed_lines(&pieces);
        let heading = lines
            .iter()
            .find(|line| line.text.trim() == "Pet Shop Amigo")
            .expect("the heading is printed");
        assert!(
            heading.bold && heading.width == 2 && heading.height == 2,
            "{paper:?}: the store name is the heading: {heading:?}"
        );
        let total = lines
            .iter()
            .find(|line| line.text.starts_with("TOTAL"))
            .expect("the total is printed");
        assert!(
            total.bold && total.width == 1 && total.height == 2,
            "{paper:?}: the total is emphasised but keeps the full width: {total:?}"
        );
        let after_total = lines
            .iter()
            .find(|line| line.text.starts_with("Pagamento"))
            .expect("the payment text is printed");
        assert!(
            !after_total.bold && after_total.height == 1,
            "{paper:?}: emphasis ends with the total line: {after_total:?}"
        );
    }
}

#[test]
fn the_qr_code_carries_the_payload_and_is_printed() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(false), paper);
        let commands = commands(&pieces);
        let store = commands
            .iter()
            .position(|command| matches!(command, Command::QrStore(_)))
            .expect("the QR data is stored in the printer");
        assert_eq!(
            *commands[store],
            Command::QrStore(PIX_PAYLOAD.as_bytes().to_vec()),
            "{paper:?}: the QR holds the PIX payload byte for byte"
        );
        assert_eq!(
            *commands[store + 1],
            Command::QrPrint,
            "{paper:?}: stored QR data must be printed right after"
        );
        assert!(
            commands.contains(&&Command::QrModel(50)),
            "{paper:?}: QR model 2, which every current printer reads"
        );
    }
}

#[test]
fn a_qr_payload_too_large_for_a_symbol_is_refused() {
    let document = PrintDocument {
        blocks: vec![PrintBlock::QrCode {
            payload: "9".repeat(QR_MAX_PAYLOAD_BYTES + 1),
        }],
        open_cash_drawer: false,
    };
    assert_eq!(
        render_escpos(&document, PaperWidth::Millimetres80),
        Err(RenderError::QrPayloadTooLong {
            bytes: QR_MAX_PAYLOAD_BYTES + 1,
            max: QR_MAX_PAYLOAD_BYTES
        }),
        "a payload no QR symbol holds must not reach the printer half-rendered"
    );
}

#[test]
fn the_receipt_ends_with_a_feed_and_a_partial_cut() {
    for paper in PAPERS {
        let pieces = render_and_read(&receipt(false), paper);
        assert_eq!(
            pieces[pieces.len() - 2..],
            [
                Piece::Command(Command::FeedLines(FEED_BEFORE_CUT)),
                Piece::Command(Command::PartialCut)
            ],
            "{paper:?}: the last line must clear the cutter before the partial cut"
        );
    }
}

#[test]
fn the_drawer_pulse_is_sent_only_when_asked() {
    let pulse = Command::DrawerPulse {
        pin: 0,
        on_ms: 50,
        off_ms: 500,
    };
    let with_drawer = render_and_read(&receipt(true), PaperWidth::Millimetres80);
    assert_eq!(
        with_drawer[2],
        Piece::Command(pulse.clone()),
        "a cash sale opens the drawer as printing starts, with both pulse times sent"
    );
    let without = render_and_read(&receipt(false), PaperWidth::Millimetres80);
    assert!(
        !commands(&without)
            .iter()
            .any(|command| matches!(command, Command::DrawerPulse { .. })),
        "a receipt that does not ask for the drawer must never open it"
    );
    assert_eq!(
        read_stream(&drawer_kick_pulse(DrawerPin::Pin5)),
        Ok(vec![Piece::Command(Command::DrawerPulse {
            pin: 1,
            on_ms: 50,
            off_ms: 500
        })]),
        "the pulse on its own (drawer opened on demand) is one complete command"
    );
}

#[test]
fn control_characters_in_text_cannot_become_commands() {
    let document = PrintDocument {
        blocks: vec![PrintBlock::Text(
            "Coleira\u{1b}p\u{0}\u{19}\u{fa} azul".into(),
        )],
        open_cash_drawer: false,
    };
    let pieces = render_and_read(&document, PaperWidth::Millimetres58);
    assert!(
        !commands(&pieces)
            .iter()
            .any(|command| matches!(command, Command::DrawerPulse { .. })),
        "an ESC inside a product name must not open the drawer"
    );
}
