// The team part of the settings dialog, rendered in jsdom. The typed bindings are
// replaced by stubs that answer what the shell would, so the tests see which command
// each control calls and with what.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TeamMemberView } from "../bindings";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { SettingsDialog } from "./SettingsDialog";

const bindings = vi.hoisted(() => ({
  commands: {
    teamMembers: vi.fn(),
    changeTillUserRole: vi.fn(),
    resetTillUserPin: vi.fn(),
    setTillUserActive: vi.fn(),
    addTillUser: vi.fn(),
    saveLockAfterSeconds: vi.fn(),
    scaleLabelFormats: vi.fn(),
    serialScanner: vi.fn(),
  },
}));
vi.mock("../bindings", () => bindings);
const { commands } = bindings;

const owner: TeamMemberView = { id: "u-1", name: "Dona", role: "owner", active: true };
const cashier: TeamMemberView = { id: "u-2", name: "Ana", role: "cashier", active: true };
const former: TeamMemberView = { id: "u-3", name: "Caio", role: "cashier", active: false };

const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const refusal = (code: string) => ({ status: "error" as const, error: { code, message: `core said ${code}` } });

afterEach(cleanup);
beforeEach(() => {
  vi.resetAllMocks();
  commands.teamMembers.mockResolvedValue(ok([owner, cashier, former]));
  commands.scaleLabelFormats.mockResolvedValue(ok([]));
  commands.serialScanner.mockResolvedValue(ok({ settings: null, problemCode: null, problemDetail: null }));
});

async function openSettings(locale: Locale) {
  const onChanged = vi.fn();
  render(
    <TextContext.Provider value={{ text: messages(locale), locale }}>
      <SettingsDialog lockAfterSeconds={300} onClose={() => {}} onChanged={onChanged} onOpenStoreProfile={() => {}} />
    </TextContext.Provider>,
  );
  await act(async () => {});
  return onChanged;
}

describe("TeamManagement", () => {
  it("lists every till user with role and state, inactive ones too", async () => {
    await openSettings("pt-BR");
    const rows = screen.getAllByTestId("team-member");
    expect(rows.map((row) => row.querySelector("strong")?.textContent)).toEqual(["Dona", "Ana", "Caio"]);
    expect(screen.getAllByTestId("member-state").map((state) => state.textContent)).toEqual(["ativo", "ativo", "inativo"]);
    expect((screen.getByTestId("member-role-u-1") as HTMLSelectElement).value).toBe("owner");
    expect(screen.getByTestId("member-active-u-2").textContent).toBe("Desativar");
    expect(screen.getByTestId("member-active-u-3").textContent).toBe("Reativar");
  });

  it("changes a role through core and reads the team again", async () => {
    commands.changeTillUserRole.mockResolvedValue(ok({ ...cashier, role: "manager" }));
    const onChanged = await openSettings("en");
    await act(async () => {
      fireEvent.change(screen.getByTestId("member-role-u-2"), { target: { value: "manager" } });
    });
    expect(commands.changeTillUserRole).toHaveBeenCalledWith("u-2", "manager");
    expect(commands.teamMembers).toHaveBeenCalledTimes(2);
    expect(onChanged).toHaveBeenCalled();
  });

  it("deactivates and reactivates", async () => {
    commands.setTillUserActive.mockResolvedValue(ok(cashier));
    await openSettings("en");
    await act(async () => {
      fireEvent.click(screen.getByTestId("member-active-u-2"));
    });
    expect(commands.setTillUserActive).toHaveBeenLastCalledWith("u-2", false);
    await act(async () => {
      fireEvent.click(screen.getByTestId("member-active-u-3"));
    });
    expect(commands.setTillUserActive).toHaveBeenLastCalledWith("u-3", true);
  });

  const refusals: [string, Locale, string][] = [
    ["last_active_owner", "pt-BR", "É o último proprietário ativo: cadastre outro proprietário antes."],
    ["cannot_deactivate_self", "en", "You cannot deactivate yourself: ask another manager or the owner."],
    ["owner_required", "en", "Only the owner can do this."],
  ];
  it.each(refusals)("shows core's %s refusal in %s", async (code, locale, expected) => {
    commands.setTillUserActive.mockResolvedValue(refusal(code));
    await openSettings(locale);
    await act(async () => {
      fireEvent.click(screen.getByTestId("member-active-u-1"));
    });
    const line = screen.getByTestId("error");
    expect(line.getAttribute("data-code")).toBe(code);
    expect(line.textContent).toBe(expected);
  });

  it("resets a PIN typed twice, and refuses two different PINs without calling core", async () => {
    commands.resetTillUserPin.mockResolvedValue(ok(null));
    await openSettings("pt-BR");
    fireEvent.click(screen.getByTestId("member-reset-pin-u-2"));
    fireEvent.change(screen.getByTestId("reset-pin"), { target: { value: "1111" } });
    fireEvent.change(screen.getByTestId("reset-pin-again"), { target: { value: "1112" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("save-pin"));
    });
    expect(commands.resetTillUserPin).not.toHaveBeenCalled();
    expect(screen.getByTestId("error").textContent).toBe("Os PINs não conferem.");

    fireEvent.change(screen.getByTestId("reset-pin-again"), { target: { value: "1111" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("save-pin"));
    });
    expect(commands.resetTillUserPin).toHaveBeenCalledWith("u-2", "1111", "1111");
    expect(screen.getByTestId("pin-changed").textContent).toContain("PIN trocado.");
    expect(screen.queryByTestId("error")).toBeNull();
  });
});
