// The product edit form inside the products dialog, rendered in jsdom. The typed
// bindings are replaced by stubs that answer what the shell would, so the tests see
// which command the form calls and with what.

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ProductDetailsView, ProductView } from "../bindings";
import { type Locale, messages } from "../i18n";
import { TextContext } from "../textContext";
import { ProductsDialog } from "./ProductsDialog";

const bindings = vi.hoisted(() => ({
  commands: {
    lowStockProducts: vi.fn(),
    searchProducts: vi.fn(),
    productDetails: vi.fn(),
    editProduct: vi.fn(),
    adjustStock: vi.fn(),
  },
}));
vi.mock("../bindings", () => bindings);
const { commands } = bindings;

const kibbleRow: ProductView = {
  id: "p-1",
  sku: "SKU-1",
  name: "Ração Premium",
  unit: "un",
  priceCents: 1000,
  soldByWeight: false,
  stockOnHandMilli: 2000,
  minStockMilli: 5000,
};

const kibble: ProductDetailsView = {
  id: "p-1",
  sku: "SKU-1",
  name: "Ração Premium",
  category: "Rações",
  brand: null,
  unit: "un",
  priceCents: 1000,
  costCents: 600,
  taxRateBasisPoints: 1000,
  taxIncluded: true,
  soldByWeight: false,
  active: true,
  minStockMilli: 5000,
  barcodes: ["7890000000017"],
};

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

afterEach(cleanup);
beforeEach(() => {
  vi.resetAllMocks();
  commands.lowStockProducts.mockResolvedValue(ok([kibbleRow]));
  commands.productDetails.mockResolvedValue(ok(kibble));
});

async function openEditForm(locale: Locale) {
  render(
    <TextContext.Provider value={{ text: messages(locale), locale }}>
      <ProductsDialog onClose={() => {}} onChanged={() => {}} onOpenCsv={() => {}} />
    </TextContext.Provider>,
  );
  await act(async () => {});
  fireEvent.click(screen.getByTestId("product-row"));
  await act(async () => {
    fireEvent.click(screen.getByTestId("edit-product"));
  });
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByTestId("save-product"));
  });
}

describe("ProductsDialog", () => {
  it("opens the CSV import and export", async () => {
    const onOpenCsv = vi.fn();
    render(
      <TextContext.Provider value={{ text: messages("pt-BR"), locale: "pt-BR" }}>
        <ProductsDialog onClose={() => {}} onChanged={() => {}} onOpenCsv={onOpenCsv} />
      </TextContext.Provider>,
    );
    await act(async () => {});
    expect(screen.getByTestId("open-csv").textContent).toBe("Importar / exportar CSV");
    fireEvent.click(screen.getByTestId("open-csv"));
    expect(onOpenCsv).toHaveBeenCalled();
  });
});

describe("ProductEditForm", () => {
  it("shows the product as core stored it, in the locale's notation", async () => {
    await openEditForm("pt-BR");
    expect(commands.productDetails).toHaveBeenCalledWith("p-1");
    expect((screen.getByTestId("edit-name") as HTMLInputElement).value).toBe("Ração Premium");
    expect((screen.getByTestId("edit-category") as HTMLInputElement).value).toBe("Rações");
    expect((screen.getByTestId("edit-price") as HTMLInputElement).value).toBe("10,00");
    expect((screen.getByTestId("edit-tax-rate") as HTMLInputElement).value).toBe("10,00");
    expect((screen.getByTestId("edit-tax-included") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("edit-sku") as HTMLInputElement).value).toBe("SKU-1");
    expect((screen.getByTestId("edit-min-stock") as HTMLInputElement).value).toBe("5");
    expect(screen.getByTestId("edit-barcodes").textContent).toContain("7890000000017");
    expect(screen.getByTestId("save-product").textContent).toBe("Salvar produto");
  });

  it("sends the typed fields in cents and basis points, with the barcodes added and removed", async () => {
    commands.editProduct.mockResolvedValue(ok({ ...kibble, priceCents: 1990, barcodes: ["7890000000024"] }));
    await openEditForm("en");
    type("edit-name", "Ração Premium 2kg");
    type("edit-sku", "RAC-2KG");
    type("edit-min-stock", "12.5");
    type("edit-brand", "");
    type("edit-price", "19.90");
    type("edit-tax-rate", "18");
    fireEvent.click(screen.getByTestId("edit-tax-included"));
    fireEvent.change(screen.getByTestId("edit-unit"), { target: { value: "kg" } });
    fireEvent.click(screen.getByTestId("edit-barcode-toggle-7890000000017"));
    type("edit-new-barcode", " 7890000000024 ");
    // A scanner ends with Enter: it adds the barcode and does not save the form.
    fireEvent.keyDown(screen.getByTestId("edit-new-barcode"), { key: "Enter" });
    expect(commands.editProduct).not.toHaveBeenCalled();
    expect(screen.getByTestId("edit-barcodes").textContent).toContain("will be removed");
    await save();
    expect(commands.editProduct).toHaveBeenCalledWith("p-1", {
      sku: "RAC-2KG",
      name: "Ração Premium 2kg",
      category: "Rações",
      brand: null,
      unit: "kg",
      priceCents: 1990,
      costCents: 600,
      taxRateBasisPoints: 1800,
      taxIncluded: false,
      soldByWeight: false,
      active: true,
      minStockMilli: 12500,
      barcodesAdded: ["7890000000024"],
      barcodesRemoved: ["7890000000017"],
    });
    expect(screen.getByTestId("product-saved").textContent).toBe("Product saved.");
    // The form starts again from what core stored: the new barcode is the product's own now.
    const barcodes = screen.getAllByTestId("edit-barcode").map((item) => item.querySelector("span")?.textContent);
    expect(barcodes).toEqual(["7890000000024"]);
    expect(screen.getByTestId("edit-barcodes").textContent).not.toContain("new");
  });

  it("refuses a price that is not an amount without calling core", async () => {
    await openEditForm("pt-BR");
    type("edit-price", "dez reais");
    await save();
    expect(commands.editProduct).not.toHaveBeenCalled();
    expect(screen.getByTestId("error").getAttribute("data-code")).toBe("invalid_input");
  });

  const refusals: [string, Locale, string][] = [
    ["duplicate_barcode", "pt-BR", "Este código de barras já é de outro produto."],
    ["duplicate_barcode", "en", "This barcode already belongs to another product."],
    ["manager_approval_required", "pt-BR", "Esta ação precisa de um gerente."],
  ];
  it.each(refusals)("shows core's %s refusal in %s and keeps the form", async (code, locale, expected) => {
    commands.editProduct.mockResolvedValue({ status: "error", error: { code, message: `core said ${code}` } });
    await openEditForm(locale);
    await save();
    expect(screen.getByTestId("error").textContent).toBe(expected);
    expect(screen.queryByTestId("product-saved")).toBeNull();
    expect(screen.getByTestId("product-edit")).toBeTruthy();
  });
});
