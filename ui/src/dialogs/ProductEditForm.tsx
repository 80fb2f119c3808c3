// The product edit form of the products dialog: a manager or the owner changes the
// SKU, name, category, brand, unit, prices, tax, minimum stock and state of a product,
// and adds or removes its barcodes. Core checks the role and the rules; this form only reads what was typed.

import { type FormEvent, type KeyboardEvent, useEffect, useState } from "react";
import { type CommandError, commands, type ProductDetailsView, type UnitInput } from "../bindings";
import { localError } from "../components/ErrorLine";
import { SelectField } from "../components/SelectField";
import { TextField } from "../components/TextField";
import { centsAsTyped, milliAsTyped, parseCents, parseMilli } from "../money";
import { useText } from "../textContext";

export function ProductEditForm({ productId, onSaved, onError }: {
  productId: string;
  onSaved: (product: ProductDetailsView) => void;
  onError: (error: CommandError | null) => void;
}) {
  const [product, setProduct] = useState<ProductDetailsView | null>(null);
  // Each save starts the form again from what core stored (the barcodes have changed).
  const [saves, setSaves] = useState(0);

  useEffect(() => {
    let current = true;
    commands.productDetails(productId).then((result) => {
      if (!current) return;
      if (result.status === "ok") setProduct(result.data);
      else onError(result.error);
    });
    return () => {
      current = false;
    };
  }, [productId, onError]);

  if (product === null) return null;
  return (
    <LoadedForm
      key={saves}
      product={product}
      justSaved={saves > 0}
      onError={onError}
      onSaved={(stored) => {
        setProduct(stored);
        setSaves(saves + 1);
        onSaved(stored);
      }}
    />
  );
}

function LoadedForm({ product, justSaved, onSaved, onError }: {
  product: ProductDetailsView;
  justSaved: boolean;
  onSaved: (product: ProductDetailsView) => void;
  onError: (error: CommandError | null) => void;
}) {
  const { text, locale } = useText();
  const [sku, setSku] = useState(product.sku);
  const [name, setName] = useState(product.name);
  const [category, setCategory] = useState(product.category ?? "");
  const [brand, setBrand] = useState(product.brand ?? "");
  const [unit, setUnit] = useState<UnitInput>(product.unit === "kg" ? "kg" : "un");
  const [price, setPrice] = useState(centsAsTyped(product.priceCents, locale));
  const [cost, setCost] = useState(centsAsTyped(product.costCents, locale));
  // Basis points are hundredths of a percent, so the rate reads like an amount in cents.
  const [taxRate, setTaxRate] = useState(centsAsTyped(product.taxRateBasisPoints, locale));
  const [taxIncluded, setTaxIncluded] = useState(product.taxIncluded);
  const [soldByWeight, setSoldByWeight] = useState(product.soldByWeight);
  const [active, setActive] = useState(product.active);
  const [minStock, setMinStock] = useState(milliAsTyped(product.minStockMilli, locale));
  const [removed, setRemoved] = useState<string[]>([]);
  const [added, setAdded] = useState<string[]>([]);
  const [newBarcode, setNewBarcode] = useState("");

  function addBarcode() {
    const barcode = newBarcode.trim();
    if (barcode === "") return;
    if (product.barcodes.includes(barcode)) setRemoved(removed.filter((own) => own !== barcode));
    else if (!added.includes(barcode)) setAdded([...added, barcode]);
    setNewBarcode("");
  }

  // A scanner ends with Enter: in the barcode field it adds the code instead of saving.
  function onBarcodeKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    addBarcode();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const priceCents = parseCents(price);
    if (priceCents === null) return onError(localError("invalid_input", `${text.salePrice}: ${price}`));
    const costCents = parseCents(cost);
    if (costCents === null) return onError(localError("invalid_input", `${text.cost}: ${cost}`));
    const taxRateBasisPoints = parseCents(taxRate);
    if (taxRateBasisPoints === null) return onError(localError("invalid_input", `${text.taxRate}: ${taxRate}`));
    const minStockMilli = minStock.trim() === "" ? 0 : parseMilli(minStock);
    if (minStockMilli === null) return onError(localError("invalid_input", `${text.minStock}: ${minStock}`));
    const result = await commands.editProduct(product.id, {
      sku,
      name,
      category: category.trim() === "" ? null : category,
      brand: brand.trim() === "" ? null : brand,
      unit,
      priceCents,
      costCents,
      taxRateBasisPoints,
      taxIncluded,
      soldByWeight,
      active,
      minStockMilli,
      barcodesAdded: added,
      barcodesRemoved: removed,
    });
    if (result.status === "error") return onError(result.error);
    onError(null);
    onSaved(result.data);
  }

  return (
    <form onSubmit={submit} className="product-edit" data-testid="product-edit">
      <h3>
        {text.editProductHeading}: {product.sku}
      </h3>
      <div className="row">
        <TextField label={text.sku} testId="edit-sku" value={sku} onChange={setSku} />
        <TextField label={text.userName} testId="edit-name" value={name} onChange={setName} />
        <TextField label={text.category} testId="edit-category" value={category} onChange={setCategory} />
        <TextField label={text.brand} testId="edit-brand" value={brand} onChange={setBrand} />
        <SelectField
          label={text.unit}
          testId="edit-unit"
          value={unit}
          options={[
            ["un", text.unitEach],
            ["kg", text.unitKilogram],
          ]}
          onChange={setUnit}
        />
      </div>
      <div className="row">
        <TextField label={text.salePrice} testId="edit-price" numeric value={price} onChange={setPrice} />
        <TextField label={text.cost} testId="edit-cost" numeric value={cost} onChange={setCost} />
        <TextField label={text.taxRate} testId="edit-tax-rate" numeric value={taxRate} onChange={setTaxRate} />
        <TextField label={text.minStock} testId="edit-min-stock" numeric value={minStock} onChange={setMinStock} />
      </div>
      <div className="row checks">
        <Check label={text.taxIncluded} testId="edit-tax-included" checked={taxIncluded} onChange={setTaxIncluded} />
        <Check label={text.soldByWeight} testId="edit-sold-by-weight" checked={soldByWeight} onChange={setSoldByWeight} />
        <Check label={text.productActive} testId="edit-active" checked={active} onChange={setActive} />
      </div>
      <h4>{text.barcodes}</h4>
      <ul className="barcodes" data-testid="edit-barcodes">
        {product.barcodes.length === 0 && added.length === 0 && <li className="muted">{text.noBarcodes}</li>}
        {product.barcodes.map((barcode) => {
          const removing = removed.includes(barcode);
          return (
            <li key={barcode} data-testid="edit-barcode" className={removing ? "removed" : undefined}>
              <span>{barcode}</span> {removing && <small>{text.toBeRemoved}</small>}
              <button
                type="button"
                data-testid={`edit-barcode-toggle-${barcode}`}
                onClick={() => setRemoved(removing ? removed.filter((own) => own !== barcode) : [...removed, barcode])}
              >
                {removing ? text.keepBarcode : text.removeBarcode}
              </button>
            </li>
          );
        })}
        {added.map((barcode) => (
          <li key={barcode} data-testid="edit-barcode">
            <span>{barcode}</span> <small>{text.toBeAdded}</small>
            <button type="button" data-testid={`edit-barcode-toggle-${barcode}`} onClick={() => setAdded(added.filter((code) => code !== barcode))}>
              {text.removeBarcode}
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <label>
          {text.newBarcode}
          <input data-testid="edit-new-barcode" inputMode="numeric" value={newBarcode} onKeyDown={onBarcodeKey} onChange={(event) => setNewBarcode(event.target.value)} />
        </label>
        <button type="button" data-testid="edit-add-barcode" onClick={addBarcode}>
          {text.addBarcode}
        </button>
        <button type="submit" className="primary" data-testid="save-product">
          {text.saveProduct}
        </button>
        {justSaved && <span data-testid="product-saved">{text.productSaved}</span>}
      </div>
    </form>
  );
}

function Check({ label, testId, checked, onChange }: {
  label: string;
  testId: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check">
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}
