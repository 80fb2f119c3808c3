// The serial barcode scanner in the settings: none (USB scanners type into the scan
// field), or a serial port with its speed and the sign it ends codes with. What the
// reader last met is said in the cashier's words. Core checks the values and who saves.

import { type FormEvent, useEffect, useState } from "react";
import { type CommandError, commands, type SerialScannerView } from "../bindings";
import { localError } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

/// While the settings are open, what the reader met is read again this often.
const REFRESH_EVERY_MS = 2_000;
const BAUD_RATES = ["1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200"] as const;
type Baud = (typeof BAUD_RATES)[number];
type Suffix = "none" | "tab" | "#" | "*" | "!" | ";";

function suffixOf(stored: string): Suffix {
  if (stored === "") return "none";
  if (stored === "\t") return "tab";
  return (["#", "*", "!", ";"] as const).find((sign) => sign === stored) ?? "none";
}

export function SerialScannerSettings({ onError }: { onError: (error: CommandError | null) => void }) {
  const { text } = useText();
  const [used, setUsed] = useState<"none" | "serial">("none");
  const [path, setPath] = useState("/dev/ttyUSB0");
  const [baud, setBaud] = useState<Baud>("9600");
  const [suffix, setSuffix] = useState<Suffix>("none");
  const [view, setView] = useState<SerialScannerView | null>(null);
  const [saved, setSaved] = useState(false);

  function show(read: SerialScannerView) {
    setView(read);
    setUsed(read.settings ? "serial" : "none");
    if (read.settings) {
      setPath(read.settings.path);
      setBaud((BAUD_RATES.find((rate) => rate === String(read.settings?.baudRate)) ?? "9600") as Baud);
      setSuffix(suffixOf(read.settings.suffix));
    }
  }

  useEffect(() => {
    commands.serialScanner().then((result) => (result.status === "ok" ? show(result.data) : onError(result.error)));
    // The reader's problems come and go while the dialog is open; the form is left alone.
    const refresh = setInterval(() => {
      commands.serialScanner().then((result) => result.status === "ok" && setView(result.data));
    }, REFRESH_EVERY_MS);
    return () => clearInterval(refresh);
  }, [onError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (used === "serial" && path.trim() === "") return onError(localError("invalid_input", `${text.serialScannerPort}: ${path}`));
    const ending = suffix === "none" ? "" : suffix === "tab" ? "\t" : suffix;
    const result = await commands.saveSerialScanner(used === "serial" ? { path: path.trim(), baudRate: Number(baud), suffix: ending } : null);
    if (result.status === "error") return onError(result.error);
    onError(null);
    setSaved(true);
    const reread = await commands.serialScanner();
    if (reread.status === "ok") show(reread.data);
  }

  const problem = view?.problemCode ? (text.serialScannerProblems[view.problemCode] ?? view.problemDetail) : null;
  return (
    <form onSubmit={save} className="stack" data-testid="serial-scanner">
      <h3>{text.serialScanner}</h3>
      <div className="row">
        <SelectField
          label={text.serialScanner}
          testId="serial-scanner-used"
          value={used}
          options={[["none", text.serialScannerNone], ["serial", text.serialScannerOnPort]] as const}
          onChange={setUsed}
        />
        {used === "serial" && (
          <>
            <TextField label={text.serialScannerPort} testId="serial-scanner-path" value={path} onChange={setPath} />
            <SelectField label={text.serialScannerBaud} testId="serial-scanner-baud" value={baud} options={BAUD_RATES.map((rate) => [rate, rate] as const)} onChange={setBaud} />
            <SelectField
              label={text.serialScannerSuffix}
              testId="serial-scanner-suffix"
              value={suffix}
              options={[["none", text.serialScannerSuffixNone], ["tab", text.serialScannerSuffixTab], ["#", "#"], ["*", "*"], ["!", "!"], [";", ";"]] as const}
              onChange={setSuffix}
            />
          </>
        )}
        <button type="submit" data-testid="serial-scanner-save">
          {text.save}
        </button>
        {saved && <span data-testid="serial-scanner-saved">{text.saved}</span>}
      </div>
      {problem && (
        <p className="warning" data-testid="serial-scanner-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
