// The sale screen: a scan field that keeps the focus (a scanner types its code and
// Enter into it), the cart priced by core, the totals, and the function keys that open
// search, payment, the customer, discount, cancel, return, cash, parked carts and the
// printer with the drawer. A serial scanner's codes arrive as `serial-scan` events and
// count as codes typed into the scan field.

import { listen } from "@tauri-apps/api/event";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type CartAmountsView,
  type CommandError,
  type CompletedSaleView,
  commands,
  type KeyboardScannerTiming,
  type PaymentMethodView,
  type ProductView,
  type SessionReportView_Serialize,
  type TillUserView,
} from "../bindings";
import { addProduct, type Cart, cartFromResumed, emptyCart, readScan, removeLine, setCustomer, setLineDiscount, setOrderDiscount, setQuantity, toCartInput } from "../cart";
import { KeyBurst } from "../keyboardScanner";
import { CartTable } from "../components/CartTable";
import { ErrorLine, localError } from "../components/ErrorLine";
import { isShortcut, type Shortcut, ShortcutBar } from "../components/ShortcutBar";
import { CashDialog } from "../dialogs/CashDialog";
import { CsvDialog } from "../dialogs/CsvDialog";
import { CustomerDialog } from "../dialogs/CustomerDialog";
import { DiscountDialog } from "../dialogs/DiscountDialog";
import { HeldCartsDialog } from "../dialogs/HeldCartsDialog";
import { PaymentDialog } from "../dialogs/PaymentDialog";
import { PrinterDialog } from "../dialogs/PrinterDialog";
import { ProductsDialog } from "../dialogs/ProductsDialog";
import { ReceiptPreview } from "../dialogs/ReceiptPreview";
import { ReturnDialog } from "../dialogs/ReturnDialog";
import { SearchDialog } from "../dialogs/SearchDialog";
import { SettingsDialog } from "../dialogs/SettingsDialog";
import { StoreProfileDialog } from "../dialogs/StoreProfileDialog";
import { VoidDialog } from "../dialogs/VoidDialog";
import { formatCents } from "../money";
import { useText } from "../textContext";

/// The dialogs where money is typed, guarded against a keyboard scanner's Enter.
const MONEY_DIALOGS: readonly Open[] = ["pay", "discount", "cash"];
type Open = "none" | "search" | "pay" | "customer" | "held" | "discount" | "products" | "csv" | "settings" | "void" | "return" | "cash" | "printer" | "storeProfile" | { receipt: CompletedSaleView };

export function SaleScreen({ users, methods, lockAfterSeconds, onCommitted, onSettingsChanged }: {
  users: TillUserView[];
  lockAfterSeconds: number;
  /// Called when till users or the lock delay changed, to read them again.
  onSettingsChanged: () => void;
  methods: PaymentMethodView[];
  /// Called after anything was written (a sale, a return, the session), so the status
  /// bar can count what waits for the hub.
  onCommitted: () => void;
}) {
  const { text, locale } = useText();
  const [cart, setCart] = useState<Cart>(emptyCart);
  const [amounts, setAmounts] = useState<CartAmountsView | null>(null);
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState<Open>("none");
  const [error, setError] = useState<CommandError | null>(null);
  const [session, setSession] = useState<SessionReportView_Serialize | null | undefined>(undefined);
  /// What happened to a parked cart (set aside, taken back, prices that changed meanwhile).
  const [notice, setNotice] = useState<string[]>([]);
  const scan = useRef<HTMLInputElement>(null);
  const managers = users.filter((user) => user.approves);

  const refreshSession = useCallback(async () => {
    const result = await commands.sessionReport();
    if (result.status === "ok") setSession(result.data);
    else setError(result.error);
    onCommitted();
  }, [onCommitted]);
  useEffect(() => void refreshSession(), [refreshSession]);

  // Core prices every version of the cart; an answer for an older cart is dropped.
  useEffect(() => {
    let current = true;
    if (cart.lines.length === 0) {
      setAmounts(null);
      return;
    }
    commands.quoteCart(toCartInput(cart)).then((result) => {
      if (!current) return;
      if (result.status === "ok") {
        setAmounts(result.data);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [cart]);

  // The scan field is always mounted, so it takes the focus back at once: a scanner
  // burst right after a dialog closes must not land anywhere else.
  const closeDialog = useCallback(() => {
    setOpen("none");
    scan.current?.focus();
  }, []);

  /// Adds `quantityMilli` of `product` (1,000 a unit; grams for products by weight).
  const add = useCallback((product: ProductView, quantityMilli = 1000) => {
    setCart((before) => {
      const after = addProduct(before, product, quantityMilli);
      setSelected(product.soldByWeight ? after.lines.length - 1 : after.lines.findIndex((line) => line.product.id === product.id));
      return after;
    });
  }, []);

  async function onScan(typed: string) {
    const read = readScan(typed);
    if (read === null) return;
    const result = await commands.findProduct(read.code);
    if (result.status === "error") return setError(result.error);
    if (result.data === null) return setError(localError("unknown_barcode", read.code));
    setError(null);
    // A scale label carries its own weight or price; the multiplier counts units.
    const { product, quantityMilli } = result.data;
    add(product, quantityMilli ?? read.count * 1000);
  }

  // Only with no dialog open: a code must not change a cart being paid or discounted.
  const serialScan = useRef<(code: string) => void>(() => {});
  serialScan.current = (code) => {
    if (open === "none") void onScan(code);
    else setError(localError("scan_while_dialog_open", code));
  };
  useEffect(() => {
    let stop: (() => void) | undefined;
    let unmounted = false;
    listen<string>("serial-scan", (event) => serialScan.current(event.payload))
      .then((unlisten) => (unmounted ? unlisten() : (stop = unlisten)))
      .catch(() => {});
    return () => {
      unmounted = true;
      stop?.();
    };
  }, []);

  // A keyboard scanner types into whatever has focus. In the dialogs where money is typed,
  // its burst's Enter would confirm a payment, discount or drawer amount of the code's
  // digits; the Enter is stopped and the cashier told instead.
  const [keyTiming, setKeyTiming] = useState<KeyboardScannerTiming | null>(null);
  useEffect(() => {
    commands.keyboardScannerTiming().then(setKeyTiming);
  }, []);
  useEffect(() => {
    if (!keyTiming || !MONEY_DIALOGS.includes(open)) return;
    const burst = new KeyBurst(keyTiming);
    const onKey = (event: KeyboardEvent) => {
      const code = burst.push(event.key, event.timeStamp);
      // An amount typed fast ("100,00") has its decimal sign; the product codes a scanner
      // reads (EAN, UPC, internal codes) do not.
      if (code === null || /[.,]/.test(code)) return;
      event.preventDefault();
      event.stopPropagation();
      setError(localError("scan_while_dialog_open", code));
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [keyTiming, open]);

  const shortcut = useCallback(
    (key: Shortcut) => {
      const actions: Record<Shortcut, Open> = { F2: "search", F3: "printer", F4: "pay", F5: "customer", F6: "discount", F7: "products", F8: "void", F9: "return", F10: "cash", F11: "held", F12: "settings" };
      const wanted = actions[key];
      if ((wanted === "pay" || wanted === "discount" || wanted === "void") && cart.lines.length === 0) {
        return setError(localError("empty_cart", ""));
      }
      if (wanted === "pay" && amounts === null) return;
      setOpen(wanted);
    },
    [cart.lines.length, amounts],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event.key)) return;
      event.preventDefault();
      if (open === "none") shortcut(event.key);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, shortcut]);

  const totals = amounts?.totals;
  return (
    <div className="sale-screen">
      <section className="sale-main">
        <div className="scan-row">
          <label className="scan-label">
            {text.scanLabel}
            <input
              ref={scan}
              className="scan"
              data-testid="scan"
              autoFocus
              autoComplete="off"
              placeholder={text.scanPlaceholder}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  const typed = event.currentTarget.value;
                  event.currentTarget.value = "";
                  void onScan(typed);
                } else if (event.key === "ArrowDown") setSelected(Math.min(selected + 1, cart.lines.length - 1));
                else if (event.key === "ArrowUp") setSelected(Math.max(selected - 1, 0));
              }}
              onBlur={(event) => {
                // Keep the scanner's target focused unless the cashier moved to another
                // field on purpose (a weight, a dialog).
                const next = event.relatedTarget as HTMLElement | null;
                if (open === "none" && !(next && ["INPUT", "SELECT", "TEXTAREA"].includes(next.tagName))) {
                  requestAnimationFrame(() => scan.current?.focus());
                }
              }}
            />
          </label>
          {cart.customer && (
            <span className="customer-chip" data-testid="sale-customer">
              {text.customerOnSale}: <strong>{cart.customer.name}</strong>
              <button type="button" className="ghost" aria-label={text.customerRemove} onClick={() => setCart(setCustomer(cart, null))}>
                ×
              </button>
            </span>
          )}
        </div>
        {notice.length > 0 && (
          <div className="banner notice" data-testid="held-notice">
            {notice.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        )}
        {session === null && (
          <p className="banner" data-testid="no-session">
            {text.noSession}
          </p>
        )}
        <ErrorLine error={error} />
        <div className="cart-area">
          <CartTable
            cart={cart}
            amounts={amounts}
            selected={selected}
            onSelect={setSelected}
            onQuantity={(index, milli) => setCart(setQuantity(cart, index, milli))}
            onRemove={(index) => setCart(removeLine(cart, index))}
          />
        </div>
      </section>
      <aside className="sale-side">
        <dl className="totals">
          <dt>{text.subtotal}</dt>
          <dd data-testid="total-gross">{formatCents(totals?.grossCents ?? 0, locale)}</dd>
          <dt>{text.discounts}</dt>
          <dd data-testid="total-discounts">{formatCents(totals?.discountCents ?? 0, locale)}</dd>
          <dt>{text.taxes}</dt>
          <dd data-testid="total-taxes">{formatCents(totals?.taxCents ?? 0, locale)}</dd>
        </dl>
        <div className="grand-total">
          <span>{text.total}</span>
          <strong data-testid="cart-total">{formatCents(totals?.totalCents ?? 0, locale)}</strong>
        </div>
        <button type="button" className="primary big" data-testid="pay" onClick={() => shortcut("F4")}>
          <kbd>F4</kbd> {text.shortcutPay}
        </button>
      </aside>
      <ShortcutBar onShortcut={shortcut} />
      {open === "search" && (
        <SearchDialog
          onClose={closeDialog}
          onPick={(product) => {
            add(product);
            closeDialog();
          }}
        />
      )}
      {open === "pay" && totals && (
        <PaymentDialog cart={cart} totalCents={totals.totalCents} methods={methods} onClose={closeDialog} onCompleted={(sale) => {
          setCart(emptyCart);
          setNotice([]);
          setOpen({ receipt: sale });
          void refreshSession();
        }} />
      )}
      {open === "customer" && (
        <CustomerDialog
          current={cart.customer}
          onClose={closeDialog}
          onPick={(customer) => {
            setCart(setCustomer(cart, customer));
            closeDialog();
          }}
        />
      )}
      {open === "held" && (
        <HeldCartsDialog
          cart={cart}
          onClose={closeDialog}
          onParked={(label) => {
            setNotice([text.heldParked.replace("{label}", label)]);
            setCart(emptyCart);
            closeDialog();
          }}
          onResumed={(resumed) => {
            setCart(cartFromResumed(resumed));
            setSelected(0);
            setNotice([
              text.heldResumed.replace("{label}", resumed.label),
              ...resumed.priceChanges.map((change) =>
                text.heldPriceChanged
                  .replace("{line}", String(change.line))
                  .replace("{before}", formatCents(change.parkedUnitPriceCents, locale))
                  .replace("{after}", formatCents(change.currentUnitPriceCents, locale)),
              ),
            ]);
            closeDialog();
          }}
        />
      )}
      {typeof open === "object" && <ReceiptPreview sale={open.receipt} onClose={closeDialog} />}
      {open === "discount" && (
        <DiscountDialog
          hasLine={cart.lines.length > 0}
          onClose={closeDialog}
          onApply={(target, discount) => {
            setCart(target === "line" ? setLineDiscount(cart, selected, discount) : setOrderDiscount(cart, discount));
            closeDialog();
          }}
        />
      )}
      {open === "void" && (
        <VoidDialog cart={cart} managers={managers} onClose={closeDialog} onVoided={() => {
          setCart(emptyCart);
          closeDialog();
        }} />
      )}
      {open === "settings" && (
        <SettingsDialog
          lockAfterSeconds={lockAfterSeconds}
          onClose={closeDialog}
          onChanged={onSettingsChanged}
          onOpenStoreProfile={() => setOpen("storeProfile")}
        />
      )}
      {open === "storeProfile" && <StoreProfileDialog onClose={closeDialog} />}
      {open === "printer" && <PrinterDialog managers={managers} onClose={closeDialog} />}
      {open === "products" && <ProductsDialog onClose={closeDialog} onChanged={onCommitted} onOpenCsv={() => setOpen("csv")} />}
      {open === "csv" && <CsvDialog onClose={closeDialog} onImported={onCommitted} />}
      {open === "return" && <ReturnDialog methods={methods} managers={managers} onClose={closeDialog} onReturned={refreshSession} />}
      {open === "cash" && session !== undefined && <CashDialog session={session} methods={methods} onChanged={refreshSession} onClose={closeDialog} />}
    </div>
  );
}
