// The cash session: open with a float; once open, cash in/out with a reason, the X
// report, and closing with the amounts counted per method, which shows the Z report.

import { type FormEvent, useState } from "react";
import { type CommandError, commands, type PaymentMethodView, type SessionReportView_Serialize } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine, localError } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { SessionReport } from "../components/SessionReport";
import { TextField } from "../components/TextField";
import { parseCents } from "../money";
import { useText } from "../textContext";

type Tab = "movement" | "x" | "close";

export function CashDialog({ session, methods, onChanged, onClose }: {
  session: SessionReportView_Serialize | null;
  methods: PaymentMethodView[];
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const { text } = useText();
  const [tab, setTab] = useState<Tab>("x");
  const [zReport, setZReport] = useState<SessionReportView_Serialize | null>(null);
  const [error, setError] = useState<CommandError | null>(null);

  async function run(action: Promise<{ status: "ok" } | { status: "error"; error: CommandError }>): Promise<boolean> {
    const result = await action;
    if (result.status === "error") {
      setError(result.error);
      return false;
    }
    setError(null);
    await onChanged();
    return true;
  }

  let body;
  if (zReport) {
    body = (
      <>
        <h3>{text.zReport}</h3>
        <SessionReport report={zReport} testId="z-report" />
        <button type="button" className="primary" data-testid="close-z" onClick={onClose}>
          {text.close}
        </button>
      </>
    );
  } else if (session === null) {
    body = <OpenSessionForm onOpen={(cents) => run(commands.openSession({ cents })).then((done) => done && onClose())} onError={setError} />;
  } else {
    body = (
      <>
        <div className="tabs" role="tablist">
          {(
            [
              ["x", text.xReport],
              ["movement", `${text.cashIn} / ${text.cashOut}`],
              ["close", text.closeSessionHeading],
            ] as [Tab, string][]
          ).map(([id, label]) => (
            <button type="button" role="tab" key={id} aria-selected={tab === id} data-testid={`cash-tab-${id}`} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </div>
        {tab === "x" && <SessionReport report={session} testId="x-report" />}
        {tab === "movement" && <MovementForm onRecord={(movement) => run(commands.cashMovement(movement))} onError={setError} />}
        {tab === "close" && (
          <CloseForm
            methods={methods}
            onError={setError}
            onClose={async (counted) => {
              const result = await commands.closeSession(counted);
              if (result.status === "error") return setError(result.error);
              setZReport(result.data);
              await onChanged();
            }}
          />
        )}
      </>
    );
  }
  return (
    <Dialog title={session === null && !zReport ? text.openSessionHeading : text.cashHeading} testId="cash-dialog" onClose={onClose} wide>
      {body}
      <ErrorLine error={error} />
    </Dialog>
  );
}

function readAmount(typed: string, onError: (error: CommandError) => void): number | null {
  const cents = parseCents(typed);
  if (cents === null) onError(localError("invalid_input", typed));
  return cents;
}

function OpenSessionForm({ onOpen, onError }: { onOpen: (cents: number) => void; onError: (error: CommandError) => void }) {
  const { text } = useText();
  const [float, setFloat] = useState("");
  function submit(event: FormEvent) {
    event.preventDefault();
    const cents = readAmount(float || "0", onError);
    if (cents !== null) onOpen(cents);
  }
  return (
    <form onSubmit={submit} className="stack">
      <TextField label={text.openingFloat} testId="opening-float" numeric placeholder="0,00" value={float} onChange={setFloat} />
      <button type="submit" className="primary" data-testid="open-session">
        {text.openSession}
      </button>
    </form>
  );
}

function MovementForm({ onRecord, onError }: {
  onRecord: (movement: { direction: "in" | "out"; amountCents: number; reason: string }) => Promise<boolean>;
  onError: (error: CommandError) => void;
}) {
  const { text } = useText();
  const [direction, setDirection] = useState<"in" | "out">("out");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    const cents = readAmount(amount, onError);
    if (cents !== null && (await onRecord({ direction, amountCents: cents, reason }))) {
      setAmount("");
      setReason("");
    }
  }
  return (
    <form onSubmit={submit} className="stack">
      <SelectField
        label={text.method}
        testId="movement-direction"
        value={direction}
        options={[
          ["in", text.cashIn],
          ["out", text.cashOut],
        ]}
        onChange={setDirection}
      />
      <TextField label={text.amount} testId="movement-amount" numeric value={amount} onChange={setAmount} />
      <TextField label={text.reason} testId="movement-reason" value={reason} onChange={setReason} />
      <button type="submit" className="primary" data-testid="record-movement">
        {text.record}
      </button>
    </form>
  );
}

function CloseForm({ methods, onClose, onError }: {
  methods: PaymentMethodView[];
  onClose: (counted: { methodCode: string; countedCents: number }[]) => void;
  onError: (error: CommandError) => void;
}) {
  const { text } = useText();
  const [typed, setTyped] = useState<Record<string, string>>({});
  function submit(event: FormEvent) {
    event.preventDefault();
    const counted = [];
    for (const method of methods) {
      const cents = readAmount(typed[method.code] || "0", onError);
      if (cents === null) return;
      counted.push({ methodCode: method.code, countedCents: cents });
    }
    onClose(counted);
  }
  return (
    <form onSubmit={submit} className="stack">
      {methods.map((method) => (
        <TextField
          key={method.code}
          label={`${text.counted}: ${method.label}`}
          testId={`count-${method.code}`}
          numeric
          placeholder="0,00"
          value={typed[method.code] ?? ""}
          onChange={(value) => setTyped({ ...typed, [method.code]: value })}
        />
      ))}
      <button type="submit" className="primary danger" data-testid="close-session">
        {text.closeSession}
      </button>
    </form>
  );
}
