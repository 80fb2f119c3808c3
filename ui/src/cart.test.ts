import { describe, expect, it } from "vitest";
import type { ProductView } from "./bindings";
import { addProduct, emptyCart, readScan, removeLine, setQuantity, toCartInput } from "./cart";

const kibble: ProductView = { id: "p1", sku: "SKU-1", name: "Ração", unit: "un", priceCents: 1000, soldByWeight: false, stockOnHandMilli: 5000, minStockMilli: 0 };
const bulk: ProductView = { id: "p2", sku: "SKU-2", name: "Granel", unit: "kg", priceCents: 3990, soldByWeight: true, stockOnHandMilli: 0, minStockMilli: 0 };

describe("cart", () => {
  it("counts a unit product scanned twice as two units on one line", () => {
    const cart = addProduct(addProduct(emptyCart, kibble), kibble);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0].quantityMilli).toBe(2000);
  });

  it("keeps each weighing of a product sold by weight on its own line", () => {
    const cart = addProduct(addProduct(emptyCart, bulk, 1250), bulk, 500);
    expect(cart.lines.map((line) => line.quantityMilli)).toEqual([1250, 500]);
  });

  it("changes and removes lines without touching the others", () => {
    let cart = addProduct(addProduct(emptyCart, kibble), bulk, 750);
    cart = setQuantity(cart, 0, 3000);
    expect(toCartInput(cart).lines).toEqual([
      { productId: "p1", quantityMilli: 3000, discount: null },
      { productId: "p2", quantityMilli: 750, discount: null },
    ]);
    cart = removeLine(cart, 0);
    expect(cart.lines.map((line) => line.product.id)).toEqual(["p2"]);
  });
});

describe("readScan", () => {
  const cases: [string, ReturnType<typeof readScan>][] = [
    ["7890000000017", { code: "7890000000017", count: 1 }],
    ["  7890000000017 ", { code: "7890000000017", count: 1 }],
    ["3*7890000000017", { code: "7890000000017", count: 3 }],
    ["", null],
    ["0*789", null],
    ["x*789", null],
    ["2*", null],
  ];
  it.each(cases)("%j reads as %j", (typed, expected) => {
    expect(readScan(typed)).toEqual(expected);
  });
});
