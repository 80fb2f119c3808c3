// The receipt of the sale just made, drawn from the same blocks the printer gets, with
// a Print button that puts it in the persistent print queue. "As printed" swaps the text
// for core's picture of the paper (the printer's own font, line breaks and QR size), so
// the cashier sees what the customer will get before paper is spent.

import { useEffect, useState } from "react";
import {
  type CommandError,
  type CompletedSaleView,
  commands,
  type ReceiptBlockView,
  type ReceiptImageView,
  type ReceiptView,
} from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { QrImage } from "../components/QrImage";
import { formatCents } from "../money";
import { useText } from "../textContext";

export function ReceiptPreview({ sale, onClose }: { sale: CompletedSaleView; onClose: () => void }) {
  const { text, locale } = useText();
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [queued, setQueued] = useState(false);
  const [asPrinted, setAsPrinted] = useState(false);
  const [image, setImage] = useState<ReceiptImageView | null>(null);
  useEffect(() => {
    commands.saleReceipt(sale.code).then((result) => (result.status === "ok" ? setReceipt(result.data) : setError(result.error)));
  }, [sale.code]);

  async function toggleAsPrinted() {
    if (asPrinted) {
      setAsPrinted(false);
      return;
    }
    // The picture is drawn once per dialog; switching back and forth reuses it.
    if (!image) {
      const result = await commands.receiptImage(sale.code);
      if (result.status !== "ok") {
        setError(result.error);
        return;
      }
      setImage(result.data);
    }
    setAsPrinted(true);
  }

  async function print() {
    const result = await commands.queueReceipt(sale.id);
    if (result.status === "ok") setQueued(true);
    else setError(result.error);
  }

  return (
    <Dialog title={`${text.saleDone}: ${sale.code}`} testId="receipt-dialog" onClose={onClose} wide>
      <div className="receipt-layout">
        {asPrinted && image ? (
          <PrintedReceipt image={image} alt={text.receiptImageAlt} />
        ) : (
          <div className="receipt-paper" data-testid="receipt">
            {receipt?.blocks.map((block, index) => <ReceiptBlock key={index} block={block} />)}
          </div>
        )}
        <div className="receipt-side">
          <dl className="payment-summary">
            <dt>{text.total}</dt>
            <dd>{formatCents(sale.totalCents, locale)}</dd>
            <dt>{text.paid}</dt>
            <dd>{formatCents(sale.tenderedCents, locale)}</dd>
            <dt>{text.change}</dt>
            <dd className="change" data-testid="sale-change">
              {formatCents(sale.changeCents, locale)}
            </dd>
          </dl>
          {sale.drawerProblem && (
            <p className="warning" data-testid="drawer-problem">
              {text.drawerDidNotOpen} {sale.drawerProblem}
            </p>
          )}
          <ErrorLine error={error} />
          {queued && <p data-testid="print-queued">{text.printQueued}</p>}
          <button type="button" data-testid="receipt-as-printed" aria-pressed={asPrinted} onClick={toggleAsPrinted}>
            {asPrinted ? text.receiptAsText : text.receiptAsPrinted}
          </button>
          <button type="button" data-testid="print-receipt" onClick={print} disabled={queued}>
            {text.print}
          </button>
          <button type="button" className="primary big" data-testid="new-sale" onClick={onClose}>
            {text.newSale}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

/// The picture at one screen pixel per printer dot where it fits, never blurred when
/// shrunk; its natural width is exposed so a test can tell which paper it was drawn for.
function PrintedReceipt({ image, alt }: { image: ReceiptImageView; alt: string }) {
  const [naturalWidth, setNaturalWidth] = useState<number | null>(null);
  return (
    <div className="receipt-paper printed" data-testid="receipt-printed" data-paper-mm={image.paperMm}>
      <img
        src={image.dataUrl}
        alt={alt}
        data-testid="receipt-image"
        data-natural-width={naturalWidth ?? undefined}
        onLoad={(event) => setNaturalWidth(event.currentTarget.naturalWidth)}
      />
    </div>
  );
}

function ReceiptBlock({ block }: { block: ReceiptBlockView }) {
  switch (block.kind) {
    case "heading":
      return <div className="r-heading">{block.text}</div>;
    case "centered":
      return <div className="r-centered">{block.text}</div>;
    case "text":
      return <div>{block.text}</div>;
    case "item":
      return (
        <div className="r-item">
          <span>{block.description}</span>
          <span>{block.amount}</span>
        </div>
      );
    case "separator":
      return <hr />;
    case "total":
      return (
        <div className="r-item r-total">
          <span>{block.label}</span>
          <span>{block.amount}</span>
        </div>
      );
    case "qr_code":
      return (
        <div className="r-centered">
          <QrImage payload={block.payload} size={140} testId="receipt-qr" />
        </div>
      );
    case "blank_lines":
      return <div style={{ height: `${block.count}em` }} />;
  }
}
