//! The receipt as the UI previews it: the same blocks the printer gets, with every
//! amount already formatted by core.

use fflow_devices::print_document::{PrintBlock, PrintDocument};
use serde::Serialize;

/// One block of the receipt, top to bottom.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ReceiptBlockView {
    Heading { text: String },
    Centered { text: String },
    Text { text: String },
    Item { description: String, amount: String },
    Separator,
    Total { label: String, amount: String },
    QrCode { payload: String },
    BlankLines { count: u8 },
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptView {
    pub blocks: Vec<ReceiptBlockView>,
    pub opens_cash_drawer: bool,
}

impl From<PrintDocument> for ReceiptView {
    fn from(document: PrintDocument) -> Self {
        let blocks = document
            .blocks
            .into_iter()
            .map(|block| match block {
                PrintBlock::Heading(text) => ReceiptBlockView::Heading { text },
                PrintBlock::Centered(text) => ReceiptBlockView::Centered { text },
                PrintBlock::Text(text) => ReceiptBlockView::Text { text },
                PrintBlock::Item {
                    description,
                    amount,
                } => ReceiptBlockView::Item {
                    description,
                    amount,
                },
                PrintBlock::Separator => ReceiptBlockView::Separator,
                PrintBlock::Total { label, amount } => ReceiptBlockView::Total { label, amount },
                PrintBlock::QrCode { payload } => ReceiptBlockView::QrCode { payload },
                PrintBlock::BlankLines(count) => ReceiptBlockView::BlankLines { count },
            })
            .collect();
        ReceiptView {
            blocks,
            opens_cash_drawer: document.open_cash_drawer,
        }
    }
}
