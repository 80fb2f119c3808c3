// The first run of a counter: the owner gives a name and a PIN, twice.

import { type FormEvent, useState } from "react";
import { type CommandError, commands, type TillUserView } from "../bindings";
import { ErrorLine, localError } from "../components/ErrorLine";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

export function FirstRunSetup({ onCreated }: { onCreated: (owner: TillUserView) => void }) {
  const { text } = useText();
  const [name, setName] = useState("");
  const [pin, setPin] = useState("");
  const [pinAgain, setPinAgain] = useState("");
  const [error, setError] = useState<CommandError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pin !== pinAgain) {
      setError(localError("pins_differ", text.pinsDiffer));
      return;
    }
    const result = await commands.createFirstOwner(name, pin);
    if (result.status === "ok") onCreated(result.data);
    else setError(result.error);
  }

  return (
    <form className="card narrow" onSubmit={submit} data-testid="first-run">
      <h1>{text.setupHeading}</h1>
      <p>{text.setupIntro}</p>
      <TextField label={text.ownerName} testId="owner-name" autoFocus value={name} onChange={setName} />
      <label>
        {text.pin}
        <input data-testid="owner-pin" type="password" inputMode="numeric" value={pin} onChange={(event) => setPin(event.target.value)} />
      </label>
      <label>
        {text.pinRepeat}
        <input data-testid="owner-pin-again" type="password" inputMode="numeric" value={pinAgain} onChange={(event) => setPinAgain(event.target.value)} />
      </label>
      <ErrorLine error={error} />
      <button type="submit" className="primary" data-testid="create-owner">
        {text.createOwner}
      </button>
    </form>
  );
}
