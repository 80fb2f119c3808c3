// A discount on the selected line or on the whole order, as a percentage or an amount.
// Core checks it against the prices when it quotes the cart.

import { type FormEvent, useState } from "react";
import type { CommandError, DiscountInput } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine, localError } from "../components/ErrorLine";
import { parseCents } from "../money";
import { useText } from "../textContext";

export function DiscountDialog({ hasLine, onApply, onClose }: {
  hasLine: boolean;
  onApply: (target: "line" | "order", discount: DiscountInput | null) => void;
  onClose: () => void;
}) {
  const { text } = useText();
  const [target, setTarget] = useState<"line" | "order">(hasLine ? "line" : "order");
  const [kind, setKind] = useState<"percent" | "amount">("percent");
  const [value, setValue] = useState("");
  const [error, setError] = useState<CommandError | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    // Percent is typed like money with two decimals (12,5 % is 1250 basis points).
    const parsed = parseCents(value);
    if (parsed === null) return setError(localError("invalid_input", value));
    onApply(target, kind === "percent" ? { kind: "percent", basisPoints: parsed } : { kind: "amount", cents: parsed });
  }

  return (
    <Dialog title={text.discountHeading} testId="discount-dialog" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <label>
          {text.discountHeading}
          <select value={target} onChange={(event) => setTarget(event.target.value as "line" | "order")}>
            {hasLine && <option value="line">{text.discountOnLine}</option>}
            <option value="order">{text.discountOnOrder}</option>
          </select>
        </label>
        <label>
          {kind === "percent" ? text.discountPercent : text.discountAmount}
          <span className="row">
            <select value={kind} onChange={(event) => setKind(event.target.value as "percent" | "amount")}>
              <option value="percent">%</option>
              <option value="amount">R$</option>
            </select>
            <input data-testid="discount-value" inputMode="decimal" value={value} onChange={(event) => setValue(event.target.value)} />
          </span>
        </label>
        <ErrorLine error={error} />
        <div className="row">
          <button type="button" onClick={() => onApply(target, null)}>
            {text.removeDiscount}
          </button>
          <button type="submit" className="primary" data-testid="apply-discount">
            {text.apply}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
