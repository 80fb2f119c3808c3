// Money is integer cents everywhere; this is the one place that turns cents into text
// and typed text into cents.

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/// Formats `cents` (an integer) as money, BRL in Brazilian Portuguese by default.
export function formatCents(cents: number, locale = "pt-BR", currency = "BRL"): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`money must be a whole number of cents, got ${cents}`);
  }
  // Dividing by 100 gives the nearest double, off by far less than half a cent for any
  // amount below ten trillion reais, so rounding to two decimals shows the exact value.
  return formatterFor(locale, currency).format(cents / 100);
}

/// Reads what a cashier typed as an amount ("12", "12,5", "1.234,56", "12.50",
/// "R$ 3,00") into whole cents, or `null` when it is not an amount. Digits are read as
/// text, never through a float, so no cent is lost to rounding.
export function parseCents(typed: string): number | null {
  return parseFixed(typed.replace(/R\$/i, ""), 2);
}

/// Reads a quantity ("2", "1,250", "0.5") into thousandths, or `null`.
export function parseMilli(typed: string): number | null {
  return parseFixed(typed, 3);
}

function parseFixed(typed: string, decimals: number): number | null {
  const compact = typed.trim().replace(/\s/g, "");
  if (compact === "") return null;
  // The last comma or dot followed by 1..decimals digits is the decimal separator;
  // any other dot or comma groups thousands.
  const match = new RegExp(`^([0-9.,]*?)(?:[.,]([0-9]{1,${decimals}}))?$`).exec(compact);
  if (!match) return null;
  const [leading, ...groups] = match[1].split(/[.,]/);
  if (groups.some((group) => group.length !== 3)) return null;
  const whole = leading + groups.join("");
  if (whole === "" && match[2] === undefined) return null;
  const fraction = (match[2] ?? "").padEnd(decimals, "0");
  const value = Number(whole || "0") * 10 ** decimals + Number(fraction);
  return Number.isSafeInteger(value) ? value : null;
}

/// `1`, `2,5` or `1,250` for thousandths of a unit, in the locale's notation.
export function formatMilli(milli: number, locale = "pt-BR", decimals = 3): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: decimals }).format(milli / 1000);
}

/// `12,50` for 1250 cents: the amount as a cashier would type it back.
export function centsAsTyped(cents: number, locale = "pt-BR"): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(cents / 100);
}

/// `1250` or `2,5` for thousandths: a quantity as it would be typed back, without
/// grouping (parseMilli would read "1.250" as one and a quarter).
export function milliAsTyped(milli: number, locale = "pt-BR"): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: 3, useGrouping: false }).format(milli / 1000);
}
