// The customer dialog (F5) and the parked-carts dialog (F11), rendered in jsdom. The typed
// bindings are replaced by stubs that answer what the shell would, so the tests see
// which command each control calls and with what.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CustomerView, HeldCartView, ProductView, ResumedCartView } from "../bindings";
import { addProduct, cartFromResumed, emptyCart, setCustomer, toCartInput } from "../cart";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { CustomerDialog } from "./CustomerDialog";
import { HeldCartsDialog } from "./HeldCartsDialog";

const bindings = vi.hoisted(() => ({
  commands: {
    findCustomers: vi.fn(),
    addCustomer: vi.fn(),
    heldCarts: vi.fn(),
    parkCart: vi.fn(),
    resumeHeldCart: vi.fn(),
    discardHeldCart: vi.fn(),
  },
}));
vi.mock("../bindings", () => bindings);
const { commands } = bindings;

const maria: CustomerView = { id: "c-1", name: "Maria Souza", phone: "11987654321", email: null, document: "52998224725" };
const kibble: ProductView = {
  id: "p-1", sku: "RAC-1", name: "Ração", unit: "un", priceCents: 1000, soldByWeight: false, stockOnHandMilli: 5000, minStockMilli: 0,
};
const waiting: HeldCartView = {
  id: "h-1", label: "Maria, volta já", cashierName: "Ana", lineCount: 2, totalCentsWhenParked: 2000, heldAt: Date.UTC(2026, 11, 6, 15, 30),
};

const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const refusal = (code: string) => ({ status: "error" as const, error: { code, message: `core said ${code}` } });

afterEach(cleanup);
beforeEach(() => {
  vi.resetAllMocks();
  commands.findCustomers.mockResolvedValue(ok([]));
  commands.heldCarts.mockResolvedValue(ok([waiting]));
});

async function show(element: ReactNode, locale: Locale = "pt-BR") {
  render(<TextContext.Provider value={{ text: messages(locale), locale }}>{element}</TextContext.Provider>);
  await act(async () => {});
}

async function type(testId: string, value: string) {
  await act(async () => {
    fireEvent.change(screen.getByTestId(testId), { target: { value } });
  });
}

describe("the cart and its customer", () => {
  it("sends the customer's id with the cart and takes a resumed cart back whole", () => {
    const cart = setCustomer(addProduct(emptyCart, kibble, 2000), maria);
    expect(toCartInput(cart)).toEqual({ lines: [{ productId: "p-1", quantityMilli: 2000, discount: null }], orderDiscount: null, customerId: "c-1" });
    expect(toCartInput(setCustomer(cart, null)).customerId).toBeNull();
    const resumed: ResumedCartView = {
      label: "Maria", customer: maria, lines: [{ product: kibble, quantityMilli: 2000, discount: { kind: "percent", basisPoints: 1000 } }],
      orderDiscount: null, amounts: { lines: [], totals: { grossCents: 2000, discountCents: 200, taxCents: 0, totalCents: 1800 } }, priceChanges: [],
    };
    expect(cartFromResumed(resumed)).toEqual({
      lines: [{ product: kibble, quantityMilli: 2000, discount: { kind: "percent", basisPoints: 1000 } }], orderDiscount: null, customer: maria,
    });
  });
});

describe("CustomerDialog", () => {
  it("searches what the cashier types and picks a result with Enter", async () => {
    commands.findCustomers.mockImplementation(async (typed: string) => ok(typed === "mar" ? [maria] : []));
    const onPick = vi.fn();
    await show(<CustomerDialog current={null} onPick={onPick} onClose={() => {}} />);
    await type("customer-search", "mar");
    expect(commands.findCustomers).toHaveBeenLastCalledWith("mar");
    expect(screen.getByTestId("customer-c-1").textContent).toContain("Maria Souza");
    fireEvent.keyDown(screen.getByTestId("customer-search"), { key: "Enter" });
    expect(onPick).toHaveBeenCalledWith(maria);
  });

  it("adds a new customer with the typed phone already filled in", async () => {
    commands.addCustomer.mockResolvedValue(ok(maria));
    const onPick = vi.fn();
    await show(<CustomerDialog current={null} onPick={onPick} onClose={() => {}} />);
    await type("customer-search", "(11) 98765-4321");
    await act(async () => fireEvent.click(screen.getByTestId("customer-new")));
    expect((screen.getByTestId("customer-phone") as HTMLInputElement).value).toBe("(11) 98765-4321");
    await type("customer-name", "Maria Souza");
    await type("customer-document", "529.982.247-25");
    await act(async () => fireEvent.click(screen.getByTestId("customer-save")));
    expect(commands.addCustomer).toHaveBeenCalledWith({ name: "Maria Souza", phone: "(11) 98765-4321", email: null, document: "529.982.247-25" });
    expect(onPick).toHaveBeenCalledWith(maria);
  });

  it("shows core's refusal of a bad document in the cashier's language and adds nobody", async () => {
    commands.addCustomer.mockResolvedValue(refusal("invalid_document"));
    const onPick = vi.fn();
    await show(<CustomerDialog current={null} onPick={onPick} onClose={() => {}} />);
    await act(async () => fireEvent.click(screen.getByTestId("customer-new")));
    await type("customer-name", "Zé");
    await type("customer-document", "111.111.111-11");
    await act(async () => fireEvent.click(screen.getByTestId("customer-save")));
    expect(screen.getByText(messages("pt-BR").errors.invalid_document)).toBeTruthy();
    expect(onPick).not.toHaveBeenCalled();
  });
});

describe("HeldCartsDialog", () => {
  it("parks the cart on the counter under its label, with the customer", async () => {
    commands.parkCart.mockResolvedValue(ok("h-2"));
    const onParked = vi.fn();
    const cart = setCustomer(addProduct(emptyCart, kibble), maria);
    await show(<HeldCartsDialog cart={cart} onParked={onParked} onResumed={() => {}} onClose={() => {}} />);
    expect((screen.getByTestId("held-label") as HTMLInputElement).value).toBe("Maria Souza");
    await act(async () => fireEvent.click(screen.getByTestId("held-park")));
    expect(commands.parkCart).toHaveBeenCalledWith(toCartInput(cart), "Maria Souza");
    expect(onParked).toHaveBeenCalledWith("Maria Souza");
  });

  it("resumes only when the counter's cart is empty", async () => {
    const resumed = { label: "Maria, volta já", customer: null, lines: [], orderDiscount: null, amounts: { lines: [], totals: { grossCents: 0, discountCents: 0, taxCents: 0, totalCents: 0 } }, priceChanges: [] };
    commands.resumeHeldCart.mockResolvedValue(ok(resumed));
    const onResumed = vi.fn();
    await show(<HeldCartsDialog cart={addProduct(emptyCart, kibble)} onParked={() => {}} onResumed={onResumed} onClose={() => {}} />);
    expect((screen.getByTestId("held-resume") as HTMLButtonElement).disabled).toBe(true);
    cleanup();
    await show(<HeldCartsDialog cart={emptyCart} onParked={() => {}} onResumed={onResumed} onClose={() => {}} />);
    expect(screen.queryByTestId("held-park")).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId("held-resume")));
    expect(commands.resumeHeldCart).toHaveBeenCalledWith("h-1");
    expect(onResumed).toHaveBeenCalledWith(resumed);
  });

  it("tells the cashier when another counter took the cart first, and lists again", async () => {
    commands.resumeHeldCart.mockResolvedValue(refusal("unknown_held_cart"));
    await show(<HeldCartsDialog cart={emptyCart} onParked={() => {}} onResumed={() => {}} onClose={() => {}} />, "en");
    commands.heldCarts.mockResolvedValue(ok([]));
    await act(async () => fireEvent.click(screen.getByTestId("held-resume")));
    expect(screen.getByText(messages("en").errors.unknown_held_cart)).toBeTruthy();
    expect(screen.getByText(messages("en").heldNone)).toBeTruthy();
  });

  it("discards a parked cart only with a reason", async () => {
    commands.discardHeldCart.mockResolvedValue(ok(null));
    await show(<HeldCartsDialog cart={emptyCart} onParked={() => {}} onResumed={() => {}} onClose={() => {}} />);
    await act(async () => fireEvent.click(screen.getByTestId("held-discard")));
    expect((screen.getByTestId("held-discard-confirm") as HTMLButtonElement).disabled).toBe(true);
    await type("held-discard-reason", "cliente desistiu");
    await act(async () => fireEvent.click(screen.getByTestId("held-discard-confirm")));
    expect(commands.discardHeldCart).toHaveBeenCalledWith("h-1", "cliente desistiu");
  });
});
