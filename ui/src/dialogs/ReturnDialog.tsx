// A return: find the sale by its code, choose how much of each line comes back, see the
// refund core computes, refund it by one method, and have a manager approve with a PIN.

import { type FormEvent, useEffect, useState } from "react";
import {
  type CommandError,
  type CompletedReturnView,
  commands,
  type ManagerPinInput,
  type PaymentMethodView,
  type ReturnableSaleView,
  type ReturnLineInput,
  type TillUserView,
} from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { ManagerApproval } from "../components/ManagerApproval";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { formatCents, formatMilli, parseMilli } from "../money";
import { useText } from "../textContext";

export function ReturnDialog({ methods, managers, onClose, onReturned }: {
  methods: PaymentMethodView[];
  managers: TillUserView[];
  onClose: () => void;
  onReturned: () => Promise<void>;
}) {
  const { text, locale } = useText();
  const [code, setCode] = useState("");
  const [sale, setSale] = useState<ReturnableSaleView | null>(null);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [refundCents, setRefundCents] = useState(0);
  const [method, setMethod] = useState(methods[0]?.code ?? "cash");
  const [reason, setReason] = useState("");
  const [restock, setRestock] = useState(true);
  const [approval, setApproval] = useState<ManagerPinInput>({ managerId: managers[0]?.id ?? "", pin: "" });
  const [error, setError] = useState<CommandError | null>(null);
  const [done, setDone] = useState<CompletedReturnView | null>(null);

  const lines: ReturnLineInput[] = (sale?.lines ?? [])
    .map((line) => ({ lineNo: line.lineNo, quantityMilli: parseMilli(quantities[line.lineNo] ?? "") ?? 0 }))
    .filter((line) => line.quantityMilli > 0);
  const linesKey = JSON.stringify(lines);

  useEffect(() => {
    if (!sale || lines.length === 0) return setRefundCents(0);
    commands.refundDue(sale.code, lines).then((result) => {
      if (result.status === "ok") {
        setRefundCents(result.data.cents);
        setError(null);
      } else setError(result.error);
    });
    // `linesKey` stands for `lines`, which is a new array on every render.
  }, [sale, linesKey]);

  async function find(event: FormEvent) {
    event.preventDefault();
    const result = await commands.returnableSale(code);
    if (result.status === "ok") {
      setSale(result.data);
      setQuantities({});
      setError(null);
    } else setError(result.error);
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!sale) return;
    const refunds = refundCents > 0 ? [{ methodCode: method, amountCents: refundCents }] : [];
    const result = await commands.returnSale({ sale: sale.code, lines, refunds, restock, reason, approval });
    if (result.status === "error") return setError(result.error);
    setDone(result.data);
    await onReturned();
  }

  if (done) {
    return (
      <Dialog key="done" title={text.returnHeading} testId="return-dialog" onClose={onClose}>
        <p data-testid="return-done">
          {text.returnDone}: {formatCents(done.refundCents, locale)}
        </p>
        <button type="button" className="primary" onClick={onClose}>
          {text.close}
        </button>
      </Dialog>
    );
  }
  return (
    <Dialog title={text.returnHeading} testId="return-dialog" onClose={onClose} wide>
      <form onSubmit={find} className="inline-form">
        <TextField label={text.saleCode} testId="return-sale-code" value={code} onChange={setCode} />
        <button type="submit" data-testid="find-sale">
          {text.findSale}
        </button>
      </form>
      {sale && (
        <form onSubmit={confirm} className="stack">
          <table className="cart">
            <thead>
              <tr>
                <th>{text.product}</th>
                <th className="number">{text.returnable}</th>
                <th className="number">{text.toReturn}</th>
              </tr>
            </thead>
            <tbody>
              {sale.lines.map((line) => (
                <tr key={line.lineNo}>
                  <td>{line.name}</td>
                  <td className="number">{formatMilli(line.returnableMilli, locale)}</td>
                  <td className="number">
                    <input
                      className="weight"
                      data-testid={`return-quantity-${line.lineNo}`}
                      inputMode="decimal"
                      placeholder="0"
                      value={quantities[line.lineNo] ?? ""}
                      onChange={(event) => setQuantities({ ...quantities, [line.lineNo]: event.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="due">
            {text.refundDue} <strong data-testid="refund-due">{formatCents(refundCents, locale)}</strong>
          </p>
          <div className="row">
            <SelectField
              label={text.refundMethod}
              testId="refund-method"
              value={method}
              options={methods.map((option) => [option.code, option.label] as const)}
              onChange={setMethod}
            />
            <TextField label={text.reason} testId="return-reason" value={reason} onChange={setReason} />
            <label className="check">
              <input type="checkbox" checked={restock} onChange={(event) => setRestock(event.target.checked)} />
              {text.restock}
            </label>
          </div>
          <ManagerApproval managers={managers} value={approval} onChange={setApproval} />
          <button type="submit" className="primary" data-testid="confirm-return">
            {text.confirmReturn}
          </button>
        </form>
      )}
      <ErrorLine error={error} />
    </Dialog>
  );
}
