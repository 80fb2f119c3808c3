// The serial scanner in the settings, rendered in jsdom with the typed bindings replaced
// by stubs that answer what the shell would.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SerialScannerView } from "../bindings";
import { messages } from "../i18n";
import { TextContext } from "../textContext";
import { SerialScannerSettings } from "./SerialScannerSettings";

const bindings = vi.hoisted(() => ({
  commands: { serialScanner: vi.fn(), saveSerialScanner: vi.fn() },
}));
vi.mock("../bindings", () => bindings);
const { commands } = bindings;

const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const garbled: SerialScannerView = {
  settings: { path: "/dev/ttyUSB0", baudRate: 19200, suffix: "\t" },
  problemCode: "scanner_sent_garbage",
  problemDetail: "the scanner sent 2 bytes that are not text",
};

afterEach(cleanup);
beforeEach(() => {
  vi.resetAllMocks();
  commands.serialScanner.mockResolvedValue(ok(garbled));
  commands.saveSerialScanner.mockResolvedValue(ok(null));
});

async function show() {
  render(
    <TextContext.Provider value={{ text: messages("pt-BR"), locale: "pt-BR" }}>
      <SerialScannerSettings onError={vi.fn()} />
    </TextContext.Provider>,
  );
  await act(async () => {});
}

describe("SerialScannerSettings", () => {
  it("shows the saved scanner and words the reader's problem", async () => {
    await show();
    expect((screen.getByTestId("serial-scanner-path") as HTMLInputElement).value).toBe("/dev/ttyUSB0");
    expect((screen.getByTestId("serial-scanner-baud") as HTMLSelectElement).value).toBe("19200");
    expect((screen.getByTestId("serial-scanner-suffix") as HTMLSelectElement).value).toBe("tab");
    expect(screen.getByTestId("serial-scanner-problem").textContent).toContain("confira se a velocidade (baud)");
  });

  it("saves the port trimmed with its ending, and none when the scanner is taken off", async () => {
    await show();
    fireEvent.change(screen.getByTestId("serial-scanner-path"), { target: { value: " /dev/ttyACM0 " } });
    fireEvent.change(screen.getByTestId("serial-scanner-suffix"), { target: { value: "#" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("serial-scanner-save"));
    });
    expect(commands.saveSerialScanner).toHaveBeenCalledWith({ path: "/dev/ttyACM0", baudRate: 19200, suffix: "#" });
    fireEvent.change(screen.getByTestId("serial-scanner-used"), { target: { value: "none" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("serial-scanner-save"));
    });
    expect(commands.saveSerialScanner).toHaveBeenLastCalledWith(null);
  });
});
