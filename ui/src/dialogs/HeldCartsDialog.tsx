// Parked carts (F11): set the cart on the counter aside with a label and serve the next
// customer; any till lists what waits, takes a cart back (priced again at today's prices)
// or throws one away with a reason, which the audit log keeps.

import { useCallback, useEffect, useState } from "react";
import { type CommandError, commands, type HeldCartView, type ResumedCartView } from "../bindings";
import { type Cart, toCartInput } from "../cart";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { TextField } from "../components/TextField";
import { formatCents } from "../money";
import { useText } from "../textContext";

export function HeldCartsDialog({ cart, onParked, onResumed, onClose }: {
  cart: Cart;
  onParked: (label: string) => void;
  onResumed: (resumed: ResumedCartView) => void;
  onClose: () => void;
}) {
  const { text, locale } = useText();
  const [label, setLabel] = useState(cart.customer?.name ?? "");
  const [held, setHeld] = useState<HeldCartView[]>([]);
  const [discarding, setDiscarding] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<CommandError | null>(null);
  const cartOnCounter = cart.lines.length > 0;

  const refresh = useCallback(async () => {
    const result = await commands.heldCarts();
    if (result.status === "ok") setHeld(result.data);
    else setError(result.error);
  }, []);
  useEffect(() => void refresh(), [refresh]);

  async function park() {
    const result = await commands.parkCart(toCartInput(cart), label);
    if (result.status === "ok") onParked(label.trim());
    else setError(result.error);
  }

  async function resume(id: string) {
    const result = await commands.resumeHeldCart(id);
    if (result.status === "ok") onResumed(result.data);
    else {
      setError(result.error);
      void refresh();
    }
  }

  async function discard(id: string) {
    const result = await commands.discardHeldCart(id, reason);
    if (result.status === "error") return setError(result.error);
    setDiscarding(null);
    setReason("");
    setError(null);
    void refresh();
  }

  const time = (millis: number) => new Date(millis).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  return (
    <Dialog title={text.heldTitle} testId="held-dialog" onClose={onClose} wide>
      {cartOnCounter && (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            void park();
          }}
        >
          <TextField label={text.heldLabel} testId="held-label" value={label} onChange={setLabel} placeholder={text.heldLabelPlaceholder} autoFocus />
          <button type="submit" className="primary" data-testid="held-park" disabled={label.trim() === ""}>
            {text.heldPark}
          </button>
        </form>
      )}
      <ul className="results held-list" data-testid="held-list">
        {held.length === 0 && <li className="muted">{text.heldNone}</li>}
        {held.map((waiting) => (
          <li key={waiting.id} data-testid={`held-${waiting.id}`}>
            <span>
              <strong>{waiting.label}</strong>{" "}
              <small>
                {text.heldBy.replace("{name}", waiting.cashierName).replace("{time}", time(waiting.heldAt))} ·{" "}
                {waiting.lineCount === 1 ? text.heldLineOne : text.heldLines.replace("{n}", String(waiting.lineCount))}
              </small>
            </span>
            <span>{formatCents(waiting.totalCentsWhenParked, locale)}</span>
            <span className="row">
              <button
                type="button"
                data-testid="held-resume"
                disabled={cartOnCounter}
                title={cartOnCounter ? text.heldFinishFirst : undefined}
                onClick={() => void resume(waiting.id)}
              >
                {text.heldResume}
              </button>
              <button type="button" className="ghost" data-testid="held-discard" onClick={() => setDiscarding(waiting.id)}>
                {text.heldDiscard}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {cartOnCounter && held.length > 0 && <p className="muted">{text.heldFinishFirst}</p>}
      {discarding && (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            void discard(discarding);
          }}
        >
          <TextField label={text.heldDiscardReason} testId="held-discard-reason" value={reason} onChange={setReason} autoFocus />
          <button type="submit" className="danger" data-testid="held-discard-confirm" disabled={reason.trim() === ""}>
            {text.heldDiscardConfirm}
          </button>
        </form>
      )}
      <ErrorLine error={error} />
    </Dialog>
  );
}
