// The store data dialog rendered in jsdom with what the shell would answer; the calls
// are passed in, so no IPC is involved.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StoreProfileInput } from "../bindings";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { type StoreProfileCalls, StoreProfileDialog } from "./StoreProfileDialog";

afterEach(cleanup);

const saved: StoreProfileInput = {
  name: "Pet Shop São João",
  cnpj: "11222333000181",
  address: "Rua das Flores, 10",
  receiptFooter: "Volte sempre!",
  pixKey: "+5511912345678",
  pixCity: "São Paulo",
  utcOffsetMinutes: -180,
};

async function open(locale: Locale, calls: StoreProfileCalls) {
  render(
    <TextContext.Provider value={{ text: messages(locale), locale }}>
      <StoreProfileDialog onClose={() => {}} calls={calls} />
    </TextContext.Provider>,
  );
  await act(async () => {});
}

const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;

describe("StoreProfileDialog", () => {
  it("shows the saved data, sends the edit and shows what core kept", async () => {
    const kept = { ...saved, pixKey: "loja@example.com", utcOffsetMinutes: -240 };
    const calls: StoreProfileCalls = {
      load: vi.fn(() => Promise.resolve({ status: "ok" as const, data: saved })),
      save: vi.fn(() => Promise.resolve({ status: "ok" as const, data: kept })),
    };
    await open("pt-BR", calls);
    expect(value("profile-name")).toBe("Pet Shop São João");
    fireEvent.change(screen.getByTestId("profile-pixKey"), { target: { value: "Loja@Example.com" } });
    fireEvent.change(screen.getByTestId("profile-time-zone"), { target: { value: "-240" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("profile-save"));
    });
    expect(calls.save).toHaveBeenCalledWith({ ...saved, pixKey: "Loja@Example.com", utcOffsetMinutes: -240 });
    expect(value("profile-pixKey")).toBe("loja@example.com");
    expect(screen.getByTestId("profile-saved").textContent).toContain("Salvo.");
  });

  it("shows why core refused and keeps what was typed", async () => {
    const calls: StoreProfileCalls = {
      load: () => Promise.resolve({ status: "ok" as const, data: saved }),
      save: () => Promise.resolve({ status: "error" as const, error: { code: "manager_approval_required", message: "changing the store's data needs a manager" } }),
    };
    await open("en", calls);
    fireEvent.change(screen.getByTestId("profile-name"), { target: { value: "Outro nome" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("profile-save"));
    });
    expect(screen.getByTestId("error").dataset.code).toBe("manager_approval_required");
    expect(value("profile-name")).toBe("Outro nome");
    expect(screen.queryByTestId("profile-saved")).toBeNull();
  });
});
