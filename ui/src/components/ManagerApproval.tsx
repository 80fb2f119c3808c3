// The manager picks themselves and types their PIN; core checks both when the action
// is committed, so nothing here decides who may approve.

import type { ManagerPinInput, TillUserView } from "../bindings";
import { useText } from "../textContext";

export function ManagerApproval({ managers, value, onChange }: {
  managers: TillUserView[];
  value: ManagerPinInput;
  onChange: (value: ManagerPinInput) => void;
}) {
  const { text } = useText();
  return (
    <fieldset className="approval">
      <legend>{text.managerApproval}</legend>
      <label>
        {text.manager}
        <select data-testid="approval-manager" value={value.managerId} onChange={(event) => onChange({ ...value, managerId: event.target.value })}>
          {managers.map((manager) => (
            <option key={manager.id} value={manager.id}>
              {manager.name} ({text.roles[manager.role] ?? manager.role})
            </option>
          ))}
        </select>
      </label>
      <label>
        {text.managerPin}
        <input
          data-testid="approval-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={value.pin}
          onChange={(event) => onChange({ ...value, pin: event.target.value })}
        />
      </label>
    </fieldset>
  );
}
