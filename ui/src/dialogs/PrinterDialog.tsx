// The receipt printer and the cash drawer: the printer's connection (core checks it
// before saving), the receipts still waiting with a reprint for those that may be half
// on paper, how the drawer is wired, and opening it outside a sale. The shell's calls are passed in, so
// tests drive the dialog without IPC.

import { type FormEvent, useCallback, useEffect, useState } from "react";
import {
  type CommandError,
  commands,
  type FlowControlInput,
  type ManagerPinInput,
  type PrinterSettingsInput,
  type PrinterStatusView_Serialize,
  type TillUserView,
} from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { ManagerApproval } from "../components/ManagerApproval";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { printProblemText } from "../i18n";
import { useText } from "../textContext";
import { type DrawerWiringCalls, DrawerWiringSettings } from "./DrawerWiringSettings";
import { type StatusLightCalls, StatusLightSettings } from "./StatusLightSettings";

type Answer<T> = Promise<{ status: "ok"; data: T } | { status: "error"; error: CommandError }>;

export type PrinterCalls = {
  status: () => Answer<PrinterStatusView_Serialize>;
  save: (settings: PrinterSettingsInput) => Answer<null>;
  reprint: (job: number) => Answer<null>;
  openDrawer: (reason: string, approval: ManagerPinInput | null) => Answer<null>;
  drawerWiring: DrawerWiringCalls;
  statusLight: StatusLightCalls;
};

const shellCalls: PrinterCalls = {
  status: commands.printerStatus,
  save: commands.savePrinterSettings,
  reprint: commands.reprintReceipt,
  openDrawer: commands.openCashDrawer,
  drawerWiring: { read: commands.drawerWiring, save: commands.saveDrawerWiring },
  statusLight: { read: commands.statusLight, save: commands.saveStatusLight },
};

/// While the dialog is open, waiting receipts are read again this often.
const REFRESH_EVERY_MS = 2_000;
const BAUD_RATES = ["9600", "19200", "38400", "57600", "115200"] as const;

type Form = {
  connection: "network" | "serial" | "device_file";
  address: string;
  path: string;
  baudRate: string;
  flowControl: FlowControlInput;
  paperMm: "58" | "80";
};

const blankForm: Form = { connection: "network", address: "", path: "", baudRate: "9600", flowControl: "none", paperMm: "80" };
/// Where a USB printer usually appears on Linux.
const USB_PRINTER_PATH = "/dev/usb/lp0";

function formFrom(settings: PrinterSettingsInput | null): Form {
  if (settings === null) return blankForm;
  const paperMm = settings.paperMm === 58 ? "58" : "80";
  switch (settings.connection) {
    case "network":
      return { ...blankForm, connection: "network", address: settings.address, paperMm };
    case "serial":
      return { ...blankForm, connection: "serial", path: settings.path, baudRate: String(settings.baudRate), flowControl: settings.flowControl, paperMm };
    case "device_file":
      return { ...blankForm, connection: "device_file", path: settings.path, paperMm };
  }
}

function settingsFrom(form: Form): PrinterSettingsInput {
  const paperMm = Number(form.paperMm);
  switch (form.connection) {
    case "network":
      return { connection: "network", address: form.address.trim(), paperMm };
    case "serial":
      return { connection: "serial", path: form.path.trim(), baudRate: Number(form.baudRate), flowControl: form.flowControl, paperMm };
    case "device_file":
      return { connection: "device_file", path: form.path.trim(), paperMm };
  }
}

export function PrinterDialog({ managers, onClose, calls = shellCalls }: {
  managers: TillUserView[];
  onClose: () => void;
  calls?: PrinterCalls;
}) {
  const { text } = useText();
  const [status, setStatus] = useState<PrinterStatusView_Serialize | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [approval, setApproval] = useState<ManagerPinInput>({ managerId: managers[0]?.id ?? "", pin: "" });

  const refresh = useCallback(async () => {
    const result = await calls.status();
    if (result.status === "error") return setError(result.error);
    setStatus(result.data);
    // The form starts from what is saved, once; later reads leave the cashier's typing alone.
    setForm((current) => current ?? formFrom(result.data.settings));
  }, [calls]);
  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  async function outcome(answer: Answer<null>, done: string) {
    const result = await answer;
    if (result.status === "error") {
      setNotice(null);
      return setError(result.error);
    }
    setError(null);
    setNotice(done);
    void refresh();
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (form) void outcome(calls.save(settingsFrom(form)), text.saved);
  }

  function openDrawer(event: FormEvent) {
    event.preventDefault();
    const approved = approval.pin === "" ? null : approval;
    void outcome(calls.openDrawer(reason, approved), text.drawerOpened).then(() => setApproval({ ...approval, pin: "" }));
  }

  const update = (change: Partial<Form>) => setForm((current) => ({ ...(current ?? blankForm), ...change }));
  const shown = form ?? blankForm;
  return (
    <Dialog title={text.printerHeading} testId="printer-dialog" onClose={onClose} wide>
      <form onSubmit={save} className="row">
        <SelectField
          label={text.printerConnection}
          testId="printer-connection"
          value={shown.connection}
          options={[["network", text.printerNetwork], ["serial", text.printerSerial], ["device_file", text.printerUsb]] as const}
          onChange={(connection) => update({ connection })}
        />
        {shown.connection === "network" && (
          <TextField label={text.printerAddress} testId="printer-address" placeholder="192.168.0.50" value={shown.address} onChange={(address) => update({ address })} />
        )}
        {shown.connection === "device_file" && (
          <TextField label={text.printerDevice} testId="printer-device" placeholder={USB_PRINTER_PATH} value={shown.path} onChange={(path) => update({ path })} />
        )}
        {shown.connection === "serial" && (
          <>
            <TextField label={text.printerPath} testId="printer-path" placeholder="/dev/ttyUSB0" value={shown.path} onChange={(path) => update({ path })} />
            <SelectField label={text.printerBaudRate} testId="printer-baud" value={shown.baudRate} options={BAUD_RATES.map((rate) => [rate, rate] as const)} onChange={(baudRate) => update({ baudRate })} />
            <SelectField
              label={text.printerFlowControl}
              testId="printer-flow"
              value={shown.flowControl}
              options={(["none", "hardware", "software"] as const).map((flow) => [flow, text.flowControls[flow]] as const)}
              onChange={(flowControl) => update({ flowControl })}
            />
          </>
        )}
        <SelectField label={text.printerPaper} testId="printer-paper" value={shown.paperMm} options={[["80", "80 mm"], ["58", "58 mm"]] as const} onChange={(paperMm) => update({ paperMm })} />
        <button type="submit" className="primary" data-testid="printer-save">
          {text.save}
        </button>
      </form>

      <h3>{text.printQueueHeading}</h3>
      {status?.lastProblem && (
        <p className="warning" data-testid="printer-problem" title={status.lastProblem}>
          {text.printerProblem}: {printProblemText(status.lastProblemCode, status.lastProblem, text)}
        </p>
      )}
      {status && status.openJobs.length === 0 && <p data-testid="print-queue-empty">{text.printQueueEmpty}</p>}
      <ul className="print-jobs" data-testid="print-jobs">
        {status?.openJobs.map((job) => (
          <li key={job.job} data-testid={`print-job-${job.job}`} data-status={job.status}>
            <strong>{job.saleCode}</strong> {text.printJobStates[job.status] ?? job.status}
            {job.lastError && <small title={job.lastError}> · {printProblemText(job.lastProblem, job.lastError, text)}</small>}
            {job.status === "needs_reprint" && (
              <button type="button" data-testid={`reprint-${job.job}`} onClick={() => void outcome(calls.reprint(job.job), text.reprintQueued)}>
                {text.reprint}
              </button>
            )}
          </li>
        ))}
      </ul>

      <h3>{text.drawerHeading}</h3>
      <DrawerWiringSettings calls={calls.drawerWiring} onError={setError} onSaved={() => setNotice(text.saved)} />
      <form onSubmit={openDrawer}>
        <TextField label={text.drawerReason} testId="drawer-reason" value={reason} onChange={setReason} />
        <p className="hint">{text.drawerApprovalHint}</p>
        {managers.length > 0 && <ManagerApproval managers={managers} value={approval} onChange={setApproval} />}
        <button type="submit" data-testid="open-drawer">
          {text.openDrawer}
        </button>
      </form>
      <StatusLightSettings calls={calls.statusLight} onError={setError} onSaved={() => setNotice(text.saved)} />
      {notice && <p data-testid="printer-notice">{notice}</p>}
      <ErrorLine error={error} />
    </Dialog>
  );
}
