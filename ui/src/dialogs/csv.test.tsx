// The CSV dialog rendered in jsdom. The typed bindings are stubs that answer what the
// shell would, and the Tauri channel is a plain object whose messages the stub sends, so
// the tests drive the progress bar as the shell's progress events would.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportProgressView, ImportReportView } from "../bindings";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { CsvDialog } from "./CsvDialog";

const bindings = vi.hoisted(() => ({
  commands: { importProductsCsv: vi.fn(), exportProductsCsv: vi.fn() },
}));
vi.mock("../bindings", () => bindings);
vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: (message: unknown) => void = () => {};
  },
}));
const { commands } = bindings;

type ProgressChannel = { onmessage: (progress: ImportProgressView) => void };

afterEach(cleanup);
beforeEach(() => vi.resetAllMocks());

function openDialog(locale: Locale) {
  const onImported = vi.fn();
  render(
    <TextContext.Provider value={{ text: messages(locale), locale }}>
      <CsvDialog onClose={() => {}} onImported={onImported} />
    </TextContext.Provider>,
  );
  return onImported;
}

/// Starts an import whose answer the test gives later, and returns the channel the
/// dialog handed to the shell and the means to finish the import.
async function startImport(path: string) {
  let finish: (report: ImportReportView) => void = () => {};
  commands.importProductsCsv.mockImplementation(
    () => new Promise((resolve) => (finish = (report) => resolve({ status: "ok", data: report }))),
  );
  fireEvent.change(screen.getByTestId("import-path"), { target: { value: path } });
  await act(async () => {
    fireEvent.click(screen.getByTestId("run-import"));
  });
  const channel = commands.importProductsCsv.mock.calls[0][2] as ProgressChannel;
  return {
    channel,
    finish: async (report: ImportReportView) => {
      await act(async () => finish(report));
    },
  };
}

describe("CsvDialog", () => {
  it("imports the trimmed path, shows the shell's progress, then the summary", async () => {
    const onImported = openDialog("pt-BR");
    const { channel, finish } = await startImport(" /loja/produtos.csv ");
    expect(commands.importProductsCsv.mock.calls[0].slice(0, 2)).toEqual(["/loja/produtos.csv", false]);
    expect((screen.getByTestId("run-import") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("run-import").textContent).toBe("Importando…");

    act(() => channel.onmessage({ stage: "checked", rows: 1000 }));
    expect(screen.getByTestId("import-progress").textContent).toBe("1000 linhas conferidas");
    act(() => channel.onmessage({ stage: "written", rows: 500, of: 2000 }));
    const bar = screen.getByTestId("import-progress").querySelector("progress") as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([500, 2000]);
    expect(screen.getByTestId("import-progress").textContent).toBe("500 de 2000 produtos gravados");

    await finish({ imported: 2000, skipped: 0, errors: [] });
    expect(screen.getByTestId("import-summary").textContent).toBe("2000 produtos importados, 0 linhas puladas.");
    expect(screen.queryAllByTestId("import-error")).toHaveLength(0);
    expect(onImported).toHaveBeenCalled();
  });

  it("lists every refused row with its line and reason, and asks to skip bad rows when ticked", async () => {
    const onImported = openDialog("en");
    fireEvent.click(screen.getByTestId("import-skip-bad"));
    const { finish } = await startImport("/store/products.csv");
    expect(commands.importProductsCsv.mock.calls[0][1]).toBe(true);
    await finish({
      imported: 0,
      skipped: 3,
      errors: [
        { line: 3, column: "price_cents", reason: "not a whole number of cents" },
        { line: 7, column: "unit", reason: "unknown unit cx" },
      ],
    });
    const rows = screen.getAllByTestId("import-error").map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ["3", "price_cents", "not a whole number of cents"],
      ["7", "unit", "unknown unit cx"],
    ]);
    expect(screen.getByTestId("import-summary").textContent).toBe("0 products imported, 3 rows skipped.");
    expect(onImported).not.toHaveBeenCalled();
  });

  it("shows core's refusal of the import", async () => {
    commands.importProductsCsv.mockResolvedValue({ status: "error", error: { code: "manager_approval_required", message: "no" } });
    openDialog("pt-BR");
    fireEvent.change(screen.getByTestId("import-path"), { target: { value: "/x.csv" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("run-import"));
    });
    expect(screen.getByTestId("error").textContent).toBe("Esta ação precisa de um gerente.");
    expect((screen.getByTestId("run-import") as HTMLButtonElement).disabled).toBe(false);
  });

  it("exports to the path and shows the row count", async () => {
    commands.exportProductsCsv.mockResolvedValue({ status: "ok", data: 1234 });
    openDialog("en");
    expect((screen.getByTestId("run-export") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("export-path"), { target: { value: "/store/out.csv" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("run-export"));
    });
    expect(commands.exportProductsCsv).toHaveBeenCalledWith("/store/out.csv");
    expect(screen.getByTestId("export-done").textContent).toBe("1234 products exported.");
  });
});
