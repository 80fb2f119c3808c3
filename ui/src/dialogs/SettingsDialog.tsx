// Counter settings: how long before the counter locks, the scale label formats, and the
// team of till users (listed and changed in TeamManagement, added here). Core decides who may do what:
// a manager or the owner; only the owner adds or changes owners.

import { type FormEvent, useState } from "react";
import { type CommandError, commands, type RoleInput } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine, localError } from "../components/ErrorLine";
import { PinField } from "../components/PinField";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";
import { ScaleLabelSettings } from "./ScaleLabelSettings";
import { SerialScannerSettings } from "./SerialScannerSettings";
import { TeamManagement } from "./TeamManagement";

export function SettingsDialog({ lockAfterSeconds, onClose, onChanged, onOpenStoreProfile }: {
  lockAfterSeconds: number;
  onClose: () => void;
  onChanged: () => void;
  /// Opens the store's data for receipts and PIX.
  onOpenStoreProfile: () => void;
}) {
  const { text } = useText();
  const [minutes, setMinutes] = useState(String(lockAfterSeconds / 60));
  const [name, setName] = useState("");
  const [role, setRole] = useState<RoleInput>("cashier");
  const [pin, setPin] = useState("");
  const [error, setError] = useState<CommandError | null>(null);
  const [saved, setSaved] = useState(false);
  const [added, setAdded] = useState(0);

  async function saveLock(event: FormEvent) {
    event.preventDefault();
    const seconds = Math.round(Number(minutes.replace(",", ".")) * 60);
    if (!Number.isFinite(seconds) || seconds <= 0) return setError(localError("invalid_input", minutes));
    const result = await commands.saveLockAfterSeconds(seconds);
    if (result.status === "error") return setError(result.error);
    setError(null);
    setSaved(true);
    onChanged();
  }

  async function addUser(event: FormEvent) {
    event.preventDefault();
    const result = await commands.addTillUser({ name, role, pin });
    if (result.status === "error") return setError(result.error);
    setError(null);
    setName("");
    setPin("");
    setAdded(added + 1);
    onChanged();
  }

  return (
    <Dialog title={text.settingsHeading} testId="settings-dialog" onClose={onClose} wide>
      <button type="button" data-testid="open-store-profile" onClick={onOpenStoreProfile}>
        {text.openStoreProfile}
      </button>
      <form onSubmit={saveLock} className="row">
        <TextField label={text.lockAfterMinutes} testId="lock-minutes" numeric value={minutes} onChange={setMinutes} />
        <button type="submit" data-testid="save-lock">
          {text.save}
        </button>
        {saved && <span data-testid="lock-saved">{text.saved}</span>}
      </form>
      <ScaleLabelSettings onError={setError} />
      <SerialScannerSettings onError={setError} />
      <h3>{text.team}</h3>
      <TeamManagement version={added} onChanged={onChanged} onError={setError} />
      <form onSubmit={addUser} className="row">
        <TextField label={text.userName} testId="new-user-name" value={name} onChange={setName} />
        <SelectField
          label={text.role}
          testId="new-user-role"
          value={role}
          options={(["cashier", "manager", "owner"] as const).map((option) => [option, text.roles[option]] as const)}
          onChange={setRole}
        />
        <PinField label={text.pin} testId="new-user-pin" value={pin} onChange={setPin} />
        <button type="submit" className="primary" data-testid="add-user">
          {text.addUser}
        </button>
      </form>
      <ErrorLine error={error} />
    </Dialog>
  );
}
