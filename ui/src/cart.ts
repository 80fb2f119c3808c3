// The cart being built at the counter: pure functions over plain data, so every change
// is a new value React can render and tests can check without a window. Prices are not
// computed here: core prices the cart (quoteCart) and the screen shows its answer.

import type { CartInput, CustomerView, DiscountInput, ProductView, ResumedCartView } from "./bindings";

export type CartLine = {
  product: ProductView;
  /// Thousandths of a unit, or grams for products sold by weight.
  quantityMilli: number;
  discount: DiscountInput | null;
};

export type Cart = {
  lines: CartLine[];
  orderDiscount: DiscountInput | null;
  /// Who the sale is for, when the cashier named someone (F5).
  customer: CustomerView | null;
};

export const emptyCart: Cart = { lines: [], orderDiscount: null, customer: null };

export function setCustomer(cart: Cart, customer: CustomerView | null): Cart {
  return { ...cart, customer };
}

/// A parked cart taken back, as the counter holds carts.
export function cartFromResumed(resumed: ResumedCartView): Cart {
  return {
    lines: resumed.lines.map((line) => ({ product: line.product, quantityMilli: line.quantityMilli, discount: line.discount ?? null })),
    orderDiscount: resumed.orderDiscount ?? null,
    customer: resumed.customer ?? null,
  };
}

/// Adds `quantityMilli` of `product`. A product sold by unit that is already in the cart
/// gets its quantity raised (scanning the same item twice is two units); a product sold
/// by weight always gets a line of its own, because each weighing is a separate package.
export function addProduct(cart: Cart, product: ProductView, quantityMilli = 1000): Cart {
  const existing = product.soldByWeight ? -1 : cart.lines.findIndex((line) => line.product.id === product.id);
  if (existing >= 0) {
    return {
      ...cart,
      lines: cart.lines.map((line, index) =>
        index === existing ? { ...line, quantityMilli: line.quantityMilli + quantityMilli } : line,
      ),
    };
  }
  return { ...cart, lines: [...cart.lines, { product, quantityMilli, discount: null }] };
}

export function setQuantity(cart: Cart, index: number, quantityMilli: number): Cart {
  return { ...cart, lines: cart.lines.map((line, at) => (at === index ? { ...line, quantityMilli } : line)) };
}

export function removeLine(cart: Cart, index: number): Cart {
  return { ...cart, lines: cart.lines.filter((_, at) => at !== index) };
}

export function setLineDiscount(cart: Cart, index: number, discount: DiscountInput | null): Cart {
  return { ...cart, lines: cart.lines.map((line, at) => (at === index ? { ...line, discount } : line)) };
}

export function setOrderDiscount(cart: Cart, discount: DiscountInput | null): Cart {
  return { ...cart, orderDiscount: discount };
}

/// The cart as the commands take it.
export function toCartInput(cart: Cart): CartInput {
  return {
    lines: cart.lines.map((line) => ({
      productId: line.product.id,
      quantityMilli: line.quantityMilli,
      discount: line.discount,
    })),
    orderDiscount: cart.orderDiscount,
    customerId: cart.customer?.id ?? null,
  };
}

/// Splits what the scan field received into a multiplier and a code: `3*7891234` is
/// three of 7891234, a plain code is one. Returns `null` for a blank or a bad multiplier.
export function readScan(typed: string): { code: string; count: number } | null {
  const trimmed = typed.trim();
  if (trimmed === "") return null;
  const star = trimmed.indexOf("*");
  if (star < 0) return { code: trimmed, count: 1 };
  const count = Number(trimmed.slice(0, star));
  const code = trimmed.slice(star + 1).trim();
  if (!Number.isInteger(count) || count <= 0 || count > 9999 || code === "") return null;
  return { code, count };
}
