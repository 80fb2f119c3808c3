// The counter's status light, in the printer dialog under the drawer: none, or a GPIO pin
// of a Raspberry Pi counter with the level that lights it. What each pattern means is
// said next to it, and when the wired light cannot be lit the reason is shown in the
// cashier's words. Core checks the pin and who may change it.

import { type FormEvent, useEffect, useState } from "react";
import type { CommandError, StatusLightInput, StatusLightView } from "../bindings";
import { localError } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

type Answer<T> = Promise<{ status: "ok"; data: T } | { status: "error"; error: CommandError }>;

export type StatusLightCalls = {
  read: () => Answer<StatusLightView>;
  save: (light: StatusLightInput | null) => Answer<null>;
};

export function StatusLightSettings({ calls, onError, onSaved }: {
  calls: StatusLightCalls;
  onError: (error: CommandError | null) => void;
  onSaved: () => void;
}) {
  const { text } = useText();
  const [wired, setWired] = useState<"none" | "gpio">("none");
  const [pin, setPin] = useState("27");
  const [level, setLevel] = useState<"high" | "low">("high");
  const [problem, setProblem] = useState<string | null>(null);

  function show(view: StatusLightView) {
    setWired(view.light ? "gpio" : "none");
    if (view.light) {
      setPin(String(view.light.pin));
      setLevel(view.light.activeHigh ? "high" : "low");
    }
    setProblem(view.problem ?? null);
  }

  useEffect(() => {
    calls.read().then((result) => (result.status === "error" ? onError(result.error) : show(result.data)));
  }, [calls, onError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const pinNumber = /^\d{1,3}$/.test(pin.trim()) ? Number(pin.trim()) : null;
    if (wired === "gpio" && (pinNumber === null || pinNumber > 255)) return onError(localError("invalid_input", `${text.drawerGpioPin}: ${pin}`));
    const light: StatusLightInput | null = wired === "gpio" ? { pin: pinNumber ?? 0, activeHigh: level === "high" } : null;
    const result = await calls.save(light);
    if (result.status === "error") return onError(result.error);
    onError(null);
    onSaved();
    const reread = await calls.read();
    if (reread.status === "ok") show(reread.data);
  }

  return (
    <form onSubmit={save} className="row" data-testid="status-light">
      <SelectField
        label={text.statusLight}
        testId="status-light-wired"
        value={wired}
        options={[["none", text.statusLightNone], ["gpio", text.drawerOnGpio]] as const}
        onChange={setWired}
      />
      {wired === "gpio" && (
        <>
          <TextField label={text.drawerGpioPin} testId="status-light-pin" numeric value={pin} onChange={setPin} />
          <SelectField
            label={text.statusLightLitWhen}
            testId="status-light-level"
            value={level}
            options={[["high", text.drawerLevelHigh], ["low", text.drawerLevelLow]] as const}
            onChange={setLevel}
          />
        </>
      )}
      <button type="submit" data-testid="status-light-save">
        {text.save}
      </button>
      {wired === "gpio" && <p className="hint">{text.statusLightHint}</p>}
      {problem && (
        <p className="warning" data-testid="status-light-problem">
          {text.statusLightProblems[problem] ?? problem}
        </p>
      )}
    </form>
  );
}
