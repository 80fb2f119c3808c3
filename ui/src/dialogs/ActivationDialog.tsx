// Activation of this counter with a code from F-Flow Hub. Only a manager or the owner
// may do it (the shell checks); refusals are translated by their code.

import { type FormEvent, useState } from "react";
import type { CommandError, LicenseStatusView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

export function ActivationDialog({ defaultDeviceName, activate, onActivated, onClose }: {
  /// The store's device name, proposed as the name the hub lists.
  defaultDeviceName: string;
  /// Calls the `activate_counter` command (passed in so tests can answer without IPC).
  activate: (code: string, deviceName: string) => Promise<{ status: "ok"; data: LicenseStatusView } | { status: "error"; error: CommandError }>;
  onActivated: (license: LicenseStatusView) => void;
  onClose: () => void;
}) {
  const { text } = useText();
  const [code, setCode] = useState("");
  const [deviceName, setDeviceName] = useState(defaultDeviceName);
  const [error, setError] = useState<CommandError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await activate(code.trim(), deviceName.trim());
    setBusy(false);
    if (result.status === "ok") onActivated(result.data);
    else setError(result.error);
  }

  return (
    <Dialog title={text.activationHeading} testId="activation-dialog" onClose={onClose}>
      <form onSubmit={submit}>
        <p>{text.activationIntro}</p>
        <TextField label={text.activationCode} testId="activation-code" value={code} onChange={setCode} />
        <TextField label={text.activationDeviceName} testId="activation-device-name" value={deviceName} onChange={setDeviceName} />
        <ErrorLine error={error} />
        <button type="submit" className="primary" data-testid="activation-submit" disabled={busy || code.trim() === ""}>
          {busy ? text.activationBusy : text.activate}
        </button>
      </form>
    </Dialog>
  );
}
