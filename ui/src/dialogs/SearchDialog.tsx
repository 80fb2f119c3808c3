// Product search by name or SKU with results as the cashier types; arrows pick, Enter
// adds.

import { useEffect, useState } from "react";
import { type CommandError, commands, type ProductView } from "../bindings";
import { Dialog } from "../components/Dialog";
import { ErrorLine } from "../components/ErrorLine";
import { formatCents, formatMilli } from "../money";
import { useText } from "../textContext";

export function SearchDialog({ onPick, onClose }: { onPick: (product: ProductView) => void; onClose: () => void }) {
  const { text, locale } = useText();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ProductView[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<CommandError | null>(null);

  useEffect(() => {
    let current = true;
    commands.searchProducts(query).then((result) => {
      if (!current) return;
      if (result.status === "ok") {
        setResults(result.data);
        setActive(0);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [query]);

  return (
    <Dialog title={text.searchLabel} testId="search-dialog" onClose={onClose} wide>
      <input
        data-testid="search-input"
        className="scan"
        placeholder={text.searchPlaceholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") setActive(Math.min(active + 1, results.length - 1));
          else if (event.key === "ArrowUp") setActive(Math.max(active - 1, 0));
          else if (event.key === "Enter" && results[active]) onPick(results[active]);
          else return;
          event.preventDefault();
        }}
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
