// Products in and out as CSV, in the shared catalog's format: import from a file path
// (a plain path field: the app has no file-picker plugin) with a progress bar fed by the
// shell while the import runs off the UI thread, then the rows refused, each with its
// line; and export to a path, with the number of rows written.

import { Channel } from "@tauri-apps/api/core";
import { type FormEvent, useState } from "react";
import { type CommandError, commands, type ImportProgressView, type ImportReportView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { TextField } from "../components/TextField";
import { useText } from "../textContext";

export function CsvDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { text } = useText();
  const [importPath, setImportPath] = useState("");
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [progress, setProgress] = useState<ImportProgressView | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReportView | null>(null);
  const [exportPath, setExportPath] = useState("");
  const [exported, setExported] = useState<number | null>(null);
  const [error, setError] = useState<CommandError | null>(null);

  async function runImport(event: FormEvent) {
    event.preventDefault();
    const onProgress = new Channel<ImportProgressView>();
    onProgress.onmessage = setProgress;
    setBusy(true);
    setReport(null);
    setProgress(null);
    setError(null);
    const result = await commands.importProductsCsv(importPath.trim(), skipBadRows, onProgress);
    setBusy(false);
    if (result.status === "error") return setError(result.error);
    setReport(result.data);
    if (result.data.imported > 0) onImported();
  }

  async function runExport(event: FormEvent) {
    event.preventDefault();
    setExported(null);
    const result = await commands.exportProductsCsv(exportPath.trim());
    if (result.status === "error") return setError(result.error);
    setError(null);
    setExported(result.data);
  }

  return (
    <Dialog title={text.csvHeading} testId="csv-dialog" onClose={onClose} wide>
      <form onSubmit={runImport}>
        <h3>{text.csvImport}</h3>
        <div className="row">
          <TextField label={text.csvPath} testId="import-path" placeholder={text.csvPathExample} value={importPath} onChange={setImportPath} />
          <label className="check">
            <input type="checkbox" data-testid="import-skip-bad" checked={skipBadRows} onChange={(event) => setSkipBadRows(event.target.checked)} />
            {text.csvSkipBadRows}
          </label>
          <button type="submit" className="primary" data-testid="run-import" disabled={busy || importPath.trim() === ""}>
            {busy ? text.csvImporting : text.csvImport}
          </button>
        </div>
        {progress && <ImportProgressBar progress={progress} />}
        {report && <ImportReportList report={report} />}
      </form>
      <form onSubmit={runExport}>
        <h3>{text.csvExport}</h3>
        <div className="row">
          <TextField label={text.csvPath} testId="export-path" placeholder={text.csvPathExample} value={exportPath} onChange={setExportPath} />
          <button type="submit" data-testid="run-export" disabled={exportPath.trim() === ""}>
            {text.csvExport}
          </button>
        </div>
        {exported !== null && <p data-testid="export-done">{text.csvExported.replace("{n}", String(exported))}</p>}
      </form>
      <ErrorLine error={error} />
    </Dialog>
  );
}

/// Checking has no known end, so it shows the rows read; writing fills the bar.
function ImportProgressBar({ progress }: { progress: ImportProgressView }) {
  const { text } = useText();
  if (progress.stage === "checked") {
    return (
      <div data-testid="import-progress">
        <progress />
        <span>{text.csvChecked.replace("{n}", String(progress.rows))}</span>
      </div>
    );
  }
  return (
    <div data-testid="import-progress">
      <progress max={progress.of} value={progress.rows} />
      <span>
        {text.csvWritten.replace("{n}", String(progress.rows)).replace("{of}", String(progress.of))}
      </span>
    </div>
  );
}

function ImportReportList({ report }: { report: ImportReportView }) {
  const { text } = useText();
  return (
    <div data-testid="import-report">
      <p data-testid="import-summary">
        {text.csvImported.replace("{n}", String(report.imported)).replace("{skipped}", String(report.skipped))}
      </p>
      {report.errors.length > 0 && (
        <table className="cart">
          <thead>
            <tr>
              <th className="number">{text.csvLine}</th>
              <th>{text.csvColumn}</th>
              <th>{text.csvReason}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((row) => (
              <tr key={`${row.line}-${row.column}`} data-testid="import-error">
                <td className="number">{row.line}</td>
                <td>{row.column}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
