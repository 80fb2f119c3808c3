// Product search by name or SKU with results as the cashier types; arrows pick, Enter
// adds.

import { commands, type ProductView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { useTypeahead } from "../components/useTypeahead";
import { formatCents, formatMilli } from "../money";
import { useText } from "../textContext";

export function SearchDialog({ onPick, onClose }: { onPick: (product: ProductView) => void; onClose: () => void }) {
  const { text, locale } = useText();
  const { typed: query, setTyped: setQuery, results, active, error, onKeyDown } = useTypeahead(commands.searchProducts, onPick);

  return (
    <Dialog title={text.searchLabel} testId="search-dialog" onClose={onClose} wide>
      <input
        data-testid="search-input"
        className="scan"
        placeholder={text.searchPlaceholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul className="results" data-testid="search-results">
        {query.trim() !== "" && results.length === 0 && <li className="muted">{text.noResults}</li>}
        {results.map((product, index) => (
          <li key={product.id} className={index === active ? "active" : undefined} onClick={() => onPick(product)}>
            <span>
              <strong>{product.name}</strong> <small>{product.sku}</small>
            </span>
            <span className="muted">{formatMilli(product.stockOnHandMilli, locale)} {product.unit}</span>
            <span>{formatCents(product.priceCents, locale)}</span>
          </li>
        ))}
      </ul>
      <ErrorLine error={error} />
    </Dialog>
  );
}
