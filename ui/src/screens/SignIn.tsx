// Sign-in, and the lock screen: the cashier picks their name (big touch targets) and
// types their PIN. Locked, the last cashier is already picked.

import { type FormEvent, useState } from "react";
import { type CommandError, commands, type TillUserView } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useText } from "../textContext";

export function SignIn({ users, lockedBy, onSignedIn }: {
  users: TillUserView[];
  lockedBy: TillUserView | null;
  onSignedIn: (user: TillUserView) => void;
}) {
  const { text } = useText();
  const [chosen, setChosen] = useState<string>(lockedBy?.id ?? (users.length === 1 ? users[0].id : ""));
  const [pin, setPin] = useState("");
  const [error, setError] = useState<CommandError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Cleared before the (slow, Argon2) check, so what is typed meanwhile is kept.
    setPin("");
    const result = await commands.signIn(chosen, pin);
    if (result.status === "ok") onSignedIn(result.data);
    else setError(result.error);
  }

  return (
    <form className="card narrow" onSubmit={submit} data-testid={lockedBy ? "lock-screen" : "sign-in"}>
      <h1>{lockedBy ? text.lockedHeading : text.signInHeading}</h1>
      <p>{lockedBy ? text.lockedIntro : text.chooseUser}</p>
      <div className="user-grid" role="radiogroup">
        {users.map((user) => (
          <button
            type="button"
            key={user.id}
            role="radio"
            aria-checked={chosen === user.id}
            className={chosen === user.id ? "user chosen" : "user"}
            data-testid={`user-${user.name}`}
            onClick={() => setChosen(user.id)}
          >
            <strong>{user.name}</strong>
            <small>{text.roles[user.role] ?? user.role}</small>
          </button>
        ))}
      </div>
      <label>
        {text.pin}
        <input data-testid="pin" type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(event) => setPin(event.target.value)} />
      </label>
      <ErrorLine error={error} />
      <button type="submit" className="primary" data-testid="sign-in-button" disabled={chosen === ""}>
        {text.signIn}
      </button>
    </form>
  );
}
