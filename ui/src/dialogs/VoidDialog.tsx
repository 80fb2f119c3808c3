// Cancelling the sale in progress: a manager approves with a PIN and core records what
// was in the cart before it is cleared.

import { type FormEvent, useState } from "react";
import { type CommandError, commands, type ManagerPinInput, type TillUserView } from "../bindings";
import { type Cart, toCartInput } from "../cart";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { ManagerApproval } from "../components/ManagerApproval";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

export function VoidDialog({ cart, managers, onClose, onVoided }: {
  cart: Cart;
  managers: TillUserView[];
  onClose: () => void;
  onVoided: () => void;
}) {
  const { text } = useText();
  const [reason, setReason] = useState("");
  const [approval, setApproval] = useState<ManagerPinInput>({ managerId: managers[0]?.id ?? "", pin: "" });
  const [error, setError] = useState<CommandError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await commands.voidCart(toCartInput(cart), approval, reason);
    if (result.status === "ok") onVoided();
    else setError(result.error);
  }

  return (
    <Dialog title={text.voidHeading} testId="void-dialog" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <TextField label={text.reason} testId="void-reason" value={reason} onChange={setReason} />
        <ManagerApproval managers={managers} value={approval} onChange={setApproval} />
        <ErrorLine error={error} />
        <button type="submit" className="primary danger" data-testid="confirm-void">
          {text.confirmVoid}
        </button>
      </form>
    </Dialog>
  );
}
