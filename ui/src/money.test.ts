import { describe, expect, it } from "vitest";
import { centsAsTyped, formatCents, formatMilli, milliAsTyped, parseCents, parseMilli } from "./money";

// Intl puts a no-break space between the symbol and the amount; compare on plain spaces.
const plain = (text: string) => text.replace(/\s/g, " ");

describe("formatCents", () => {
  const cases: [number, string, string][] = [
    [0, "pt-BR", "R$ 0,00"],
    [1, "pt-BR", "R$ 0,01"],
    [123456, "pt-BR", "R$ 1.234,56"],
    [-250, "pt-BR", "-R$ 2,50"],
    [123456, "en", "R$1,234.56"],
    [900719925474099, "pt-BR", "R$ 9.007.199.254.740,99"],
  ];
  it.each(cases)("%d cents in %s is %s", (cents, locale, expected) => {
    expect(plain(formatCents(cents, locale))).toBe(expected);
  });

  it("refuses fractions of a cent instead of rounding money silently", () => {
    expect(() => formatCents(10.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
  });
});

describe("parseCents and parseMilli", () => {
  const cents: [string, number | null][] = [
    ["12", 1200],
    ["12,5", 1250],
    ["12,50", 1250],
    ["12.50", 1250],
    ["1.234,56", 123456],
    ["1,234.56", 123456],
    ["R$ 3,00", 300],
    [",99", 99],
    ["", null],
    ["abc", null],
    ["1,2,3,4", null],
    ["12,345", 1234500],
  ];
  it.each(cents)("%j is %s cents", (typed, expected) => {
    expect(parseCents(typed)).toBe(expected);
  });

  const milli: [string, number | null][] = [
    ["1", 1000],
    ["1,250", 1250],
    ["0.5", 500],
    ["2,", null],
  ];
  it.each(milli)("%j is %s thousandths", (typed, expected) => {
    expect(parseMilli(typed)).toBe(expected);
  });

  it("formats thousandths and typed-back amounts", () => {
    expect(formatMilli(1250)).toBe("1,25");
    expect(formatMilli(3000)).toBe("3");
    expect(centsAsTyped(1250)).toBe("12,50");
  });

  it("types quantities back without grouping, so they read again as the same amount", () => {
    for (const milli of [0, 2500, 1_250_000, 12_345]) {
      expect(parseMilli(milliAsTyped(milli))).toBe(milli);
      expect(parseMilli(milliAsTyped(milli, "en"))).toBe(milli);
    }
    expect(milliAsTyped(1_250_000)).toBe("1250");
  });
});
