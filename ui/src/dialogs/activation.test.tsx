// The activation dialog, the license and sync details and the status bar's sync pill,
// rendered in jsdom with what the shell would answer; the command is passed in, so no
// IPC is involved.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CommandError, LicenseCheckView, LicenseStatusView, SyncStatusView } from "../bindings";
import { StatusBar } from "../components/StatusBar";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { ActivationDialog } from "./ActivationDialog";
import { SyncDetailsDialog } from "./SyncDetailsDialog";

afterEach(cleanup);

function inLocale(locale: Locale, node: ReactNode) {
  return render(<TextContext.Provider value={{ text: messages(locale), locale }}>{node}</TextContext.Provider>);
}

const active: LicenseStatusView = {
  state: "active",
  allowsSelling: true,
  graceDaysLeft: null,
  graceHoursLeft: null,
  clockTampering: false,
  plan: "pro",
  message: "active",
};
const notActivated: LicenseStatusView = { ...active, state: "not_activated", allowsSelling: false, plan: null };

const refusal = (code: string): { status: "error"; error: CommandError } => ({ status: "error", error: { code, message: `hub said ${code}` } });

async function submitCode(locale: Locale, answer: Awaited<ReturnType<Parameters<typeof ActivationDialog>[0]["activate"]>>) {
  const activate = vi.fn().mockResolvedValue(answer);
  const onActivated = vi.fn();
  inLocale(locale, <ActivationDialog defaultDeviceName="caixa-01" activate={activate} onActivated={onActivated} onClose={() => {}} />);
  fireEvent.change(screen.getByTestId("activation-code"), { target: { value: "  ABCD-1234 " } });
  await act(async () => {
    fireEvent.click(screen.getByTestId("activation-submit"));
  });
  return { activate, onActivated };
}

describe("ActivationDialog", () => {
  it("proposes the store's device name and sends the trimmed code", async () => {
    const { activate, onActivated } = await submitCode("pt-BR", { status: "ok", data: active });
    expect(activate).toHaveBeenCalledWith("ABCD-1234", "caixa-01");
    expect(onActivated).toHaveBeenCalledWith(active);
  });

  it("cannot be submitted without a code", () => {
    inLocale("en", <ActivationDialog defaultDeviceName="caixa-01" activate={vi.fn()} onActivated={() => {}} onClose={() => {}} />);
    expect((screen.getByTestId("activation-submit") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("activation-device-name") as HTMLInputElement).value).toBe("caixa-01");
  });

  const refusals: [string, Locale, string][] = [
    ["activation_code_invalid", "pt-BR", "Código de ativação inválido: confira e digite de novo."],
    ["activation_code_used", "en", "This activation code was already used: make another on the hub."],
    ["activation_code_expired", "pt-BR", "Este código de ativação expirou: gere outro no hub."],
    ["seats_exhausted", "en", "The plan allows no more counters: free one on the hub or change plans."],
    ["hub_unreachable", "pt-BR", "O hub não respondeu: verifique a internet e tente de novo."],
    ["hub_not_linked", "en", "This counter is not activated with the hub yet."],
    ["hub_answer", "en", "The hub answered something unexpected: try later or contact support."],
  ];
  it.each(refusals)("translates %s in %s and stays open", async (code, locale, expected) => {
    const { onActivated } = await submitCode(locale, refusal(code));
    const line = screen.getByTestId("error");
    expect(line.getAttribute("data-code")).toBe(code);
    expect(line.textContent).toBe(expected);
    expect(onActivated).not.toHaveBeenCalled();
    expect(screen.getByTestId("activation-dialog")).toBeTruthy();
  });
});

const failing: SyncStatusView = {
  pendingEvents: 3,
  oldestPendingAgeMs: 42_000,
  lastSuccessAt: null,
  lastError: "the hub at http://hub did not answer",
  lastErrorAt: 1_700_000_000_000,
  linked: true,
};
const checks: LicenseCheckView[] = [
  { kind: "on_demand", success: false, statusReceived: null, error: "no answer", responseTimeMs: null, checkedAt: 1_700_000_100_000 },
  { kind: "activation", success: true, statusReceived: "active", error: null, responseTimeMs: 80, checkedAt: 1_700_000_000_000 },
];

describe("SyncDetailsDialog", () => {
  it("shows the backlog, the last error and the recent checks, and checks on demand", () => {
    const onCheckNow = vi.fn();
    inLocale(
      "en",
      <SyncDetailsDialog license={active} sync={failing} checks={checks} checking={false} error={null} onCheckNow={onCheckNow} onActivate={() => {}} onClose={() => {}} />,
    );
    expect(screen.getByTestId("details-pending").textContent).toBe("3");
    expect(screen.getByTestId("details-last-success").textContent).toBe("never");
    expect(screen.getByTestId("details-last-error").textContent).toBe(failing.lastError);
    const rows = screen.getByTestId("license-checks").querySelectorAll("tr");
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain("on demand");
    expect(rows[0].textContent).toContain("failed");
    expect(rows[1].textContent).toContain("activation");
    expect(screen.queryByTestId("open-activation")).toBeNull();
    fireEvent.click(screen.getByTestId("check-now"));
    expect(onCheckNow).toHaveBeenCalledOnce();
  });

  it("offers activation while the counter is not activated", () => {
    const onActivate = vi.fn();
    inLocale(
      "pt-BR",
      <SyncDetailsDialog license={notActivated} sync={null} checks={[]} checking={false} error={null} onCheckNow={() => {}} onActivate={onActivate} onClose={() => {}} />,
    );
    expect(screen.getByTestId("no-checks").textContent).toBe("Nenhuma verificação ainda.");
    fireEvent.click(screen.getByTestId("open-activation"));
    expect(onActivate).toHaveBeenCalledOnce();
  });
});

describe("StatusBar sync pill", () => {
  it("shows the backlog and a failing push, and opens the details in one click", () => {
    const onOpenDetails = vi.fn();
    inLocale(
      "en",
      <StatusBar hub={null} license={active} pendingEvents={3} sync={failing} user={null} theme="system" onLocale={() => {}} onTheme={() => {}} onSwitchCashier={() => {}} onLock={() => {}} onOpenDetails={onOpenDetails} />,
    );
    const pill = screen.getByTestId("sync-status");
    expect(pill.textContent).toBe("Sync: 3 to send · sending failed");
    expect(pill.getAttribute("title")).toBe(failing.lastError);
    fireEvent.click(pill);
    expect(onOpenDetails).toHaveBeenCalledOnce();
  });
});
