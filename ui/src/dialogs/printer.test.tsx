// The printer dialog and the status bar's printer pill, rendered in jsdom with what the
// shell would answer; the shell's calls are passed in, so no IPC is involved.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DrawerWiringInput, PrinterStatusView_Serialize, StatusLightView, TillUserView } from "../bindings";
import { StatusBar } from "../components/StatusBar";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { type PrinterCalls, PrinterDialog } from "./PrinterDialog";

afterEach(cleanup);

function inLocale(locale: Locale, node: ReactNode) {
  return render(<TextContext.Provider value={{ text: messages(locale), locale }}>{node}</TextContext.Provider>);
}

const ok = <T,>(data: T) => Promise.resolve({ status: "ok" as const, data });
const manager: TillUserView = { id: "m1", name: "Bruno", role: "manager", approves: true };

const waiting: PrinterStatusView_Serialize = {
  settings: { connection: "network", address: "192.168.0.50", paperMm: 80 },
  openJobs: [
    { job: 7, saleCode: "CX1-41", status: "needs_reprint", attempts: 1, lastError: "the printer closed the connection", lastProblem: "printer_cut_off" },
    { job: 8, saleCode: "CX1-42", status: "pending", attempts: 0, lastError: null, lastProblem: null },
  ],
  lastProblem: "the printer closed the connection",
  lastProblemCode: "printer_cut_off",
};

function calls(status: PrinterStatusView_Serialize): PrinterCalls {
  return {
    status: vi.fn(() => ok(status)),
    save: vi.fn(() => ok(null)),
    reprint: vi.fn(() => ok(null)),
    openDrawer: vi.fn(() => ok(null)),
    drawerWiring: { read: vi.fn(() => ok<DrawerWiringInput>({ kind: "printer" })), save: vi.fn(() => ok(null)) },
    statusLight: { read: vi.fn(() => ok<StatusLightView>(lightProblem)), save: vi.fn(() => ok(null)) },
  };
}

/// A light wired on a counter whose build cannot drive pins, as the shell reports it.
const lightProblem: StatusLightView = { light: { pin: 27, activeHigh: false }, problem: "gpio_not_in_this_build" };

async function openDialog(locale: Locale, status: PrinterStatusView_Serialize) {
  const shell = calls(status);
  inLocale(locale, <PrinterDialog managers={[manager]} onClose={() => {}} calls={shell} />);
  await act(async () => {});
  return shell;
}

describe("PrinterDialog", () => {
  it("starts from the saved printer and saves a serial one as core expects it", async () => {
    const shell = await openDialog("pt-BR", waiting);
    expect((screen.getByTestId("printer-address") as HTMLInputElement).value).toBe("192.168.0.50");
    fireEvent.change(screen.getByTestId("printer-connection"), { target: { value: "serial" } });
    fireEvent.change(screen.getByTestId("printer-path"), { target: { value: " /dev/ttyUSB0 " } });
    fireEvent.change(screen.getByTestId("printer-baud"), { target: { value: "19200" } });
    fireEvent.change(screen.getByTestId("printer-paper"), { target: { value: "58" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("printer-save"));
    });
    expect(shell.save).toHaveBeenCalledWith({ connection: "serial", path: "/dev/ttyUSB0", baudRate: 19200, flowControl: "none", paperMm: 58 });
    expect(screen.getByTestId("printer-notice").textContent).toBe("Salvo.");
  });

  it("saves a USB printer by its device file", async () => {
    const shell = await openDialog("en", waiting);
    fireEvent.change(screen.getByTestId("printer-connection"), { target: { value: "device_file" } });
    fireEvent.change(screen.getByTestId("printer-device"), { target: { value: "/dev/usb/lp0" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("printer-save"));
    });
    expect(shell.save).toHaveBeenCalledWith({ connection: "device_file", path: "/dev/usb/lp0", paperMm: 80 });
  });

  it("lists waiting receipts and offers a reprint only for the one that may be on paper", async () => {
    const shell = await openDialog("en", waiting);
    expect(screen.getByTestId("print-job-7").textContent).toContain("CX1-41 may have printed halfway");
    expect(screen.getByTestId("printer-problem").textContent).toBe(`Last problem: ${messages("en").printProblems.printer_cut_off}`);
    expect(screen.getByTestId("print-job-7").textContent).toContain(messages("en").printProblems.printer_cut_off);
    expect(screen.queryByTestId("reprint-8")).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId("reprint-7"));
    });
    expect(shell.reprint).toHaveBeenCalledWith(7);
  });

  it("opens the drawer with the reason, and with the manager's PIN only when one was typed", async () => {
    const shell = await openDialog("pt-BR", { settings: null, openJobs: [], lastProblem: null, lastProblemCode: null });
    expect(screen.getByTestId("print-queue-empty")).toBeTruthy();
    fireEvent.change(screen.getByTestId("drawer-reason"), { target: { value: "troco" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("open-drawer"));
    });
    expect(shell.openDrawer).toHaveBeenLastCalledWith("troco", null);
    fireEvent.change(screen.getByTestId("approval-pin"), { target: { value: "9876" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("open-drawer"));
    });
    expect(shell.openDrawer).toHaveBeenLastCalledWith("troco", { managerId: "m1", pin: "9876" });
    expect(screen.getByTestId("printer-notice").textContent).toBe("Gaveta aberta.");
  });

  it("shows the drawer refusal in the cashier's words", async () => {
    const shell = calls({ settings: null, openJobs: [], lastProblem: null, lastProblemCode: null });
    shell.openDrawer = vi.fn(() => Promise.resolve({ status: "error" as const, error: { code: "drawer_not_opened", message: "no receipt printer is set up" } }));
    inLocale("pt-BR", <PrinterDialog managers={[]} onClose={() => {}} calls={shell} />);
    await act(async () => {});
    fireEvent.change(screen.getByTestId("drawer-reason"), { target: { value: "troco" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("open-drawer"));
    });
    expect(screen.getByText(/A gaveta não abriu/)).toBeTruthy();
  });
});

describe("drawer wiring", () => {
  it("saves a drawer on a GPIO pin with its pulse and level", async () => {
    const shell = await openDialog("pt-BR", waiting);
    fireEvent.change(screen.getByTestId("drawer-wiring-kind"), { target: { value: "gpio" } });
    fireEvent.change(screen.getByTestId("drawer-gpio-pin"), { target: { value: "22" } });
    fireEvent.change(screen.getByTestId("drawer-pulse-ms"), { target: { value: "150" } });
    fireEvent.change(screen.getByTestId("drawer-gpio-level"), { target: { value: "low" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("drawer-wiring-save"));
    });
    expect(shell.drawerWiring.save).toHaveBeenCalledWith({ kind: "gpio", pin: 22, pulseMs: 150, activeHigh: false });
  });

  it("refuses a pin that is not a number without calling core", async () => {
    const shell = await openDialog("en", waiting);
    fireEvent.change(screen.getByTestId("drawer-wiring-kind"), { target: { value: "gpio" } });
    fireEvent.change(screen.getByTestId("drawer-gpio-pin"), { target: { value: "dezessete" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("drawer-wiring-save"));
    });
    expect(shell.drawerWiring.save).not.toHaveBeenCalled();
    expect(screen.getByText(/GPIO pin \(BCM\): dezessete/)).toBeTruthy();
  });
});

describe("status light", () => {
  it("shows the saved light and says in the cashier's words why it is not lit", async () => {
    await openDialog("pt-BR", waiting);
    expect((screen.getByTestId("status-light-pin") as HTMLInputElement).value).toBe("27");
    expect((screen.getByTestId("status-light-level") as HTMLSelectElement).value).toBe("low");
    expect(screen.getByTestId("status-light-problem").textContent).toContain("instale a versão para Raspberry Pi");
  });

  it("saves a light on another pin, and none when taken off", async () => {
    const shell = await openDialog("en", waiting);
    fireEvent.change(screen.getByTestId("status-light-pin"), { target: { value: " 5 " } });
    fireEvent.change(screen.getByTestId("status-light-level"), { target: { value: "high" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("status-light-save"));
    });
    expect(shell.statusLight.save).toHaveBeenCalledWith({ pin: 5, activeHigh: true });
    fireEvent.change(screen.getByTestId("status-light-wired"), { target: { value: "none" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("status-light-save"));
    });
    expect(shell.statusLight.save).toHaveBeenLastCalledWith(null);
  });
});

describe("StatusBar printer pill", () => {
  const ignore = () => {};
  function bar(printer: PrinterStatusView_Serialize) {
    return inLocale(
      "pt-BR",
      <StatusBar hub={null} license={null} pendingEvents={null} printer={printer} user={null} theme="system" onLocale={ignore} onTheme={ignore} onSwitchCashier={ignore} onLock={ignore} />,
    );
  }

  it("says ready, waiting, or that receipts wait for a printer to be set up", () => {
    bar({ ...waiting, openJobs: [], lastProblem: null, lastProblemCode: null });
    expect(screen.getByTestId("printer-status").textContent).toBe("Impressora: pronta");
    cleanup();
    bar(waiting);
    expect(screen.getByTestId("printer-status").textContent).toBe("Impressora: 2 aguardando · verificar");
    cleanup();
    bar({ settings: null, openJobs: [waiting.openJobs[1]], lastProblem: "no receipt printer is set up", lastProblemCode: "no_printer" });
    expect(screen.getByTestId("printer-status").textContent).toBe("Impressora: não configurada · 1 aguardando");
  });

  it("names the printer's own state when it reported one, in the cashier's language", () => {
    const outOfPaper = { job: 9, saleCode: "CX1-43", status: "pending", attempts: 1, lastError: "the printer is out of paper; load a new roll", lastProblem: "paper_out" };
    bar({ ...waiting, openJobs: [outOfPaper], lastProblem: outOfPaper.lastError, lastProblemCode: "paper_out" });
    const pill = screen.getByTestId("printer-status");
    expect(pill.textContent).toBe("Impressora: 1 aguardando · sem papel");
    expect(pill.getAttribute("title")).toBe(messages("pt-BR").printProblems.paper_out);
  });
});
