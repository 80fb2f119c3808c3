//! The document a printer is handed: a generic receipt layout of blocks, with every amount
//! already formatted by core, because devices know nothing of sales or money.

/// A document to print, top to bottom, ending with a partial cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintDocument {
    pub blocks: Vec<PrintBlock>,
    /// Open the cash drawer (wired to the printer) as printing starts, as for a cash sale.
    pub open_cash_drawer: bool,
}

/// One part of the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintBlock {
    /// A large, bold, centred heading (the store's name).
    Heading(String),
    /// A centred line, wrapped if longer than the paper (address, CNPJ, footer).
    Centered(String),
    /// Free text, left aligned and wrapped at word boundaries.
    Text(String),
    /// A line item: its description on the left, wrapped if needed, and its amount
    /// right-aligned on the description's last line.
    Item { description: String, amount: String },
    /// A line of dashes across the paper.
    Separator,
    /// An emphasised line (bold, double height): a label on the left, an amount on the
    /// right, as for the total or the change.
    Total { label: String, amount: String },
    /// A QR code, centred (the PIX payment payload, a link to the fiscal receipt).
    QrCode { payload: String },
    /// Blank lines.
    BlankLines(u8),
}

/// The paper roll, which fixes how many characters fit on a line in the normal font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperWidth {
    /// 58 mm paper: 32 columns.
    Millimetres58,
    /// 80 mm paper: 48 columns.
    Millimetres80,
}

impl PaperWidth {
    pub fn columns(self) -> usize {
        match self {
            Self::Millimetres58 => 32,
            Self::Millimetres80 => 48,
        }
    }
}

/// A short receipt with accents, a QR code and a drawer kick, for the printer tests.
#[cfg(test)]
pub(crate) fn sample_receipt() -> PrintDocument {
    PrintDocument {
        blocks: vec![
            PrintBlock::Heading("Pet Shop Amigo".into()),
            PrintBlock::Item {
                description: "Ração Sênior Salmão".into(),
                amount: "R$ 189,90".into(),
            },
            PrintBlock::QrCode {
                payload: "00020126580014br.gov.bcb.pix".into(),
            },
        ],
        open_cash_drawer: true,
    }
}
