// The team in the settings dialog: every till user with their role and whether they may
// sign in, and for a manager or the owner the means to change a role, set a new PIN and
// deactivate or reactivate someone. Core decides who may do what to whom.

import { type FormEvent, useEffect, useState } from "react";
import { type CommandError, commands, type RoleInput, type TeamMemberView } from "../bindings";
import { localError } from "../components/ErrorLine";
import { PinField } from "../components/PinField";
import { SelectField } from "../components/SelectField";
import { useText } from "../textContext";

const roles = ["cashier", "manager", "owner"] as const;

export function TeamManagement({ version, onChanged, onError }: {
  /// Bumped by the settings dialog when it added someone, so the list is read again.
  version: number;
  onChanged: () => void;
  onError: (error: CommandError | null) => void;
}) {
  const { text } = useText();
  const [members, setMembers] = useState<TeamMemberView[]>([]);
  const [changes, setChanges] = useState(0);
  const [pinFor, setPinFor] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    commands.teamMembers().then((result) => {
      if (!current) return;
      if (result.status === "ok") setMembers(result.data);
      else onError(result.error);
    });
    return () => {
      current = false;
    };
  }, [version, changes, onError]);

  async function settle(result: { status: "ok" } | { status: "error"; error: CommandError }) {
    if (result.status === "error") return onError(result.error);
    onError(null);
    setChanges(changes + 1);
    onChanged();
  }

  return (
    <ul className="team" data-testid="team">
      {members.map((member) => (
        <li key={member.id} data-testid="team-member" className={member.active ? undefined : "inactive"}>
          <div className="row">
            <strong>{member.name}</strong>
            <small data-testid="member-state">{member.active ? text.memberActive : text.memberInactive}</small>
            <SelectField
              label={text.role}
              testId={`member-role-${member.id}`}
              value={member.role as RoleInput}
              options={roles.map((option) => [option, text.roles[option]] as const)}
              onChange={async (role) => settle(await commands.changeTillUserRole(member.id, role))}
            />
            <button type="button" data-testid={`member-active-${member.id}`} onClick={async () => settle(await commands.setTillUserActive(member.id, !member.active))}>
              {member.active ? text.deactivate : text.reactivate}
            </button>
            <button type="button" data-testid={`member-reset-pin-${member.id}`} onClick={() => setPinFor(pinFor === member.id ? null : member.id)}>
              {text.resetPin}
            </button>
          </div>
          {pinFor === member.id && <PinResetForm userId={member.id} onError={onError} onDone={() => setPinFor(null)} />}
        </li>
      ))}
    </ul>
  );
}

function PinResetForm({ userId, onError, onDone }: {
  userId: string;
  onError: (error: CommandError | null) => void;
  onDone: () => void;
}) {
  const { text } = useText();
  const [pin, setPin] = useState("");
  const [pinAgain, setPinAgain] = useState("");
  const [changed, setChanged] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Core refuses two different PINs too; saying so here spares a round trip.
    if (pin !== pinAgain) return onError(localError("pins_differ", text.pinsDiffer));
    const result = await commands.resetTillUserPin(userId, pin, pinAgain);
    if (result.status === "error") return onError(result.error);
    onError(null);
    setPin("");
    setPinAgain("");
    setChanged(true);
  }

  return (
    <form onSubmit={submit} className="row" data-testid="pin-reset">
      <PinField label={text.newPin} testId="reset-pin" autoFocus value={pin} onChange={setPin} />
      <PinField label={text.pinRepeat} testId="reset-pin-again" value={pinAgain} onChange={setPinAgain} />
      <button type="submit" className="primary" data-testid="save-pin">
        {text.savePin}
      </button>
      {changed && (
        <span data-testid="pin-changed">
          {text.pinChanged}{" "}
          <button type="button" onClick={onDone}>
            {text.close}
          </button>
        </span>
      )}
    </form>
  );
}
