// Money is integer cents everywhere; this is the one place that turns cents into text.

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
