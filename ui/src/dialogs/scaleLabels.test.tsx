// The scale label formats in the settings, rendered in jsdom with the typed bindings
// replaced by stubs that answer what the shell would.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { messages } from "../i18n";
import { TextContext } from "../textContext";
import { ScaleLabelSettings } from "./ScaleLabelSettings";

const bindings = vi.hoisted(() => ({
  commands: { scaleLabelFormats: vi.fn(), saveScaleLabelFormats: vi.fn() },
}));
vi.mock("../bindings", () => bindings);
const { commands } = bindings;

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

afterEach(cleanup);
beforeEach(() => {
  vi.resetAllMocks();
  commands.scaleLabelFormats.mockResolvedValue(ok([{ prefix: "2", price: false, priceCheckDigit: false }]));
  commands.saveScaleLabelFormats.mockResolvedValue(ok(null));
});

async function show(onError = vi.fn()) {
  render(
    <TextContext.Provider value={{ text: messages("pt-BR"), locale: "pt-BR" }}>
      <ScaleLabelSettings onError={onError} />
    </TextContext.Provider>,
  );
  await act(async () => {});
  return onError;
}

describe("ScaleLabelSettings", () => {
  it("shows the saved formats and saves an added price format with its check digit", async () => {
    await show();
    expect(screen.getAllByTestId("scale-label-format")).toHaveLength(1);
    fireEvent.click(screen.getByTestId("scale-add"));
    fireEvent.change(screen.getByTestId("scale-prefix-1"), { target: { value: "21" } });
    fireEvent.change(screen.getByTestId("scale-kind-1"), { target: { value: "price" } });
    fireEvent.click(screen.getByTestId("scale-check-1"));
    await act(async () => fireEvent.click(screen.getByTestId("scale-save")));
    expect(commands.saveScaleLabelFormats).toHaveBeenCalledWith([
      { prefix: "2", price: false, priceCheckDigit: false },
      { prefix: "21", price: true, priceCheckDigit: true },
    ]);
    expect(screen.getByTestId("scale-saved")).toBeTruthy();
  });

  it("hands core's refusal to the dialog and does not claim it saved", async () => {
    const refusal = { code: "manager_approval_required", message: "a manager changes the scale label formats" };
    commands.saveScaleLabelFormats.mockResolvedValue({ status: "error", error: refusal });
    const onError = await show();
    fireEvent.click(screen.getByTestId("scale-remove-0"));
    expect(screen.getByText(messages("pt-BR").scaleLabelsNone)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId("scale-save")));
    expect(commands.saveScaleLabelFormats).toHaveBeenCalledWith([]);
    expect(onError).toHaveBeenLastCalledWith(refusal);
    expect(screen.queryByTestId("scale-saved")).toBeNull();
  });
});
