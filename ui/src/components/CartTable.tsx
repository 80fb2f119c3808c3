// The cart: each line with its quantity (units with −/+, weights typed in kg), price,
// discount and the total core priced for it.

import type { CartAmountsView } from "../bindings";
import type { Cart } from "../cart";
import { formatCents, formatMilli, parseMilli } from "../money";
import { useText } from "../textContext";

export function CartTable({ cart, amounts, selected, onSelect, onQuantity, onRemove }: {
  cart: Cart;
  amounts: CartAmountsView | null;
  selected: number;
  onSelect: (index: number) => void;
  onQuantity: (index: number, quantityMilli: number) => void;
  onRemove: (index: number) => void;
}) {
  const { text, locale } = useText();
  if (cart.lines.length === 0) {
    return (
      <p className="cart-empty" data-testid="cart-empty">
        {text.cartEmpty}
      </p>
    );
  }
  return (
    <table className="cart" data-testid="cart">
      <thead>
        <tr>
          <th>#</th>
          <th>{text.product}</th>
          <th className="number">{text.quantity}</th>
          <th className="number">{text.unitPrice}</th>
          <th className="number">{text.discount}</th>
          <th className="number">{text.total}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {cart.lines.map((line, index) => {
          const priced = amounts?.lines[index];
          return (
            <tr
              key={`${line.product.id}-${index}`}
              className={index === selected ? "selected" : undefined}
              data-testid="cart-line"
              onClick={() => onSelect(index)}
            >
              <td>{index + 1}</td>
              <td>
                <div className="line-name">{line.product.name}</div>
                <small>{line.product.sku}</small>
              </td>
              <td className="number">
                {line.product.soldByWeight ? (
                  <input
                    className="weight"
                    aria-label={text.quantity}
                    defaultValue={formatMilli(line.quantityMilli, locale)}
                    onBlur={(event) => {
                      const milli = parseMilli(event.target.value);
                      if (milli !== null && milli > 0) onQuantity(index, milli);
                    }}
                  />
                ) : (
                  <span className="stepper">
                    <button type="button" onClick={() => onQuantity(index, Math.max(1000, line.quantityMilli - 1000))}>
                      −
                    </button>
                    <span data-testid="line-quantity">{formatMilli(line.quantityMilli, locale)}</span>
                    <button type="button" onClick={() => onQuantity(index, line.quantityMilli + 1000)}>
                      +
                    </button>
                  </span>
                )}
                {line.product.soldByWeight && <small> kg</small>}
              </td>
              <td className="number">{formatCents(line.product.priceCents, locale)}</td>
              <td className="number">{priced && priced.discountCents > 0 ? `−${formatCents(priced.discountCents, locale)}` : ""}</td>
              <td className="number" data-testid="line-total">
                {priced ? formatCents(priced.totalCents, locale) : "…"}
              </td>
              <td>
                <button type="button" className="ghost" aria-label={text.removeLine} onClick={() => onRemove(index)}>
                  ×
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
