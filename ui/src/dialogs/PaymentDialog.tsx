// Payment: an amount per active method (split payments), change from cash, and the PIX
// QR code for the PIX part. Core settles and commits; this only collects what was typed.

import { type FormEvent, useEffect, useState } from "react";
import { type CommandError, type CompletedSaleView, commands, type PaymentInput, type PaymentMethodView } from "../bindings";
import { type Cart, toCartInput } from "../cart";
import { Dialog } from "../components/Dialog";
import { ErrorLine, localError } from "../components/ErrorLine";
import { QrImage } from "../components/QrImage";
import { centsAsTyped, formatCents, parseCents } from "../money";
import { useText } from "../textContext";

export function PaymentDialog({ cart, totalCents, methods, onClose, onCompleted }: {
  cart: Cart;
  totalCents: number;
  methods: PaymentMethodView[];
  onClose: () => void;
  onCompleted: (sale: CompletedSaleView) => void;
}) {
  const { text, locale } = useText();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [error, setError] = useState<CommandError | null>(null);
  const [busy, setBusy] = useState(false);
  const amountOf = (code: string) => parseCents(typed[code] ?? "") ?? 0;
  const paid = methods.reduce((sum, method) => sum + amountOf(method.code), 0);
  const remaining = Math.max(0, totalCents - paid);
  const change = Math.max(0, paid - totalCents);
  const pixMethod = methods.find((method) => method.kind === "pix");
  const pixCents = pixMethod ? amountOf(pixMethod.code) : 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unreadable = methods.find((method) => (typed[method.code] ?? "").trim() !== "" && parseCents(typed[method.code]) === null);
    if (unreadable) {
      setError(localError("invalid_input", unreadable.label));
      return;
    }
    const payments: PaymentInput[] = methods
      .filter((method) => amountOf(method.code) > 0)
      .map((method) => ({ methodCode: method.code, amountCents: amountOf(method.code) }));
    setBusy(true);
    const result = await commands.completeSale(toCartInput(cart), payments);
    setBusy(false);
    if (result.status === "ok") onCompleted(result.data);
    else setError(result.error);
  }

  return (
    <Dialog title={text.paymentHeading} testId="payment-dialog" onClose={onClose} wide>
      <form onSubmit={submit} className="payment">
        <div className="payment-methods">
          <p className="due">
            {text.amountDue} <strong data-testid="payment-due">{formatCents(totalCents, locale)}</strong>
          </p>
          {methods.map((method) => (
            <label key={method.code} className="payment-row">
              <span>{method.label}</span>
              <input
                data-testid={`pay-${method.code}`}
                inputMode="decimal"
                placeholder="0,00"
                value={typed[method.code] ?? ""}
                onChange={(event) => setTyped({ ...typed, [method.code]: event.target.value })}
              />
              <button
                type="button"
                className="ghost"
                onClick={() => setTyped({ ...typed, [method.code]: centsAsTyped(amountOf(method.code) + remaining, locale) })}
              >
                {text.fillRemaining}
              </button>
            </label>
          ))}
          <dl className="payment-summary">
            <dt>{text.paid}</dt>
            <dd data-testid="payment-paid">{formatCents(paid, locale)}</dd>
            <dt>{text.remaining}</dt>
            <dd data-testid="payment-remaining">{formatCents(remaining, locale)}</dd>
            <dt>{text.change}</dt>
            <dd data-testid="payment-change" className="change">
              {formatCents(change, locale)}
            </dd>
          </dl>
          <ErrorLine error={error} />
          <button type="submit" className="primary big" data-testid="confirm-payment" disabled={busy}>
            {text.confirmPayment}
          </button>
        </div>
        {pixCents > 0 && <PixCharge cents={pixCents} />}
      </form>
    </Dialog>
  );
}

function PixCharge({ cents }: { cents: number }) {
  const { text, locale } = useText();
  const [payload, setPayload] = useState<string | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  useEffect(() => {
    let current = true;
    commands.pixPayload({ cents }, "FFLOW").then((result) => {
      if (!current) return;
      if (result.status === "ok") {
        setPayload(result.data);
        setError(null);
      } else {
        setPayload(null);
        setError(result.error);
      }
    });
    return () => {
      current = false;
    };
  }, [cents]);
  return (
    <aside className="pix" data-testid="pix-charge">
      <p>{text.pixScan}</p>
      <strong>{formatCents(cents, locale)}</strong>
      {payload && <QrImage payload={payload} size={220} testId="pix-qr" />}
      <ErrorLine error={error} />
    </aside>
  );
}
