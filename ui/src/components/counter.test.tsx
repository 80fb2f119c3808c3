// Components of the counter rendered in jsdom with the data core would send; none of
// them calls a command while rendering, so no IPC is involved.

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { CartAmountsView, HubStatusView, LicenseStatusView, PaymentMethodView, SessionReportView_Serialize } from "../bindings";
import { addProduct, emptyCart } from "../cart";
import { DiscountDialog } from "../dialogs/DiscountDialog";
import { PaymentDialog } from "../dialogs/PaymentDialog";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { CartTable } from "./CartTable";
import { SessionReport } from "./SessionReport";
import { StatusBar } from "./StatusBar";

afterEach(cleanup);

// Intl puts a no-break space between the symbol and the amount; compare on plain spaces.
const plain = (text: string | null) => (text ?? "").replace(/\s/g, " ");

function inLocale(locale: Locale, node: ReactNode) {
  return render(<TextContext.Provider value={{ text: messages(locale), locale }}>{node}</TextContext.Provider>);
}

const notActivated: LicenseStatusView = {
  state: "not_activated",
  allowsSelling: false,
  graceDaysLeft: null,
  graceHoursLeft: null,
  clockTampering: false,
  plan: null,
  message: "This counter is not activated yet.",
};

function statusBar(
  hub: HubStatusView | null,
  locale: Locale = "pt-BR",
  pendingEvents: number | null = null,
  license: LicenseStatusView | null = notActivated,
) {
  const ignore = () => {};
  return inLocale(
    locale,
    <StatusBar hub={hub} license={license} pendingEvents={pendingEvents} user={null} theme="system" onLocale={ignore} onTheme={ignore} onSwitchCashier={ignore} onLock={ignore} />,
  );
}

describe("StatusBar", () => {
  it("says the hub is offline without alarming, and names it", () => {
    statusBar({ state: "unreachable", url: "http://hub", code: "hub_unreachable", message: "refused" });
    const status = screen.getByTestId("hub-status");
    expect(status.dataset.state).toBe("unreachable");
    expect(status.textContent).toBe("Hub: offline · http://hub");
  });

  it("shows the hub online, and the license and sync places, in English too", () => {
    statusBar({ state: "online", url: "http://hub", hubVersion: "0.1.0" }, "en", 3);
    expect(screen.getByTestId("hub-status").textContent).toBe("Hub: online · http://hub");
    expect(screen.getByTestId("license-status").textContent).toBe("License: not activated");
    expect(screen.getByTestId("sync-status").textContent).toBe("Sync: 3 to send");
  });

  it("counts down the grace period and flags a clock turned back", () => {
    const grace: LicenseStatusView = { ...notActivated, state: "grace", allowsSelling: true, graceDaysLeft: 5, graceHoursLeft: 23, clockTampering: true };
    statusBar(null, "pt-BR", 0, grace);
    const status = screen.getByTestId("license-status");
    expect(status.dataset.state).toBe("grace");
    expect(status.textContent).toBe("Licença: vencida: vendas param em 5 d 23 h · relógio atrasado");
  });

  it("says selling is blocked when the license is restricted", () => {
    statusBar(null, "en", 0, { ...notActivated, state: "restricted" });
    const status = screen.getByTestId("license-status");
    expect(status.className).toContain("license-blocked");
    expect(status.textContent).toBe("License: expired: look-ups only");
  });
});

const kibble = { id: "p1", sku: "SKU-1", name: "Ração Premium", unit: "un", priceCents: 1000, soldByWeight: false, stockOnHandMilli: 0, minStockMilli: 0 };
const bulk = { id: "p2", sku: "SKU-2", name: "Granel", unit: "kg", priceCents: 3990, soldByWeight: true, stockOnHandMilli: 0, minStockMilli: 0 };

describe("CartTable", () => {
  it("shows core's line totals, units as steppers and weights as kg fields", () => {
    const cart = addProduct(addProduct(addProduct(emptyCart, kibble), kibble), bulk, 1250);
    const amounts: CartAmountsView = {
      lines: [
        { grossCents: 2000, discountCents: 0, taxCents: 182, totalCents: 2000 },
        { grossCents: 4988, discountCents: 0, taxCents: 0, totalCents: 4988 },
      ],
      totals: { grossCents: 6988, discountCents: 0, taxCents: 182, totalCents: 6988 },
    };
    const ignore = () => {};
    inLocale("pt-BR", <CartTable cart={cart} amounts={amounts} selected={0} onSelect={ignore} onQuantity={ignore} onRemove={ignore} />);
    expect(screen.getAllByTestId("cart-line")).toHaveLength(2);
    expect(screen.getByTestId("line-quantity").textContent).toBe("2");
    expect(screen.getAllByTestId("line-total").map((cell) => plain(cell.textContent))).toEqual(["R$ 20,00", "R$ 49,88"]);
    expect((screen.getByLabelText("Qtd.") as HTMLInputElement).value).toBe("1,25");
  });
});

const methods: PaymentMethodView[] = [
  { code: "cash", label: "Dinheiro", kind: "cash" },
  { code: "debit", label: "Cartão de débito", kind: "card" },
];

describe("PaymentDialog", () => {
  it("splits the total over methods and shows the change from cash as it is typed", () => {
    const ignore = () => {};
    inLocale("pt-BR", <PaymentDialog cart={emptyCart} totalCents={6988} methods={methods} onClose={ignore} onCompleted={ignore} />);
    fireEvent.change(screen.getByTestId("pay-debit"), { target: { value: "40" } });
    expect(plain(screen.getByTestId("payment-remaining").textContent)).toBe("R$ 29,88");
    fireEvent.change(screen.getByTestId("pay-cash"), { target: { value: "50,00" } });
    expect(plain(screen.getByTestId("payment-paid").textContent)).toBe("R$ 90,00");
    expect(plain(screen.getByTestId("payment-remaining").textContent)).toBe("R$ 0,00");
    expect(plain(screen.getByTestId("payment-change").textContent)).toBe("R$ 20,12");
  });
});

describe("SessionReport", () => {
  it("shows expected, counted and difference per method", () => {
    const report: SessionReportView_Serialize = {
      sessionId: "s1", closed: true, openingFloatCents: 10000, salesCount: 2, grossCents: 5000, discountCents: 0,
      taxCents: 0, salesTotalCents: 5000, changeCents: 100, returnsCount: 0, refundsCents: 0, cashInCents: 0, cashOutCents: 0,
      methods: [{ methodCode: "cash", label: "Dinheiro", kind: "cash", paymentsCents: 3100, refundsCents: 0, expectedCents: 13000, countedCents: 12900, differenceCents: -100 }],
    };
    inLocale("pt-BR", <SessionReport report={report} testId="z-report" />);
    expect(plain(screen.getByTestId("z-report-sales-total").textContent)).toBe("R$ 50,00");
    expect(plain(screen.getByTestId("z-report-method-cash").textContent)).toBe("DinheiroR$ 130,00R$ 129,00-R$ 1,00");
  });
});

describe("DiscountDialog", () => {
  it("turns a typed percentage into basis points for the selected line", () => {
    const applied: unknown[] = [];
    inLocale("pt-BR", <DiscountDialog hasLine onClose={() => {}} onApply={(target, discount) => applied.push([target, discount])} />);
    fireEvent.change(screen.getByTestId("discount-value"), { target: { value: "12,5" } });
    fireEvent.click(screen.getByTestId("apply-discount"));
    expect(applied).toEqual([["line", { kind: "percent", basisPoints: 1250 }]]);
  });
});
