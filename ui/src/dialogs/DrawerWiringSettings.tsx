// How the cash drawer is wired, in the printer dialog: to the receipt printer (the
// usual way) or to a GPIO pin of a Raspberry Pi counter, with the pin, the pulse length
// and the level that opens it. Core checks the values and who may change them.

import { type FormEvent, useEffect, useState } from "react";
import type { CommandError, DrawerWiringInput } from "../bindings";
import { localError } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

type Answer<T> = Promise<{ status: "ok"; data: T } | { status: "error"; error: CommandError }>;

export type DrawerWiringCalls = {
  read: () => Answer<DrawerWiringInput>;
  save: (wiring: DrawerWiringInput) => Answer<null>;
};

export function DrawerWiringSettings({ calls, onError, onSaved }: {
  calls: DrawerWiringCalls;
  onError: (error: CommandError | null) => void;
  onSaved: () => void;
}) {
  const { text } = useText();
  const [kind, setKind] = useState<"printer" | "gpio">("printer");
  const [pin, setPin] = useState("17");
  const [pulseMs, setPulseMs] = useState("100");
  const [level, setLevel] = useState<"high" | "low">("high");

  useEffect(() => {
    calls.read().then((result) => {
      if (result.status === "error") return onError(result.error);
      const wiring = result.data;
      setKind(wiring.kind);
      if (wiring.kind === "gpio") {
        setPin(String(wiring.pin));
        setPulseMs(String(wiring.pulseMs));
        setLevel(wiring.activeHigh ? "high" : "low");
      }
    });
  }, [calls, onError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const whole = (typed: string) => (/^\d{1,6}$/.test(typed.trim()) ? Number(typed.trim()) : null);
    const [pinNumber, pulse] = [whole(pin), whole(pulseMs)];
    if (kind === "gpio" && (pinNumber === null || pinNumber > 255)) return onError(localError("invalid_input", `${text.drawerGpioPin}: ${pin}`));
    if (kind === "gpio" && pulse === null) return onError(localError("invalid_input", `${text.drawerPulseMs}: ${pulseMs}`));
    const wiring: DrawerWiringInput =
      kind === "printer" ? { kind } : { kind, pin: pinNumber ?? 0, pulseMs: pulse ?? 0, activeHigh: level === "high" };
    const result = await calls.save(wiring);
    if (result.status === "error") return onError(result.error);
    onError(null);
    onSaved();
  }

  return (
    <form onSubmit={save} className="row" data-testid="drawer-wiring">
      <SelectField
        label={text.drawerWiring}
        testId="drawer-wiring-kind"
        value={kind}
        options={[["printer", text.drawerOnPrinter], ["gpio", text.drawerOnGpio]] as const}
        onChange={setKind}
      />
      {kind === "gpio" && (
        <>
          <TextField label={text.drawerGpioPin} testId="drawer-gpio-pin" numeric value={pin} onChange={setPin} />
          <TextField label={text.drawerPulseMs} testId="drawer-pulse-ms" numeric value={pulseMs} onChange={setPulseMs} />
          <SelectField
            label={text.drawerOpensWhen}
            testId="drawer-gpio-level"
            value={level}
            options={[["high", text.drawerLevelHigh], ["low", text.drawerLevelLow]] as const}
            onChange={setLevel}
          />
        </>
      )}
      <button type="submit" data-testid="drawer-wiring-save">
        {text.save}
      </button>
    </form>
  );
}
