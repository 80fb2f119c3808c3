// Products and stock: find a product by name or SKU (or list those at or below their
// minimum), see its stock, move stock with a reason (a count or goods received), and
// edit the product (a manager or the owner).

import { type FormEvent, useEffect, useState } from "react";
import { type CommandError, commands, type ProductView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine, localError } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { formatCents, formatMilli, parseMilli } from "../money";
import { useText } from "../textContext";
import { ProductEditForm } from "./ProductEditForm";

export function ProductsDialog({ onClose, onChanged, onOpenCsv }: {
  onClose: () => void;
  onChanged: () => void;
  /// Opens the CSV import and export in place of this dialog.
  onOpenCsv: () => void;
}) {
  const { text, locale } = useText();
  const [query, setQuery] = useState("");
  const [products, setProducts] = useState<ProductView[]>([]);
  const [chosen, setChosen] = useState<ProductView | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);

  // A blank query lists what is low on stock; words search the catalog.
  useEffect(() => {
    let current = true;
    const load = query.trim() === "" ? commands.lowStockProducts() : commands.searchProducts(query);
    load.then((result) => {
      if (!current) return;
      if (result.status === "ok") setProducts(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [query, version]);

  function choose(product: ProductView) {
    setChosen(product);
    setEditing(false);
  }

  return (
    <Dialog title={text.productsHeading} testId="products-dialog" onClose={onClose} wide>
      <input
        className="scan"
        data-testid="products-search"
        placeholder={text.searchPlaceholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <button type="button" data-testid="open-csv" onClick={onOpenCsv}>
        {text.csvButton}
      </button>
      {query.trim() === "" && <h3>{text.lowStock}</h3>}
      <table className="cart products">
        <thead>
          <tr>
            <th>{text.product}</th>
            <th className="number">{text.unitPrice}</th>
            <th className="number">{text.stock}</th>
            <th className="number">{text.minimum}</th>
          </tr>
        </thead>
        <tbody>
          {products.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {text.noResults}
              </td>
            </tr>
          )}
          {products.map((product) => {
            const low = product.minStockMilli > 0 && product.stockOnHandMilli <= product.minStockMilli;
            return (
              <tr
                key={product.id}
                data-testid="product-row"
                className={chosen?.id === product.id ? "selected" : undefined}
                tabIndex={0}
                onClick={() => choose(product)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") choose(product);
                }}
              >
                <td>
                  <div className="line-name">{product.name}</div>
                  <small>{product.sku}</small>
                </td>
                <td className="number">{formatCents(product.priceCents, locale)}</td>
                <td className={low ? "number low" : "number"} data-testid="product-stock">
                  {formatMilli(product.stockOnHandMilli, locale)} {product.unit}
                </td>
                <td className="number">{product.minStockMilli > 0 ? formatMilli(product.minStockMilli, locale) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {chosen && !editing && (
        <button type="button" data-testid="edit-product" onClick={() => setEditing(true)}>
          {text.editProduct}
        </button>
      )}
      {chosen && editing && (
        <ProductEditForm
          productId={chosen.id}
          onError={setError}
          onSaved={() => {
            setVersion(version + 1);
            onChanged();
          }}
        />
      )}
      {chosen && (
        <StockChangeForm
          key={chosen.id}
          product={chosen}
          onError={setError}
          onSaved={() => {
            setError(null);
            setVersion(version + 1);
            onChanged();
          }}
        />
      )}
      <ErrorLine error={error} />
    </Dialog>
  );
}

function StockChangeForm({ product, onSaved, onError }: {
  product: ProductView;
  onSaved: () => void;
  onError: (error: CommandError) => void;
}) {
  const { text, locale } = useText();
  const [kind, setKind] = useState<"adjustment" | "receipt">("receipt");
  const [quantity, setQuantity] = useState("");
  const [note, setNote] = useState("");
  const [saved, setSaved] = useState<number | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const negative = quantity.trim().startsWith("-") || quantity.trim().startsWith("−");
    const milli = parseMilli(quantity.trim().replace(/^[-−+]/, ""));
    if (milli === null) return onError(localError("invalid_input", quantity));
    if (note.trim() === "") return onError(localError("invalid_input", text.stockNote));
    const result = await commands.adjustStock({ productId: product.id, quantityMilli: negative ? -milli : milli, kind, note });
    if (result.status === "error") return onError(result.error);
    setSaved(result.data.stockOnHandMilli);
    setQuantity("");
    setNote("");
    onSaved();
  }

  return (
    <form onSubmit={submit} className="stock-change">
      <h3>
        {text.stockChange}: {product.name}
      </h3>
      <div className="row">
        <SelectField
          label={text.stockKind}
          testId="stock-kind"
          value={kind}
          options={[
            ["receipt", text.stockReceipt],
            ["adjustment", text.stockAdjustment],
          ]}
          onChange={setKind}
        />
        <TextField label={text.stockQuantity} testId="stock-quantity" numeric value={quantity} onChange={setQuantity} />
        <TextField label={text.reason} testId="stock-note" value={note} onChange={setNote} />
        <button type="submit" className="primary" data-testid="save-stock">
          {text.record}
        </button>
      </div>
      {saved !== null && (
        <p data-testid="stock-saved">
          {text.stockSaved}: {formatMilli(saved, locale)} {product.unit}
        </p>
      )}
    </form>
  );
}
